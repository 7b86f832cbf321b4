// Resizing planar float images (C×H×W) with Keys' cubic kernel (a = −0.5), widened by the shrink factor
// when shrinking so that it averages instead of aliasing, taps past the border dropped and the rest
// renormalised: libtorch's antialiased bicubic (the PIL rule), one call per image. The restorer moves
// crops to and from its canonical scale with it, per video frame; the same in JS took 3–4× longer.
import { call, tensor, tidy, type Tensor } from '../engine/index.js';
import type { PlanarImage } from './cells.js';

export function resizePlanar(img: PlanarImage, width: number, height: number): PlanarImage {
  const { data, channels: C, width: W, height: H } = img;
  if (width === W && height === H) return { ...img, data: new Float32Array(data) };
  const out = tidy(() => (call('aten::_upsample_bicubic2d_aa', [tensor(data, [1, C, H, W]), [height, width], false, null, null]) as Tensor).data() as Float32Array);
  return { data: out, channels: C, width, height };
}

/**
 * The w×h window of a planar image whose top-left corner is (x, y); the window must lie inside it. Not
 * sheet.ts's crop: that copies interleaved 8-bit rows (HWC), this one float rows of each channel's plane (CHW).
 */
export function cropPlanar(img: PlanarImage, x: number, y: number, w: number, h: number): PlanarImage {
  const { channels: C, width: W, height: H } = img, out = new Float32Array(C * w * h);
  for (let c = 0; c < C; c++) for (let r = 0; r < h; r++)
    out.set(img.data.subarray(c * W * H + (y + r) * W + x, c * W * H + (y + r) * W + x + w), c * w * h + r * w);
  return { data: out, channels: C, width: w, height: h };
}
