// Restore's safety policy. tessera does not restore explicit images: the bundled classifier looks at the
// whole input and at every restored region, and a refusal stops the image (nothing is written). It
// does not un-hide faces either: a region where the face detector finds a face after restoring is left
// as it was. The checkers come in through small interfaces so tests and library users can pass their own.
import type { Raster } from '../image/raster.js';
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

/** A copy of part of an image as RGB (grey expanded, alpha dropped): what the checkers take. */
export function rgbCrop(image: Raster, c: Box = { x: 0, y: 0, w: image.width, h: image.height }): Raster {
  const { width: W, channels: C } = image;
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

/**
 * Context around a restored region for the output check, as a share of its size per side. With 0.25 the
 * classifier refused 2.8% of benign region-sized crops of the project's photos (close-ups of flowers and
 * leaves); with 0.5, 1.9% (test/restore/false-refusals.test.ts).
 */
export const OUTPUT_CHECK_CONTEXT = 0.5;

/** The classifier on the restored region with OUTPUT_CHECK_CONTEXT of context around it. */
export function assertOutputAllowed(checker: SafetyChecker, restored: Raster, region: Box, source: string): void {
  const v = checker.check(rgbCrop(restored, grownBox(region, OUTPUT_CHECK_CONTEXT, restored.width, restored.height)));
  if (!v.allowed) throw new RestoreRefusal(`${source}: refused: the region at ${describeBox(region)} restores to something explicit${v.reason ? ` (${v.reason})` : ''}; nothing was written`, 'output');
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
