// The hook through which translate (and restore) refuse explicit input. The real checker is the bundled
// classifier (classifier.ts), which the CLI always passes; `uncheckedSafety` is the library
// default for callers that run their own check, and it says so in its name.
import type { Raster } from '../image/raster.js';

export interface SafetyVerdict {
  allowed: boolean;
  /** Why an image was refused, for the error message. */
  reason?: string;
  /**
   * How explicit the image looks, from 0 to 1, on the scale the checker refuses on (the classifier: the
   * refused classes' summed probability). Optional: restore's output check compares it before and after
   * restoring, and treats a checker without it as refusing outright.
   */
  score?: number;
}

export interface SafetyChecker {
  readonly name: string;
  check(image: Raster): SafetyVerdict;
}

/** Allows every image: only for library callers that check input themselves. */
export const uncheckedSafety: SafetyChecker = {
  name: 'none (the caller checks input)',
  check: () => ({ allowed: true }),
};

export class SafetyRefusal extends Error {}

export function assertSafe(checker: SafetyChecker, image: Raster, source: string): void {
  const v = checker.check(image);
  if (!v.allowed) throw new SafetyRefusal(`${source}: refused by the safety checker${v.reason ? ` (${v.reason})` : ''}`);
}
