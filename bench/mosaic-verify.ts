// Fits the verification stage after the learned detector (src/detect/verify.ts) on the TRAINING photos
// only (.cache/train-photos, never .cache/photos or the pattern photos): per photo, synthetic mosaics
// (all five styles, cells 4–60, random grid phase, JPEG q60/75/90), the photo clean, and a synthetic hard
// negative (checkerboard, steps, screen door, brick, pixel art) painted into a box. Every region the
// network keeps (with the stage off) is a sample: positive when it lies on the mosaic, negative otherwise.
// Prints each feature's distribution, a logistic fit on each subset of the features (what each adds) and
// the rule to paste into SHIPPED_VERIFIER.
// Each photo's centre enlarged 3× from JPEG q40 (a zoomed screenshot) is a negative too.
//   npm run bench -- detect-verify [--dir .cache/train-photos[,DIR…]] [--photos N] [--width 768|native] [--positive-weight 3] [--json]
import { jpegRoundTrip } from '../src/image/raster.js';
import { enlargedCentre, listPhotos, loadPhoto, type EvalSize } from '../src/detect/evaluate.js';
import { detectMosaicLearned } from '../src/detect/learned.js';
import { boxesToMask } from '../src/image/mask.js';
import { MOSAIC_STYLES, pixelate } from '../src/image/pixelate.js';
import { HARD_NEGATIVES, paintHardNegative } from '../src/data/hard-negatives.js';
import { MIN_VERDICT_CELLS, VERIFY_FEATURES, type RegionFeatures } from '../src/detect/verify.js';
import { Mulberry32 } from '../src/util/rng.js';
import type { Box } from '../src/util/box.js';
import type { BenchOptions } from './report.js';

interface Sample { f: RegionFeatures; positive: boolean; source: string }

const FEATURES = VERIFY_FEATURES;
const BLOCKS = [4, 6, 8, 12, 16, 24, 40, 60];
const QUALITIES = [60, 75, 90];

export async function run(o: BenchOptions): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const photos = (arg('--dir') ?? '.cache/train-photos').split(',').flatMap((d) => listPhotos(d)).slice(0, Number(arg('--photos') ?? 1e9));
  if (!photos.length) throw new Error('no training photos: run bash scripts/fetch-photos.sh --train');
  const width: EvalSize = arg('--width') === 'native' ? 'native' : Number(arg('--width') ?? 768);
  // A lost mosaic costs more than a flagged pattern (it stays uncensored / unrestored): mosaics weigh more.
  const positiveWeight = Number(arg('--positive-weight') ?? 3);
  const rng = new Mulberry32(7);
  const samples: Sample[] = [];
  const randomBox = (W: number, H: number): Box => {
    const w = rng.int(Math.round(W * 0.3), Math.round(W * 0.6)), h = rng.int(Math.round(H * 0.3), Math.round(H * 0.6));
    return { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
  };
  // A region is on the mosaic when the two boxes overlap by half of the smaller one (a region may be a
  // piece of the mosaic, or spill over its edge).
  const onTruth = (a: Box, b: Box | null) => {
    if (!b) return false;
    const ow = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), oh = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return ow > 0 && oh > 0 && ow * oh >= 0.5 * Math.min(a.w * a.h, b.w * b.h);
  };
  const collect = (image: Parameters<typeof detectMosaicLearned>[0], truth: Box | null, source: string) => {
    detectMosaicLearned(image, {
      verify: false,
      onRegionFeatures: (box, f) => samples.push({ f, positive: onTruth(box, truth), source: onTruth(box, truth) ? source : `${source}: false positive` }),
    });
  };
  let k = 0;
  for (const file of photos) {
    const photo = await loadPhoto(file, width);
    const { width: W, height: H } = photo;
    for (let m = 0; m < 2; m++, k++) {
      const box = randomBox(W, H);
      const style = MOSAIC_STYLES[k % MOSAIC_STYLES.length]!, block = BLOCKS[k % BLOCKS.length]!;
      const made = pixelate(photo, boxesToMask(W, H, [box]), { style, block, phase: 'random', seed: k });
      collect(await jpegRoundTrip(made.image, QUALITIES[k % 3]!), box, `mosaic ${style}`);
    }
    collect(await jpegRoundTrip(photo, QUALITIES[k % 3]!), null, 'clean photo');
    // a zoomed screenshot: the centre third through JPEG q40, enlarged 3× (detect/evaluate.ts)
    collect(await enlargedCentre(photo, 3), null, 'enlarged ×3');
    const kind = HARD_NEGATIVES[k % HARD_NEGATIVES.length]!;
    collect(await jpegRoundTrip(paintHardNegative(photo, randomBox(W, H), kind, k), QUALITIES[k % 3]!), null, kind);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  // Unblurred pixel art is a mosaic by its geometry, and regions with too few whole cells get no verdict:
  // both reported, never fitted.
  const judged = samples.filter((s) => s.f.cells >= MIN_VERDICT_CELLS);
  const fitted = judged.filter((s) => !s.source.startsWith('pixel-art:'));
  const art = judged.filter((s) => s.source.startsWith('pixel-art:'));
  if (o.json) { console.log(JSON.stringify(samples)); return; }
  const q = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3) : '-'; };
  const pos = fitted.filter((s) => s.positive), neg = fitted.filter((s) => !s.positive);
  console.log(`${photos.length} training photos at width ${width}: ${pos.length} mosaic regions, ${neg.length} other regions the network kept (not fitted: ${art.length} on unblurred pixel art, ${samples.length - judged.length} with fewer than ${MIN_VERDICT_CELLS} whole cells)`);
  for (const name of FEATURES) {
    console.log(`${name.padEnd(13)} mosaics p5/p50/p95 ${q(pos.map((s) => s.f[name]), 0.05)}/${q(pos.map((s) => s.f[name]), 0.5)}/${q(pos.map((s) => s.f[name]), 0.95)}` +
      `   others p5/p50/p95 ${q(neg.map((s) => s.f[name]), 0.05)}/${q(neg.map((s) => s.f[name]), 0.5)}/${q(neg.map((s) => s.f[name]), 0.95)}`);
  }
  for (const s of neg) console.log(`  other: ${s.source}: ${FEATURES.map((n) => `${n} ${s.f[n].toFixed(3)}`).join(', ')}, cells ${s.f.cells}`);
  for (const s of pos.filter((p) => p.f.cellResidual > 0.2)) console.log(`  mosaic with a high residual: ${s.source}: ${FEATURES.map((n) => `${n} ${s.f[n].toFixed(3)}`).join(', ')}, cells ${s.f.cells}`);
  const subsets: (typeof FEATURES[number])[][] = [['cellResidual'], ['latticeShare'], ['solidity'], ['diagonalRatio'], ['confidence'], ['cellResidual', 'latticeShare'], ['cellResidual', 'solidity'], ['cellResidual', 'diagonalRatio'], ['cellResidual', 'diagonalRatio', 'solidity'], ['cellResidual', 'diagonalRatio', 'confidence'], ['cellResidual', 'diagonalRatio', 'edgeSharpness'], [...FEATURES]];
  for (const names of subsets) {
    const { weights, bias } = fitLogistic(fitted, names, positiveWeight);
    const score = (s: Sample) => names.reduce((a, n, i) => a + weights[i]! * s.f[n], bias);
    const kept = pos.filter((s) => score(s) >= 0).length, rejected = neg.filter((s) => score(s) < 0).length;
    const full = FEATURES.map((n) => (names.includes(n) ? +weights[names.indexOf(n)]!.toFixed(3) : 0));
    if (names.length === FEATURES.length) for (const s of [...pos.filter((p) => score(p) < 0), ...neg.filter((p) => score(p) >= 0)]) console.log(`    wrong: ${s.source}: ${FEATURES.map((n) => `${n} ${s.f[n].toFixed(3)}`).join(', ')}`);
    console.log(`${names.join(' + ').padEnd(42)} mosaics kept ${kept}/${pos.length}, others rejected ${rejected}/${neg.length}; rule { weights: [${full.join(', ')}], bias: ${bias.toFixed(3)} }`);
  }
}

/** Logistic regression on raw features (classes weighted equally), plain gradient descent; weights in raw units. */
function fitLogistic(samples: Sample[], names: readonly (typeof FEATURES[number])[], positiveWeight: number): { weights: number[]; bias: number } {
  const X = samples.map((s) => names.map((n) => s.f[n])), y = samples.map((s) => (s.positive ? 1 : 0));
  const nPos = y.filter(Boolean).length, nNeg = y.length - nPos;
  const share = positiveWeight / (1 + positiveWeight);
  const cw = y.map((v) => (v ? share / Math.max(1, nPos) : (1 - share) / Math.max(1, nNeg)));
  const w = names.map(() => 0);
  let b = 0;
  const lambda = 1e-3;
  for (let it = 0; it < 20000; it++) {
    const gw = w.map((v) => lambda * v);
    let gb = 0;
    for (let i = 0; i < X.length; i++) {
      const z = X[i]!.reduce((a, v, j) => a + v * w[j]!, b);
      const e = (1 / (1 + Math.exp(-z)) - y[i]!) * cw[i]!;
      for (let j = 0; j < w.length; j++) gw[j]! += e * X[i]![j]!;
      gb += e;
    }
    for (let j = 0; j < w.length; j++) w[j]! -= 2 * gw[j]!;
    b -= 2 * gb;
  }
  return { weights: w, bias: b };
}
