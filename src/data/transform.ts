// The reference's preprocessing as a plan of pure numbers: resize target, crop box, flip. The sizes
// come from the image; the random choices come in as uniform draws made on the main thread, so a
// sample's augmentation depends only on (seed, epoch, position) and not on decode order.

export type Preprocess = 'resize_and_crop' | 'crop' | 'scale_width' | 'scale_width_and_crop' | 'none';
export const PREPROCESS_MODES: readonly Preprocess[] = ['resize_and_crop', 'crop', 'scale_width', 'scale_width_and_crop', 'none'];

export interface TransformOptions {
  preprocess: Preprocess;
  loadSize: number;
  cropSize: number;
  flip: boolean;
}

/** Three uniform [0,1) numbers: crop x, crop y, flip. */
export type Draws = [number, number, number];

export interface TransformPlan {
  /** Size to resize to, or null to keep the decoded size. */
  resize: [number, number] | null;
  /** Crop box [x, y, w, h] in the resized image, or null for none. */
  crop: [number, number, number, number] | null;
  flip: boolean;
}

export function planTransform(width: number, height: number, o: TransformOptions, d: Draws): TransformPlan {
  let w = width, h = height;
  let resize: [number, number] | null = null;
  if (o.preprocess === 'resize_and_crop') {
    resize = [o.loadSize, o.loadSize];
  } else if (o.preprocess.startsWith('scale_width')) {
    // the reference keeps an image whose width is already the target and whose height allows the crop
    if (!(w === o.loadSize && h >= o.cropSize)) resize = [o.loadSize, Math.trunc(Math.max((o.loadSize * h) / w, o.cropSize))];
  } else if (o.preprocess === 'none') {
    // make_power_2 with base 4: networks halve the size at least twice
    const [pw, ph] = [roundHalfEven(w / 4) * 4, roundHalfEven(h / 4) * 4];
    if (pw !== w || ph !== h) resize = [pw, ph];
  }
  if (resize) [w, h] = resize;
  let crop: TransformPlan['crop'] = null;
  if (o.preprocess.endsWith('crop') && (w > o.cropSize || h > o.cropSize)) {
    const x = Math.floor(d[0] * (Math.max(0, w - o.cropSize) + 1));
    const y = Math.floor(d[1] * (Math.max(0, h - o.cropSize) + 1));
    crop = [x, y, Math.min(o.cropSize, w), Math.min(o.cropSize, h)];
  }
  return { resize, crop, flip: o.flip && d[2] > 0.5 };
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Crops, mirrors and maps interleaved 8-bit pixels (HWC) to float CHW in [-1, 1], as the reference's
 * ToTensor + Normalize(0.5, 0.5).
 */
export function toFloatCHW(px: Uint8Array, width: number, channels: number, plan: TransformPlan, height: number): Float32Array {
  const [x0, y0, cw, ch] = plan.crop ?? [0, 0, width, height];
  const out = new Float32Array(channels * cw * ch);
  const plane = cw * ch;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const sx = x0 + (plan.flip ? cw - 1 - x : x);
      const src = ((y0 + y) * width + sx) * channels;
      for (let c = 0; c < channels; c++) out[c * plane + y * cw + x] = (px[src + c]! / 255 - 0.5) / 0.5;
    }
  }
  return out;
}
