// Padding images to the side multiple a generator needs (256 for unet_256, 4 for ResNets) and cropping
// back, so any image size can be translated. Reflection keeps borders natural; a pad wider than the
// image is done in several reflections (and by replication for one-pixel sides, which cannot reflect).
import { F, tidy, type Tensor } from '../engine/index.js';

export interface Padded {
  x: Tensor;
  /** Where the original sits inside `x`. */
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Pads [left, right, top, bottom] by reflection, in steps when a side is longer than the image. */
export function reflectPad(x: Tensor, pad: [number, number, number, number]): Tensor {
  return tidy(() => {
    let [l, r, t, b] = pad;
    while (l + r + t + b > 0) {
      const h = x.shape[2]!, w = x.shape[3]!;
      if (w === 1 || h === 1) return F.pad2d(x, [l, r, t, b], 'replicate');
      const step: [number, number, number, number] = [Math.min(l, w - 1), Math.min(r, w - 1), Math.min(t, h - 1), Math.min(b, h - 1)];
      x = F.pad2d(x, step, 'reflect');
      l -= step[0]; r -= step[1]; t -= step[2]; b -= step[3];
    }
    return x;
  });
}

/** Pads H and W of [N, C, H, W] up to multiples of `m`, split evenly between the two sides. */
export function padToMultiple(x: Tensor, m: number): Padded {
  const [, , height, width] = x.shape as [number, number, number, number];
  const ph = Math.ceil(height / m) * m - height, pw = Math.ceil(width / m) * m - width;
  const top = Math.floor(ph / 2), left = Math.floor(pw / 2);
  return { x: reflectPad(x, [left, pw - left, top, ph - top]), top, left, height, width };
}

/** Crops a network's output back to the original's place; `scale` for outputs larger than their input (SRGAN). */
export function cropBack(y: Tensor, p: Padded, scale = 1): Tensor {
  const s = scale;
  return y.slice(2, p.top * s, (p.top + p.height) * s).slice(3, p.left * s, (p.left + p.width) * s);
}
