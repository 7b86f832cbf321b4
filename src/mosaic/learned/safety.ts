// A safety checker for restore/translate built on the bundled classifier: an image is refused when the
// summed probability of the refused classes reaches the threshold. It fits translate's SafetyChecker hook
// (a synchronous check(image) -> { allowed, reason }); which classes to refuse is the caller's policy.
import { CAM_CLASSES, type CamClass } from './cam.js';
import { loadClassifier } from './finders.js';

export interface ClassifierSafetyOptions {
  /** Classes whose probabilities are summed; default Porn and Hentai. */
  refuse?: CamClass[];
  /** Refuse when the sum is at least this; default 0.5. */
  threshold?: number;
}

export interface CheckableImage { data: Uint8Array; width: number; height: number; channels: number }

export interface ClassifierSafetyChecker {
  readonly name: string;
  check(image: CheckableImage): { allowed: boolean; reason?: string };
}

/** Grey or RGBA images become RGB for the classifier. */
function toRgb(image: CheckableImage): { data: Uint8Array; width: number; height: number } {
  if (image.channels === 3) return image;
  const n = image.width * image.height, out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = image.data[i * image.channels + (image.channels === 1 ? 0 : c)];
  return { data: out, width: image.width, height: image.height };
}

export async function createClassifierSafetyChecker(opts: ClassifierSafetyOptions = {}): Promise<ClassifierSafetyChecker> {
  const refuse = opts.refuse ?? ['Porn', 'Hentai'];
  const threshold = opts.threshold ?? 0.5;
  const classifier = await loadClassifier();
  return {
    name: `classifier (MobileNetV2 from nsfwjs; refuses ${refuse.join('+')} >= ${threshold})`,
    check(image) {
      const p = classifier.probabilitiesSync(toRgb(image));
      const score = refuse.reduce((s, c) => s + p[CAM_CLASSES.indexOf(c)], 0);
      return score >= threshold ? { allowed: false, reason: `${refuse.join('+')} probability ${score.toFixed(2)} >= ${threshold}` } : { allowed: true };
    },
  };
}
