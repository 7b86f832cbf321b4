// Class Activation Maps (Zhou et al. 2016) from nsfwjs' MobileNetV2 (width 1.4) classifier, whose head is
// global average pooling + one dense layer: logit_c = mean_xy(sum_k w_kc F_k(x, y)) + b_c, so
// CAM_c(x, y) = sum_k w_kc F_k(x, y) shows where class c's evidence sits, not whether the class is there:
// every image has a map, and its highest point is somewhere. So regions come only when the classifier gives
// the image the class at least a minimum probability; then the map's positive part is upsampled to the
// image, scaled by its own peak (the image's strongest evidence, not its weakest) and thresholded into a
// mask and boxes (engine-classifier.ts runs it; here the classes and the map's options). Used to hide regions (moderation) and, through classify(), as a
// safety check; never to generate anything.

/** nsfwjs' class order. */
export const CAM_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type CamClass = (typeof CAM_CLASSES)[number];
export const CAM_INPUT = 224;

export function camClass(name: string): CamClass {
  const c = CAM_CLASSES.find((k) => k.toLowerCase() === name.toLowerCase());
  if (!c) throw new Error(`unknown CAM class '${name}' (one of ${CAM_CLASSES.join(', ')})`);
  return c;
}

/** The class probability below which findRegions finds nothing: that of the safety checker (safety/classifier.ts). */
export const CAM_MIN_PROBABILITY = 0.5;

export interface CamRegionOptions {
  /** No regions unless the classifier gives the image the class at least this probability; default CAM_MIN_PROBABILITY. */
  minProbability?: number;
  /** Share of the map's peak at and above which a pixel is in the mask; default 0.5. */
  threshold?: number;
  /** Dilate the mask by this many pixels; default 0. */
  dilate?: number;
  /** Drop components smaller than this many pixels; default 1. */
  minArea?: number;
}

/** max(v, 0) / max(map): 1 at the peak, 0 where the evidence is none or against; all zeros when no value is positive. */
export function normaliseByPeak(map: Float32Array): Float32Array {
  let hi = 0;
  for (const v of map) if (v > hi) hi = v;
  const out = new Float32Array(map.length);
  if (!(hi > 0)) return out;
  for (let i = 0; i < map.length; i++) out[i] = Math.max(0, map[i]!) / hi;
  return out;
}
