// Measures the mosaic detectors on real photos: synthetic mosaics (random box, style, block, grid phase)
// followed by JPEG or H.264 re-encoding → IoU of the found mask with the true one, and whether the cell
// grid reported for it (blockW, blockH, phase) is the one that made it, and the visible IoU (the IoU over
// the cells the mosaic visibly changed, image/visible-iou.ts); clean photos → false-positive
// area. Photos are resized to a width (384 px by default: fast), kept at their native size, or cut to
// 1920×1080 frames. Shared by the tests (which assert the thresholds) and the bench (which prints the figures).
import fs from 'node:fs';
import path from 'node:path';
import { jpegRoundTrip, readRaster, resizeRaster, type Raster } from '../image/raster.js';
import type { DetectResult, MosaicRegion } from './analytic.js';
import { findMosaicRegions, type DetectCodec, type DetectMethod } from './find.js';
import { boxesToMask, maskIoU, type Mask } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { crop } from '../image/sheet.js';
import { visibleIoU, visibleTruth, type VisibleTruth } from '../image/visible-iou.js';
import { Mulberry32 } from '../util/rng.js';
import { h264RoundTrip } from '../video/h264-roundtrip.js';
import { mod } from '../util/math.js';
import type { MosaicVerifier } from './verify.js';
import type { LearnedDetectOptions } from './learned.js';

export const PHOTO_CACHE = '.cache/photos';

export function listPhotos(dir = PHOTO_CACHE): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => path.join(dir, f));
}

/** How the evaluation sizes each photo: a width (aspect kept), its native size, or a 1920×1080 frame. */
export type EvalSize = number | 'native' | '1080p';

export async function loadPhoto(file: string, size: EvalSize): Promise<Raster> {
  const r = await readRaster(file, file, { animated: 'first-frame' });
  // Even sides, so the same image also goes through H.264 (4:2:0) unchanged in size.
  const even = (v: number) => 2 * Math.floor(v / 2);
  if (size === 'native') return even(r.width) === r.width && even(r.height) === r.height ? r : cropCentre(r, even(r.width), even(r.height));
  if (size === '1080p') {
    // Scaled to cover the frame, then its centre: what a 1080p video shows of such a scene.
    const s = Math.max(1920 / r.width, 1080 / r.height);
    const scaled = await resizeRaster(r, Math.max(1920, Math.round(r.width * s)), Math.max(1080, Math.round(r.height * s)));
    return cropCentre(scaled, 1920, 1080);
  }
  return resizeRaster(r, size, even(Math.round((r.height / r.width) * size)));
}

/** The centre 1/k of each side through JPEG q40, enlarged k× with a bicubic kernel (even sides kept). */
export async function enlargedCentre(photo: Raster, k: number): Promise<Raster> {
  const w = Math.max(8, Math.round(photo.width / k)), h = Math.max(8, Math.round(photo.height / k));
  const small = await jpegRoundTrip(cropCentre(photo, w, h), 40);
  return resizeRaster(small, 2 * Math.round((w * k) / 2), 2 * Math.round((h * k) / 2), 'cubic');
}

/** The w×h window at the centre of an image (an odd margin's extra pixel is cut from the right and bottom). */
function cropCentre(r: Raster, w: number, h: number): Raster {
  return crop(r, (r.width - w) >> 1, (r.height - h) >> 1, w, h);
}

/** A mosaic's cell grid: cell width and height, and where its lines sit (x ≡ phaseX mod blockW). */
export interface EvalGrid { blockW: number; blockH: number; phaseX: number; phaseY: number }

export interface EvalCase {
  photo: string; block: number; /** JPEG quality, or H.264 CRF with codec h264. */ quality: number; style: MosaicStyle;
  iou: number; fpArea: number;
  /** IoU against the truth cells the mosaic visibly changed, its invisible cells don't care; null: no cell visible. */
  visibleIoU: number | null;
  /** Share of the mosaic's cells (clipped to the truth) that it visibly changed. */
  visibleCellShare: number;
  /** The grid that made the mosaic, the one reported for the region that covers most of it (null: none), and whether they agree. */
  grid: EvalGrid; found: EvalGrid | null; gridExact: boolean;
}
export interface EvalReport {
  cases: EvalCase[];
  meanIoU: number;
  minIoU: number;
  /** Mean visible IoU over the mosaics with a visible cell (null: none had one), and how many had none. */
  meanVisibleIoU: number | null;
  invisibleMosaics: number;
  /** Share of mosaics whose cell width, height and phase were all reported right. */
  gridExactRate: number;
  /** Clean photos: mean and worst fraction of the image flagged as mosaic. */
  meanFpArea: number;
  maxFpArea: number;
  clean: { photo: string; quality: number; fpArea: number }[];
  /** With `enlarged`: each photo's centre, saved as low-quality JPEG and enlarged (a zoomed screenshot); share flagged. */
  enlarged: { photo: string; fpArea: number }[];
  /** Mean wall time of one detection, ms. */
  detectMs: number;
}

export interface EvalOptions {
  photos: string[];
  /** Photo size: a width in pixels (default 384), 'native' (no resize) or '1080p' frames. */
  width?: EvalSize;
  blocks?: number[];
  qualities?: number[];
  /**
   * 'all' (default): every block at every quality, clean photos at every quality. 'cycle': one quality
   * per mosaic and one clean photo per photo, taken in turn, so a large-photo run stays short.
   */
  pairing?: 'all' | 'cycle';
  styles?: MosaicStyle[];
  seed?: number;
  /** Re-encoding: JPEG at each quality (default), or H.264 with each value as CRF. */
  codec?: DetectCodec;
  /** Which detector: the learned network (default) or the analytic lattice detector. */
  method?: DetectMethod;
  /** Learned detector: a weights file other than the shipped one. */
  weights?: string;
  /** Learned detector: pixel threshold and smallest mean probability of a region (its defaults if unset). */
  threshold?: number;
  minConfidence?: number;
  /** Learned detector: the working size (long side the network runs at) or a forced scale; its default if unset. */
  workingSize?: number;
  scale?: number;
  /** Learned detector: its arithmetic (default auto: bf16 where the CPU has it). */
  precision?: 'auto' | 'fp32' | 'bf16';
  /** Learned detector: the geometry check after the network (default the shipped rule; false: off). */
  verify?: MosaicVerifier | false;
  /** Learned detector: the native-size second look where the shrunk pass was unsure (default on). */
  finePass?: boolean;
  /** Learned detector: the scale-0.4 second look for large cells on images seen at native size (default on). */
  coarseLook?: boolean;
  /** Learned detector: each region the network kept, with its verification features (learned.ts). */
  onRegionFeatures?: LearnedDetectOptions['onRegionFeatures'];
  /**
   * Also measure each photo's centre 1/k of each side, saved as JPEG q40 and enlarged k× (bicubic) to the
   * photo's size: not a mosaic, though its codec blocks become k·8-px squares (default: not measured).
   */
  enlarged?: number;
  /**
   * Called with every detection: the re-encoded image, what was found, the true mask (null for a clean
   * photo), its entry in `clean` or `cases` (the failure sheets of the bench are made from this) and the
   * true mask split into visible and don't-care cells (null for a clean photo).
   */
  onDetection?: (image: Raster, found: DetectResult, truth: Mask | null, entry: EvalCase | EvalReport['clean'][number], visible: VisibleTruth | null) => void | Promise<void>;
}

/** Mean visible IoU of the cases that have one (null: none), and the count of mosaics with no visible cell. */
export function visibleSummary(cases: readonly EvalCase[]): { meanVisibleIoU: number | null; invisibleMosaics: number } {
  const scored = cases.flatMap((c) => (c.visibleIoU === null ? [] : [c.visibleIoU]));
  return { meanVisibleIoU: scored.length ? scored.reduce((s, v) => s + v, 0) / scored.length : null, invisibleMosaics: cases.length - scored.length };
}


/** The reported region that covers most of the true box, as a grid. */
function foundGrid(regions: MosaicRegion[], box: { x: number; y: number; w: number; h: number }): EvalGrid | null {
  let best: MosaicRegion | null = null, bestOverlap = 0;
  for (const g of regions) {
    const ow = Math.min(g.x + g.w, box.x + box.w) - Math.max(g.x, box.x), oh = Math.min(g.y + g.h, box.y + box.h) - Math.max(g.y, box.y);
    if (ow > 0 && oh > 0 && ow * oh > bestOverlap) { best = g; bestOverlap = ow * oh; }
  }
  return best ? { blockW: best.block, blockH: best.blockH, phaseX: best.phaseX, phaseY: best.phaseY } : null;
}

function sameGrid(a: EvalGrid, b: EvalGrid | null): boolean {
  return !!b && a.blockW === b.blockW && a.blockH === b.blockH && mod(a.phaseX, a.blockW) === mod(b.phaseX, a.blockW) && mod(a.phaseY, a.blockH) === mod(b.phaseY, a.blockH);
}

export async function evaluateDetector(o: EvalOptions): Promise<EvalReport> {
  const size = o.width ?? 384, blocks = o.blocks ?? [6, 10, 16], qualities = o.qualities ?? [60, 75, 90];
  const styles = o.styles ?? ['mean', 'center', 'random'];
  const cycle = o.pairing === 'cycle';
  let detectMs = 0, detections = 0;
  const detect = (r: Raster): DetectResult => {
    const t0 = performance.now();
    const found = findMosaicRegions(r, {
      method: o.method, codec: o.codec, weights: o.weights, threshold: o.threshold, minConfidence: o.minConfidence,
      workingSize: o.workingSize, scale: o.scale, precision: o.precision, verify: o.verify, finePass: o.finePass, coarseLook: o.coarseLook, onRegionFeatures: o.onRegionFeatures,
    });
    detectMs += performance.now() - t0;
    detections++;
    return found;
  };
  const reencode = async (r: Raster, q: number) => (o.codec === 'h264' ? h264RoundTrip([r], q)[0]! : jpegRoundTrip(r, q));
  const rng = new Mulberry32(o.seed ?? 1);
  const cases: EvalCase[] = [];
  const clean: EvalReport['clean'] = [];
  const enlarged: EvalReport['enlarged'] = [];
  let k = 0, turn = 0;
  for (const file of o.photos) {
    const photo = await loadPhoto(file, typeof size === 'number' ? size - (size % 2) : size);
    const { width: W, height: H } = photo;
    for (const q of cycle ? [qualities[turn % qualities.length]!] : qualities) {
      const image = await reencode(photo, q), found = detect(image);
      clean.push({ photo: path.basename(file), quality: q, fpArea: found.maskArea / (W * H) });
      await o.onDetection?.(image, found, null, clean[clean.length - 1]!, null);
    }
    if (o.enlarged) {
      const image = await enlargedCentre(photo, o.enlarged), found = detect(image);
      enlarged.push({ photo: path.basename(file), fpArea: found.maskArea / (image.width * image.height) });
    }
    for (const block of blocks) for (const q of cycle ? [qualities[turn++ % qualities.length]!] : qualities) {
      const w = rng.int(Math.round(W * 0.3), Math.round(W * 0.6)), h = rng.int(Math.round(H * 0.3), Math.round(H * 0.6));
      const box = { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
      const truth = boxesToMask(W, H, [box]);
      const style = styles[k++ % styles.length]!;
      const made = pixelate(photo, truth, { style, block, phase: 'random', seed: k });
      const image = await reencode(made.image, q), found = detect(image);
      let fp = 0;
      for (let i = 0; i < truth.data.length; i++) if (found.mask.data[i] && !truth.data[i]) fp++;
      const grid = { blockW: made.blockW, blockH: made.blockH, phaseX: mod(made.phaseX, made.blockW), phaseY: mod(made.phaseY, made.blockH) };
      const reported = foundGrid(found.regions, box);
      // what the mosaic changed, read before re-encoding: the codec's own noise is no part of the mosaic
      const visible = visibleTruth(photo, made.image, truth, grid);
      cases.push({
        photo: path.basename(file), block, quality: q, style, iou: maskIoU(found.mask, truth), fpArea: fp / (W * H),
        visibleIoU: visibleIoU(found.mask, visible.visible, visible.dontCare), visibleCellShare: visible.visibleCells / Math.max(1, visible.cells),
        grid, found: reported, gridExact: sameGrid(grid, reported),
      });
      await o.onDetection?.(image, found, truth, cases[cases.length - 1]!, visible);
    }
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  return {
    cases, clean, enlarged,
    meanIoU: mean(cases.map((c) => c.iou)),
    minIoU: Math.min(...cases.map((c) => c.iou)),
    ...visibleSummary(cases),
    gridExactRate: mean(cases.map((c) => (c.gridExact ? 1 : 0))),
    meanFpArea: mean(clean.map((c) => c.fpArea)),
    maxFpArea: Math.max(...clean.map((c) => c.fpArea)),
    detectMs: detectMs / Math.max(1, detections),
  };
}
