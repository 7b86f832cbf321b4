// Restore's safety policy, shared by images, videos and the page. tessera does not restore explicit
// images: the bundled classifier looks at the whole input (refused at the usual threshold), at a window
// around every restored region (refused when the score is high and restoring raised it) and at the whole
// restored image; a refusal stops the image (nothing is written). It does not un-hide faces either: a
// region where the face detector finds a face after restoring is left as it was. The rule and its
// reasons: docs/restorer.md, "Safety". The checkers come in through small interfaces so tests and library
// users can pass their own.
import type { CellGrid } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { crop } from '../image/sheet.js';
import { mod } from '../util/math.js';
import { CAM_INPUT } from '../finders/cam.js';
import { createFaceFinder } from '../finders/finders.js';
import { createClassifierSafetyChecker } from '../safety/classifier.js';
import { SafetyRefusal, type SafetyChecker } from '../safety/checker.js';
import { describeBox, growBox, pixelBoxes, type Box, type ScoredBox } from '../util/box.js';

/** Finds faces in an RGB image (BlazeFace by default; createFaceFinder fits). */
export interface FaceFinder {
  find(image: Raster): Promise<ScoredBox[]>;
}

/** A restore refused by the safety checker: on the input, or on what a region restored to. */
export class RestoreRefusal extends SafetyRefusal {
  constructor(message: string, readonly stage: 'input' | 'output') {
    super(message);
  }
}

export const FACE_REASON = 'a face appeared: tessera does not un-hide faces';

/** Share of a face box that must lie inside the region for the face to count as the region's. */
const FACE_OVERLAP = 0.1;

let defaultSafety: Promise<SafetyChecker> | null = null;
/** The bundled classifier checker, loaded once per process. */
export function defaultSafetyChecker(): Promise<SafetyChecker> {
  defaultSafety ??= createClassifierSafetyChecker();
  return defaultSafety;
}

let defaultFaces: FaceFinder | null = null;
export function defaultFaceFinder(): FaceFinder {
  defaultFaces ??= createFaceFinder();
  return defaultFaces;
}

/**
 * Part of an image as RGB (grey expanded, alpha dropped): what the checkers take, which only read it. An RGB
 * image asked for whole is handed over as it is (the classifier samples 224² points of it; a copy of a 1080p
 * frame cost more than that), an RGB part is sheet.ts's crop; other channel counts are converted here.
 */
export function rgbCrop(image: Raster, c: Box = { x: 0, y: 0, w: image.width, h: image.height }): Raster {
  const { width: W, channels: C } = image;
  if (C === 3 && c.x === 0 && c.y === 0 && c.w === W && c.h === image.height) return image;
  if (C === 3) return crop(image, c.x, c.y, c.w, c.h);
  const data = new Uint8Array(c.w * c.h * 3);
  for (let y = 0; y < c.h; y++) for (let x = 0; x < c.w; x++) {
    const s = ((c.y + y) * W + c.x + x) * C, d = (y * c.w + x) * 3;
    for (let k = 0; k < 3; k++) data[d + k] = image.data[s + (C < 3 ? 0 : k)]!;
  }
  return { data, width: c.w, height: c.h, channels: 3 };
}

/** The box grown by `frac` of its size on every side, in whole pixels, clipped to the image. */
export function grownBox(b: Box, frac: number, width: number, height: number): Box {
  return pixelBoxes([growBox(b, frac, { width, height })], width, height)[0] ?? { x: b.x, y: b.y, w: 0, h: 0 };
}

export function assertInputAllowed(checker: SafetyChecker, image: Raster, source: string): void {
  const v = checker.check(rgbCrop(image));
  if (!v.allowed) throw new RestoreRefusal(`${source}: refused: the input looks explicit${v.reason ? ` (${v.reason})` : ''}; tessera does not restore explicit images`, 'input');
}

/** Context around a restored region for the output check, as a share of the region's larger side per side. */
export const OUTPUT_CHECK_CONTEXT = 0.5;

/**
 * How much the score in a region's window must rise from the input's (the mosaic) to the restored
 * image's for restoring to count as what made it explicit. On the training photos the benign windows that
 * score high already did in the mosaic (rises of −0.03 to +0.27), but for one circle mosaic whose dimmed
 * gaps the blur fills in (+0.80); un-hiding explicit content takes a window from low to high.
 */
export const OUTPUT_RISE = 0.3;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * The window the output check shows the classifier around a region: the region with OUTPUT_CHECK_CONTEXT
 * of its larger side as context on every side, square (the classifier squeezes what it sees into
 * CAM_INPUT², so a square keeps shapes), at least CAM_INPUT pixels a side (never a small crop blown up),
 * and moved, not clipped, at the image's edges, so a region at an edge keeps its context. Only the
 * image's own size caps it.
 */
export function outputCheckWindow(region: Box, width: number, height: number): Box {
  const side = Math.max(CAM_INPUT, Math.round((1 + 2 * OUTPUT_CHECK_CONTEXT) * Math.max(region.w, region.h)));
  const w = Math.min(width, side), h = Math.min(height, side);
  return {
    x: clamp(Math.round(region.x + region.w / 2 - w / 2), 0, width - w),
    y: clamp(Math.round(region.y + region.h / 2 - h / 2), 0, height - h),
    w, h,
  };
}

/**
 * The image with the region's cells flat, each the mean of its pixels inside the region: what the mosaic
 * says whatever its style drew (a `circle` mosaic's dimmed gaps read as dark lines, which its restoration
 * fills in).
 */
export function flatCells(image: Raster, region: Box, grid: CellGrid): Raster {
  const out: Raster = { ...image, data: new Uint8Array(image.data) };
  const { width: W, channels: C } = image;
  const sum = new Float64Array(C);
  const x0 = region.x - mod(region.x - grid.phaseX, grid.blockW), y0 = region.y - mod(region.y - grid.phaseY, grid.blockH);
  for (let cy = y0; cy < region.y + region.h; cy += grid.blockH) for (let cx = x0; cx < region.x + region.w; cx += grid.blockW) {
    const ax = Math.max(cx, region.x), bx = Math.min(cx + grid.blockW, region.x + region.w);
    const ay = Math.max(cy, region.y), by = Math.min(cy + grid.blockH, region.y + region.h);
    sum.fill(0);
    for (let y = ay; y < by; y++) for (let x = ax; x < bx; x++) for (let c = 0; c < C; c++) sum[c] += image.data[(y * W + x) * C + c]!;
    const n = (bx - ax) * (by - ay);
    for (let y = ay; y < by; y++) for (let x = ax; x < bx; x++) for (let c = 0; c < C; c++) out.data[(y * W + x) * C + c] = Math.round(sum[c]! / n);
  }
  return out;
}

/**
 * The output check on one region: the classifier on its window in the restored image and, only when
 * that is refused, on the same window of the input (and, if needed, of the input with the region's cells
 * flat). Refused when the restored window is refused and its score rose by at least OUTPUT_RISE from the
 * input's, as it came and as flat cells; a checker that gives no scores is taken at its word.
 */
export function assertOutputAllowed(checker: SafetyChecker, input: Raster, restored: Raster, region: Box, grid: CellGrid, source: string): void {
  const window = outputCheckWindow(region, restored.width, restored.height);
  const after = checker.check(rgbCrop(restored, window));
  if (after.allowed) return;
  let before = checker.check(rgbCrop(input, window)).score;
  if (after.score !== undefined && before !== undefined && after.score - before >= OUTPUT_RISE) {
    const flat = checker.check(rgbCrop(flatCells(input, region, grid), window)).score;
    before = flat === undefined ? undefined : Math.max(before, flat);
  }
  if (after.score !== undefined && before !== undefined && after.score - before < OUTPUT_RISE) return;
  const was = before === undefined ? '' : `; ${before.toFixed(2)} before restoring`;
  throw new RestoreRefusal(`${source}: refused: the region at ${describeBox(region)} restores to something explicit${after.reason ? ` (${after.reason}${was})` : ''}; nothing was written`, 'output');
}

/** The whole restored image through the input's rule: restoring must not make the picture as a whole explicit. */
export function assertRestoredImageAllowed(checker: SafetyChecker, restored: Raster, source: string): void {
  const v = checker.check(rgbCrop(restored));
  if (!v.allowed) throw new RestoreRefusal(`${source}: refused: the restored image looks explicit${v.reason ? ` (${v.reason})` : ''}; nothing was written`, 'output');
}

/**
 * Whether a face shows in the restored region. The detector sees the region with half its size as
 * context (a face the region only partly covers is still found); a face counts when at least
 * FACE_OVERLAP of its box lies in the region, so a visible face beside the region does not.
 */
export async function faceInRegion(faces: FaceFinder, restored: Raster, region: Box): Promise<boolean> {
  const c = grownBox(region, 0.5, restored.width, restored.height);
  for (const f of await faces.find(rgbCrop(restored, c))) {
    const fx0 = c.x + f.x, fy0 = c.y + f.y, fx1 = fx0 + f.w, fy1 = fy0 + f.h;
    const ix = Math.max(0, Math.min(fx1, region.x + region.w) - Math.max(fx0, region.x));
    const iy = Math.max(0, Math.min(fy1, region.y + region.h) - Math.max(fy0, region.y));
    if (ix * iy >= FACE_OVERLAP * f.w * f.h) return true;
  }
  return false;
}
