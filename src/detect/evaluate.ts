// Measures the mosaic detectors on real photos: synthetic mosaics (random box, style, block, grid phase)
// followed by JPEG or H.264 re-encoding → IoU of the found mask with the true one; clean photos → false-positive
// area. Shared by the test (which asserts the thresholds) and the bench (which prints the figures).
import fs from 'node:fs';
import path from 'node:path';
import { jpegRoundTrip, readRaster, resizeRaster, type Raster } from '../image/raster.js';
import type { DetectResult } from './analytic.js';
import { findMosaicRegions, type DetectMethod } from './find.js';
import { boxesToMask, maskIoU } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { Mulberry32 } from '../util/rng.js';
import { h264RoundTrip } from '../video/h264-roundtrip.js';

export const PHOTO_CACHE = '.cache/photos';

export function listPhotos(dir = PHOTO_CACHE): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => path.join(dir, f));
}

export async function loadPhoto(file: string, width: number): Promise<Raster> {
  const r = await readRaster(file);
  // Even sides, so the same image also goes through H.264 (4:2:0) unchanged in size.
  return resizeRaster(r, width, 2 * Math.round((r.height / r.width) * width / 2));
}

export interface EvalCase { photo: string; block: number; /** JPEG quality, or H.264 CRF with codec h264. */ quality: number; style: MosaicStyle; iou: number; fpArea: number }
export interface EvalReport {
  cases: EvalCase[];
  meanIoU: number;
  minIoU: number;
  /** Clean photos: mean and worst fraction of the image flagged as mosaic. */
  meanFpArea: number;
  maxFpArea: number;
  clean: { photo: string; quality: number; fpArea: number }[];
  /** Mean wall time of one detection, ms. */
  detectMs: number;
}

export interface EvalOptions {
  photos: string[];
  width?: number;
  blocks?: number[];
  qualities?: number[];
  styles?: MosaicStyle[];
  seed?: number;
  /** Re-encoding: JPEG at each quality (default), or H.264 with each value as CRF. */
  codec?: 'jpeg' | 'h264';
  /** Which detector: the learned network (default) or the analytic lattice detector. */
  method?: DetectMethod;
  /** Learned detector: a weights file other than the shipped one. */
  weights?: string;
  /** Learned detector: pixel threshold and smallest mean probability of a region (its defaults if unset). */
  threshold?: number;
  minConfidence?: number;
}

export async function evaluateDetector(o: EvalOptions): Promise<EvalReport> {
  const width = o.width ?? 384, blocks = o.blocks ?? [6, 10, 16], qualities = o.qualities ?? [60, 75, 90];
  const styles = o.styles ?? ['mean', 'center', 'random'];
  let detectMs = 0, detections = 0;
  const detect = (r: Raster): DetectResult => {
    const t0 = performance.now();
    const found = findMosaicRegions(r, { method: o.method, codec: o.codec, weights: o.weights, threshold: o.threshold, minConfidence: o.minConfidence });
    detectMs += performance.now() - t0;
    detections++;
    return found;
  };
  const reencode = async (r: Raster, q: number) => (o.codec === 'h264' ? h264RoundTrip([r], q)[0]! : jpegRoundTrip(r, q));
  const rng = new Mulberry32(o.seed ?? 1);
  const cases: EvalCase[] = [];
  const clean: EvalReport['clean'] = [];
  let k = 0;
  for (const file of o.photos) {
    const photo = await loadPhoto(file, width - (width % 2));
    const { width: W, height: H } = photo;
    for (const q of qualities) {
      const found = detect(await reencode(photo, q));
      clean.push({ photo: path.basename(file), quality: q, fpArea: found.maskArea / (W * H) });
    }
    for (const block of blocks) for (const q of qualities) {
      const w = rng.int(Math.round(W * 0.3), Math.round(W * 0.6)), h = rng.int(Math.round(H * 0.3), Math.round(H * 0.6));
      const box = { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
      const truth = boxesToMask(W, H, [box]);
      const style = styles[k++ % styles.length]!;
      const mosaic = pixelate(photo, truth, { style, block, phase: 'random', seed: k }).image;
      const found = detect(await reencode(mosaic, q));
      let fp = 0;
      for (let i = 0; i < truth.data.length; i++) if (found.mask.data[i] && !truth.data[i]) fp++;
      cases.push({ photo: path.basename(file), block, quality: q, style, iou: maskIoU(found.mask, truth), fpArea: fp / (W * H) });
    }
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
  return {
    cases, clean,
    meanIoU: mean(cases.map((c) => c.iou)),
    minIoU: Math.min(...cases.map((c) => c.iou)),
    meanFpArea: mean(clean.map((c) => c.fpArea)),
    maxFpArea: Math.max(...clean.map((c) => c.fpArea)),
    detectMs: detectMs / Math.max(1, detections),
  };
}
