// The hook through which translate (and restore) must refuse explicit input. The real checker (an
// image classifier) is not built yet: `uncheckedSafety` lets everything through and says so.
import type { RawImage } from '../image/index.js';

export interface SafetyVerdict {
  allowed: boolean;
  /** Why an image was refused, for the error message. */
  reason?: string;
}

export interface SafetyChecker {
  readonly name: string;
  check(image: RawImage): SafetyVerdict;
}

/** Placeholder until a real classifier exists: allows every image. Replace, do not extend. */
export const uncheckedSafety: SafetyChecker = {
  name: 'none (safety checker not built yet)',
  check: () => ({ allowed: true }),
};

export class SafetyRefusal extends Error {}

export function assertSafe(checker: SafetyChecker, image: RawImage, source: string): void {
  const v = checker.check(image);
  if (!v.allowed) throw new SafetyRefusal(`${source}: refused by the safety checker${v.reason ? ` (${v.reason})` : ''}`);
}
