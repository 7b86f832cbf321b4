// A safety checker for restore/translate built on the bundled classifier: an image is refused when the
// summed probability of the refused classes reaches the threshold. It fits the SafetyChecker hook
// (checker.ts: a synchronous check(image) -> { allowed, reason }); which classes to refuse is the caller's policy.
import { CAM_CLASSES, type CamClass } from '../finders/cam.js';
import { loadClassifier } from '../finders/finders.js';
import type { SafetyChecker } from './checker.js';

export interface ClassifierSafetyOptions {
  /** Classes whose probabilities are summed; default Porn and Hentai. */
  refuse?: CamClass[];
  /** Refuse when the sum is at least this; default 0.5. */
  threshold?: number;
}

export async function createClassifierSafetyChecker(opts: ClassifierSafetyOptions = {}): Promise<SafetyChecker> {
  const refuse = opts.refuse ?? ['Porn', 'Hentai'];
  const threshold = opts.threshold ?? 0.5;
  const classifier = await loadClassifier();
  return {
    name: `classifier (MobileNetV2 from nsfwjs; refuses ${refuse.join('+')} >= ${threshold})`,
    check(image) {
      const p = classifier.probabilitiesSync(image);
      const score = refuse.reduce((s, c) => s + p[CAM_CLASSES.indexOf(c)]!, 0);
      return score >= threshold ? { allowed: false, reason: `${refuse.join('+')} probability ${score.toFixed(2)} >= ${threshold}` } : { allowed: true };
    },
  };
}
