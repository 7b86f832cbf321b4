// Class Activation Maps (Zhou et al. 2016) from nsfwjs' MobileNetV2 (width 1.4) classifier, whose head is
// global average pooling + one dense layer: logit_c = mean_xy(sum_k w_kc F_k(x, y)) + b_c, so
// CAM_c(x, y) = sum_k w_kc F_k(x, y) shows where class c's evidence sits. The map is upsampled to the
// image, normalised to [0, 1] and thresholded into a mask and boxes (engine-classifier.ts runs it; here
// the classes and the map's options). Used to hide regions (moderation) and, through classify(), as a
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

export interface CamRegionOptions {
  /** Normalised CAM value at and above which a pixel is in the mask; default 0.5. */
  threshold?: number;
  /** Dilate the mask by this many pixels; default 0. */
  dilate?: number;
  /** Drop components smaller than this many pixels; default 1. */
  minArea?: number;
}

export function normaliseMinMax(map: Float32Array): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of map) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const out = new Float32Array(map.length);
  if (!(hi > lo)) return out;
  for (let i = 0; i < map.length; i++) out[i] = (map[i] - lo) / (hi - lo);
  return out;
}
