// Thresholds of the mosaic detector, in luma levels (0–255) unless noted. Tuned on JPEG-degraded
// mosaics over real photos (npm run bench -- detect); exported so a bench can sweep them.
import { JUMP_TUNING } from '../image/jumps.js';

/** The jump-map thresholds (evStep, evRatio, evCont, codecStep) come from image/jumps.ts. */
export const T = {
  ...JUMP_TUNING,
  /** Smallest cell-to-cell difference that counts as a grid step. */
  step: 3,
  /** A side step: ≥ lineShare of the cell-mean difference on the line, ≥ sideRatio × the lines beside. */
  sideRatio: 1.2, lineShare: 0.35,
  /** Flat cell: mean deviation ≤ devBase + devSlope × its largest step (JPEG rings next to steps). */
  devBase: 2, devSlope: 0.15,
  /** Stepped sides a cell needs. */
  minSides: 2,
  /** Cells up to this deviation may be joined by closing and span filling. */
  closeDev: 4,
  /** Partial-cell extension: a line joins when within extTol of the strip (and flat within extTol/2). */
  extTol: 3,
  /** Weak growth over smooth content: neighbour deviation, smallest step, sharpness ratio. */
  weakDev: 1.5, weakStep: 0.8, weakRatio: 2.5,
  /** Border trimming: outer lines further than this from the cell's inner line leave the mask. */
  trimTol: 10,
};
