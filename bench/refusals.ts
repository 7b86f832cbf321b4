// False refusals (`npm run bench -- refusals [--model FILE|bicubic] [--detail A] [--photos DIR] [--json]`): benign region
// restorations of the evaluation photos at native size — cells 8/12/16, the five mosaic styles, two seeded
// boxes each (side 3–30% of the photo's, at least 48 px; the second mosaic through JPEG 75) — through
// restore's real safety policy with the bundled classifier and face detector (restorePlanned: the input,
// faces, each region's window, the whole restored image). Every refusal of a benign photo is a false one.
// Beside it, what the rule before issue 19 would have refused on the same restorations: the classifier on
// the region grown by half its size, clipped to the image, refused at Porn + Hentai ≥ 0.5.
// Not a timing bench: the classifier costs ~70 ms a check, so a run of 690 cases takes minutes.
import { listPhotos, PHOTO_CACHE } from '../src/detect/evaluate.js';
import { loadClassifier } from '../src/finders/finders.js';
import { boxesToMask } from '../src/image/mask.js';
import { pixelate, MOSAIC_STYLES } from '../src/image/pixelate.js';
import { jpegRoundTrip, readRaster, rgbPixels, type Raster } from '../src/image/raster.js';
import { bicubicRestorer, restorePlanned, type RegionRestorer } from '../src/restore/restore-image.js';
import { Restorer } from '../src/restore/restorer.js';
import { defaultFaceFinder, grownBox, outputCheckWindow, RestoreRefusal, rgbCrop } from '../src/restore/safety.js';
import { classifierRule, DEFAULT_SAFETY_THRESHOLD } from '../src/safety/classifier.js';
import type { SafetyChecker, SafetyVerdict } from '../src/safety/checker.js';
import type { Box } from '../src/util/box.js';
import { Mulberry32 } from '../src/util/rng.js';
import type { BenchOptions } from './report.js';

const CELLS = [8, 12, 16];
const BOXES = [{ jpeg: null }, { jpeg: 75 }] as const;

interface Case { photo: string; cell: number; style: string; jpeg: number | null; box: Box }
interface Outcome extends Case { before: number; beforeRefused: boolean; refused: string | null; window: number; windowInput: number | null }

/** A seeded box, side 3–30% of the photo's (at least 48 px), anywhere in it. */
function seededBox(rng: Mulberry32, W: number, H: number): Box {
  const f = 0.03 + 0.27 * rng.random();
  const w = Math.min(W, Math.max(48, Math.round(W * f))), h = Math.min(H, Math.max(48, Math.round(H * f)));
  return { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
}

export async function run(o: BenchOptions): Promise<void> {
  const photos = listPhotos(o.photos ?? PHOTO_CACHE);
  if (!photos.length) throw new Error(`no photos in ${o.photos ?? PHOTO_CACHE} (scripts/fetch-photos.sh fetches the evaluation photos)`);
  if (!o.model) throw new Error('name the restorer: --model bicubic, or --model FILE (a weights file or checkpoint folder)');
  const network = o.model === 'bicubic' ? null : Restorer.load(o.model, o.detail === undefined ? {} : { detail: o.detail });
  const inner: RegionRestorer = network ?? bicubicRestorer;
  // what the restorer returned last: the rule before is scored on that same restoration
  let restored: Raster | null = null;
  const restorer: RegionRestorer = { restore: async (im, m, t) => (restored = await inner.restore(im, m, t)) };
  // the real rule on the real classifier; the verdicts of one case are kept for the report
  const classifier = await loadClassifier();
  const rule = classifierRule((im) => classifier.probabilitiesSync(im));
  let seen: { w: number; h: number; v: SafetyVerdict }[] = [];
  const safety: SafetyChecker = { name: rule.name, check: (im) => { const v = rule.check(im); seen.push({ w: im.width, h: im.height, v }); return v; } };
  const faces = defaultFaceFinder();
  const out: Outcome[] = [];
  const t0 = Date.now();
  for (const [pi, photo] of photos.entries()) {
    const original = rgbPixels(await readRaster(photo, photo, { animated: 'first-frame' }));
    const { width: W, height: H } = original;
    for (const cell of CELLS) for (const [si, style] of MOSAIC_STYLES.entries()) for (const [bi, { jpeg }] of BOXES.entries()) {
      const rng = new Mulberry32(pi * 7919 + cell * 131 + si * 17 + bi * 3 + 1);
      const box = seededBox(rng, W, H);
      const mask = boxesToMask(W, H, [box]);
      const p = pixelate(original, mask, { style, block: cell, phase: 'random', seed: rng.int(0, 2 ** 30) });
      const mosaic = jpeg === null ? p.image : await jpegRoundTrip(p.image, jpeg);
      const grid = { blockW: p.blockW, blockH: p.blockH, phaseX: p.phaseX, phaseY: p.phaseY };
      seen = [];
      restored = null;
      let refused: string | null = null, left = false;
      try {
        // restoreImage's two halves with the grid the mosaic was made with: the input check, then the rest
        const input = safety.check(mosaic);
        if (!input.allowed) throw new RestoreRefusal(`the input looks explicit (${input.reason})`, 'input');
        const r = await restorePlanned(mosaic, { mask, regions: [{ box, grid }] }, { restorer, safety, faces, source: photo });
        left = r.regions[0]?.status === 'left'; // a face: the rule before would have left it too
      } catch (e) {
        if (!(e instanceof RestoreRefusal)) throw e;
        refused = e.message;
      }
      const win = outputCheckWindow(box, W, H);
      const windowChecks = seen.filter((s) => s.w === win.w && s.h === win.h);
      const before = restored && !left ? rule.check(rgbCrop(restored, grownBox(box, 0.5, W, H))).score! : 0;
      out.push({ photo, cell, style, jpeg, box, before, beforeRefused: before >= DEFAULT_SAFETY_THRESHOLD, refused,
        window: windowChecks[0]?.v.score ?? 0, windowInput: windowChecks[1]?.v.score ?? null });
    }
    if (!o.json) process.stderr.write(`\r${pi + 1}/${photos.length} photos, ${out.length} cases, ${((Date.now() - t0) / out.length).toFixed(0)} ms a case`);
  }
  network?.dispose();
  if (!o.json) process.stderr.write('\n');
  report(out, o);
}

function report(out: Outcome[], o: BenchOptions): void {
  const n = out.length, old = out.filter((c) => c.beforeRefused).length, now = out.filter((c) => c.refused).length;
  const pct = (k: number) => `${(100 * k / n).toFixed(2)}%`;
  const where = (c: Outcome) => `${c.photo.split('/').pop()} cell ${c.cell} ${c.style}${c.jpeg ? ` jpeg ${c.jpeg}` : ''} box ${c.box.x},${c.box.y} ${c.box.w}×${c.box.h}`;
  const worstBefore = [...out].sort((a, b) => b.before - a.before).slice(0, 5);
  const worstNow = [...out].sort((a, b) => b.window - a.window).slice(0, 5);
  if (o.json) {
    console.log(JSON.stringify({ bench: 'refusals', model: o.model, detail: o.detail ?? null, cases: n, refusedBefore: old, refusedNow: now, rateBefore: old / n, rateNow: now / n,
      refusals: out.filter((c) => c.refused).map((c) => ({ case: where(c), message: c.refused })),
      worstBefore: worstBefore.map((c) => ({ case: where(c), score: c.before })),
      worstNow: worstNow.map((c) => ({ case: where(c), window: c.window, input: c.windowInput })) }));
    return;
  }
  console.log(`false refusals, ${n} benign region restorations (--model ${o.model}${o.detail === undefined ? '' : ` --detail ${o.detail}`}):`);
  console.log(`  rule before (region + half its size, score >= 0.5): ${old} (${pct(old)})`);
  console.log(`  rule now (window >= 224 px, score >= 0.5 and risen >= OUTPUT_RISE; whole restored image): ${now} (${pct(now)})`);
  for (const c of out.filter((k) => k.refused)) console.log(`    refused: ${where(c)}: ${c.refused}`);
  console.log('  highest scores, rule before:');
  for (const c of worstBefore) console.log(`    ${c.before.toFixed(3)}  ${where(c)}`);
  console.log('  highest window scores, rule now (the input\'s score in the same window when it was needed):');
  for (const c of worstNow) console.log(`    ${c.window.toFixed(3)}${c.windowInput === null ? '' : ` (input ${c.windowInput.toFixed(3)})`}  ${where(c)}`);
}
