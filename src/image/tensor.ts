// Images <-> tensors: [N, C, H, W] float32 in [-1, 1], the range the pix2pix / CycleGAN generators read
// and write (tanh output).
import { call, cat, tensor, tidy, type Tensor } from '../engine/index.js';
import type { Raster } from './raster.js';

/** [1, C, H, W] in [-1, 1]: x / 127.5 − 1, as ToTensor + Normalize(0.5, 0.5) do. */
export function imageToTensor(img: Raster): Tensor {
  return tidy(() => tensor(img.data, [img.height, img.width, img.channels], { dtype: 'uint8' })
    .permute(2, 0, 1).float().div(127.5).sub(1).reshape(1, img.channels, img.height, img.width));
}

/** Stacks same-sized images into one [N, C, H, W] batch. */
export function imagesToTensor(imgs: Raster[]): Tensor {
  return tidy(() => cat(imgs.map(imageToTensor), 0));
}

/** One image from [C, H, W] or [1, C, H, W] in [-1, 1]: clamped, (x + 1) · 127.5, rounded. */
export function tensorToImage(t: Tensor): Raster {
  return tidy(() => {
    const x = t.ndim === 4 ? t.select(0, 0) : t;
    const [c, h, w] = x.shape as [number, number, number];
    if (c !== 1 && c !== 3) throw new Error(`cannot make an image of ${c} channels`);
    const scaled = x.float().clamp(-1, 1).add(1).mul(127.5);
    const bytes = (call('aten::round', [scaled]) as Tensor).to('uint8').permute(1, 2, 0).contiguous().data() as Uint8Array;
    return { data: new Uint8Array(bytes), width: w, height: h, channels: c };
  });
}
