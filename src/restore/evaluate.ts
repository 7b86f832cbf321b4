// The restorer's evaluation protocol: each photo at its own size gets one mosaic per (cell size, style,
// JPEG quality) on a seeded box, then three candidates are scored inside the box against the photo —
// the mosaic as it is, bicubic interpolation of the cell means, and the restorer. The cell grid is the
// one the mosaic was made with, so the figures measure restoration, not detection.
import { jpegRoundTrip, readRaster, rgbPixels, type Raster } from '../image/raster.js';
import { boxesToMask, type Box } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { Mulberry32 } from '../util/rng.js';
import { BrisqueScorer } from '../image/brisque-model.js';
import { meanScores, regionScores, type RegionScores } from './metrics.js';
import { restoreBicubic, type Restorer, type RestoreTarget } from './restorer.js';

export const CANDIDATES = ['mosaic', 'bicubic', 'restorer'] as const;
export type Candidate = (typeof CANDIDATES)[number];

export interface RestoreEvalOptions {
  blocks: number[];
  styles: MosaicStyle[];
  /** JPEG qualities applied after the mosaic; null = none. */
  jpeg: (number | null)[];
  /** Box side as a fraction of the photo's side, drawn per case. */
  boxScale?: [number, number];
  seed?: number;
  /** Also score each candidate's box with BRISQUE (the LIVE model of opencv-data). */
  brisque?: boolean;
  onCase?: (done: number, total: number) => void;
}

export interface RestoreEvalCase {
  photo: string;
  width: number;
  height: number;
  block: number;
  style: MosaicStyle;
  jpeg: number | null;
  box: Box;
  scores: Record<Candidate, RegionScores>;
}

export interface MosaicCase { original: Raster; mosaic: Raster; mask: ReturnType<typeof boxesToMask>; target: RestoreTarget }

/** One deterministic mosaic of a photo: a seeded box, pixelated with a seeded grid phase, then JPEG. */
export async function mosaicCase(original: Raster, block: number, style: MosaicStyle, jpeg: number | null, seed: number,
  boxScale: [number, number] = [0.2, 0.35]): Promise<MosaicCase> {
  const rng = new Mulberry32(seed);
  const { width: W, height: H } = original;
  const side = (n: number) => Math.round(n * (boxScale[0] + (boxScale[1] - boxScale[0]) * rng.random()));
  const w = side(W), h = side(H);
  const box = { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
  const mask = boxesToMask(W, H, [box]);
  const r = pixelate(original, mask, { style, block, phase: 'random', seed: rng.int(0, 2 ** 30) });
  const mosaic = jpeg === null ? r.image : await jpegRoundTrip(r.image, jpeg);
  return { original, mosaic, mask, target: { box, grid: { blockW: r.blockW, blockH: r.blockH, phaseX: r.phaseX, phaseY: r.phaseY } } };
}

export async function evaluateRestorer(photos: string[], restorer: Restorer | null, o: RestoreEvalOptions): Promise<RestoreEvalCase[]> {
  const cases: RestoreEvalCase[] = [];
  const brisque = o.brisque ? BrisqueScorer.load() : undefined;
  const total = photos.length * o.blocks.length * o.styles.length * o.jpeg.length;
  let k = 0;
  for (const [pi, photo] of photos.entries()) {
    const original = rgbPixels(await readRaster(photo, photo, { animated: 'first-frame' }));
    for (const block of o.blocks) for (const style of o.styles) for (const jpeg of o.jpeg) {
      const seed = (o.seed ?? 0) * 1_000_003 + pi * 7919 + block * 131 + o.styles.indexOf(style) * 17 + (jpeg ?? 0);
      const c = await mosaicCase(original, block, style, jpeg, seed, o.boxScale);
      const { box } = c.target;
      const score = (r: Raster) => regionScores(r, original, c.mask, box, brisque);
      const bicubic = score(restoreBicubic(c.mosaic, c.mask, [c.target]));
      const scores: Record<Candidate, RegionScores> = {
        mosaic: score(c.mosaic), bicubic,
        restorer: restorer ? score(restorer.restore(c.mosaic, c.mask, [c.target])) : bicubic,
      };
      cases.push({ photo, width: original.width, height: original.height, block, style, jpeg, box, scores });
      o.onCase?.(++k, total);
    }
  }
  return cases;
}

export interface SummaryRow { group: string; n: number; scores: Record<Candidate, RegionScores> }

/** Mean scores per group key (PSNR averaged in dB over cases, as is usual). */
export function summarise(cases: RestoreEvalCase[], key: (c: RestoreEvalCase) => string): SummaryRow[] {
  const groups = new Map<string, RestoreEvalCase[]>();
  for (const c of cases) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups].map(([group, cs]) => {
    const scores = Object.fromEntries(CANDIDATES.map((cand) => [cand, meanScores(cs.map((c) => c.scores[cand]))])) as Record<Candidate, RegionScores>;
    return { group, n: cs.length, scores };
  });
}
