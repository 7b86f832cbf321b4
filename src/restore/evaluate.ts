// The restorer's evaluation protocol: each photo at its own size gets one mosaic per (cell size, style,
// JPEG quality) on a seeded box, then three candidates are scored inside the box against the photo —
// the mosaic as it is, bicubic interpolation of the cell means, and the restorer. The cell grid is the
// one the mosaic was made with, so the figures measure restoration, not detection. An outside peer
// (restore/peers/, `--peer`) may be scored beside them, and the restorer's and the peer's time per region is kept.
import { jpegRoundTrip, readRaster, rgbPixels, type Raster } from '../image/raster.js';
import { boxesToMask, type Box, type Mask } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { Mulberry32 } from '../util/rng.js';
import { BrisqueScorer } from '../image/brisque-model.js';
import { meanScores, regionScores, type RegionScores } from './metrics.js';
import { restoreBicubic, type Restorer, type RestoreCall, type RestoreTarget } from './restorer.js';

export const CANDIDATES = ['mosaic', 'bicubic', 'restorer'] as const;
export type Candidate = (typeof CANDIDATES)[number];
/** The candidates' scores, and the outside peer's where one was asked for. */
export type CaseScores = Record<Candidate, RegionScores> & { peer?: RegionScores };

/** Anything that restores the targets of an image (the outside peers). */
export interface ImageRestorer { restore(image: Raster, mask: Mask, targets: RestoreTarget[]): Raster | Promise<Raster> }

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
  /** Detail values and cell styles to restore with, each pair its own case (default the restorer's own). */
  details?: (number | undefined)[];
  cellStyles?: RestoreCall['style'][];
  /** An outside restorer scored beside tessera's (its `peer` scores). */
  peer?: ImageRestorer;
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
  /** What the restorer ran with (the restorer's defaults filled in). */
  detail: number;
  cellStyle: NonNullable<RestoreCall['style']>;
  scores: CaseScores;
  /** The restored region pixelated again on the mosaic's grid (centre cells for a centre mosaic, else mean cells) against the input: RMS in grey levels. */
  cellRms: number;
  /** Wall seconds the restorer and the peer took on this case's region (absent for the bicubic baseline or no peer). */
  seconds: { restorer?: number; peer?: number };
  /** The same in CPU seconds of this process, all threads: less inflated than wall time by other load. */
  cpuSeconds: { restorer?: number; peer?: number };
}

/**
 * RMS over the mask between `out` pixelated again on the target's grid and the input mosaic: centre cells for a
 * `center` mosaic, else mean cells (a random pick cannot be made again, and a circle's cells are held to nothing).
 */
export function repixelatedRms(out: Raster, mosaic: Raster, mask: Mask, t: RestoreTarget, made: MosaicStyle = 'mean'): number {
  const { blockW, blockH, phaseX, phaseY } = t.grid;
  const style = made === 'center' ? 'center' : blockW === blockH ? 'mean' : 'rect';
  const again = pixelate(out, mask, { style, block: blockH, aspect: blockW / blockH, phase: [phaseX, phaseY] }).image;
  const C = out.channels;
  let s = 0, n = 0;
  for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) for (let k = 0; k < 3; k++) { s += (again.data[p * C + k]! - mosaic.data[p * C + k]!) ** 2; n++; }
  return n ? Math.sqrt(s / n) : 0;
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
  const details = o.details?.length ? o.details : [undefined], cellStyles = o.cellStyles?.length ? o.cellStyles : [undefined];
  const total = photos.length * o.blocks.length * o.styles.length * o.jpeg.length * details.length * cellStyles.length;
  let k = 0;
  for (const [pi, photo] of photos.entries()) {
    const original = rgbPixels(await readRaster(photo, photo, { animated: 'first-frame' }));
    for (const block of o.blocks) for (const style of o.styles) for (const jpeg of o.jpeg) {
      const seed = (o.seed ?? 0) * 1_000_003 + pi * 7919 + block * 131 + o.styles.indexOf(style) * 17 + (jpeg ?? 0);
      const c = await mosaicCase(original, block, style, jpeg, seed, o.boxScale);
      const { box } = c.target;
      const score = (r: Raster) => regionScores(r, original, c.mask, box, brisque);
      const bicubicImage = restoreBicubic(c.mosaic, c.mask, [c.target]), bicubic = score(bicubicImage), mosaic = score(c.mosaic);
      const timed = async (restore: () => Raster | Promise<Raster>) => {
        const t0 = performance.now(), cpu0 = process.cpuUsage();
        const out = await restore();
        const cpu = process.cpuUsage(cpu0);
        return { out, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      };
      // The peer has no detail or cell style: it runs once per mosaic and its row is shared by every case.
      const peer = o.peer ? await timed(() => o.peer!.restore(c.mosaic, c.mask, [c.target])) : undefined, peerScores = peer && score(peer.out);
      for (const d of details) for (const cs of cellStyles) {
        const call = { detail: d ?? restorer?.detail ?? 0, style: cs ?? restorer?.style ?? 'mean' };
        const run = restorer ? await timed(() => restorer.restore(c.mosaic, c.mask, [c.target], call)) : undefined, restored = run?.out ?? bicubicImage;
        const scores: CaseScores = { mosaic, bicubic, restorer: run ? score(restored) : bicubic, ...(peerScores ? { peer: peerScores } : {}) };
        cases.push({ photo, width: original.width, height: original.height, block, style, jpeg, box, detail: call.detail, cellStyle: call.style,
          scores, cellRms: repixelatedRms(restored, c.mosaic, c.mask, c.target, style),
          seconds: timesOf(run?.seconds, peer?.seconds), cpuSeconds: timesOf(run?.cpuSeconds, peer?.cpuSeconds) });
        o.onCase?.(++k, total);
      }
    }
  }
  return cases;
}

/** The times that were measured, the others left out (not present as undefined). */
const timesOf = (restorer?: number, peer?: number): RestoreEvalCase['seconds'] =>
  ({ ...(restorer === undefined ? {} : { restorer }), ...(peer === undefined ? {} : { peer }) });

export interface SummaryRow { group: string; n: number; scores: CaseScores; cellRms: number }

/** Mean scores per group key (PSNR averaged in dB over cases, as is usual). */
export function summarise(cases: RestoreEvalCase[], key: (c: RestoreEvalCase) => string): SummaryRow[] {
  const groups = new Map<string, RestoreEvalCase[]>();
  for (const c of cases) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups].map(([group, cs]) => {
    const cands = cs.every((c) => c.scores.peer) ? [...CANDIDATES, 'peer' as const] : CANDIDATES;
    const scores = Object.fromEntries(cands.map((cand) => [cand, meanScores(cs.map((c) => c.scores[cand]!))])) as CaseScores;
    return { group, n: cs.length, scores, cellRms: cs.reduce((s, c) => s + c.cellRms, 0) / cs.length };
  });
}
