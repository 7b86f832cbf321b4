// A safety checker for restore/translate built on the bundled classifier: an image is refused when the
// summed probability of the refused classes reaches the threshold. It fits the SafetyChecker hook
// (checker.ts: a synchronous check(image) -> { allowed, reason }); which classes to refuse is the caller's policy.
import { CAM_CLASSES, type CamClass } from '../finders/cam.js';
import { loadClassifier } from '../finders/finders.js';
import type { Raster } from '../image/raster.js';
import type { SafetyChecker } from './checker.js';

export interface ClassifierSafetyOptions {
  /** Classes whose probabilities are summed; default Porn and Hentai. */
  refuse?: CamClass[];
  /** Refuse when the sum is at least this; default 0.5 (or TESSERA_SAFETY_THRESHOLD, which may only lower it). */
  threshold?: number;
}

export const DEFAULT_REFUSED: readonly CamClass[] = ['Porn', 'Hentai'];
export const DEFAULT_SAFETY_THRESHOLD = 0.5;

/**
 * The threshold from TESSERA_SAFETY_THRESHOLD: only a stricter one (0 to 0.5) is taken, so the variable
 * can never switch the checker off; anything else is an error. Unset: the default.
 */
export function safetyThresholdFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.TESSERA_SAFETY_THRESHOLD;
  if (v === undefined || v === '') return DEFAULT_SAFETY_THRESHOLD;
  const t = Number(v);
  if (!(t >= 0 && t <= DEFAULT_SAFETY_THRESHOLD)) {
    throw new Error(`TESSERA_SAFETY_THRESHOLD is "${v}"; it may only make the checker stricter: a number from 0 to ${DEFAULT_SAFETY_THRESHOLD}`);
  }
  return t;
}

/** The rule on class probabilities (in CAM_CLASSES order) from any source: the bundled classifier, or a test's. */
export function classifierRule(probabilities: (image: Raster) => ArrayLike<number>, opts: ClassifierSafetyOptions = {}): SafetyChecker {
  const refuse = opts.refuse ?? [...DEFAULT_REFUSED];
  const threshold = opts.threshold ?? safetyThresholdFromEnv();
  return {
    name: `classifier (MobileNetV2 from nsfwjs; refuses ${refuse.join('+')} >= ${threshold})`,
    check(image) {
      const p = probabilities(image);
      const score = refuse.reduce((s, c) => s + p[CAM_CLASSES.indexOf(c)]!, 0);
      return score >= threshold ? { allowed: false, score, reason: `${refuse.join('+')} probability ${score.toFixed(2)} >= ${threshold}` } : { allowed: true, score };
    },
  };
}

export async function createClassifierSafetyChecker(opts: ClassifierSafetyOptions = {}): Promise<SafetyChecker> {
  const threshold = opts.threshold ?? safetyThresholdFromEnv(); // a bad variable fails before the model loads
  const classifier = await loadClassifier();
  return classifierRule((image) => classifier.probabilitiesSync(image), { ...opts, threshold });
}
