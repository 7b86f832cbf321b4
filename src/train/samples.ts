// Sample grids: the images of one step side by side (input | output | target …), first batch item.
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic.js';
import type { Tensor } from '../engine/index.js';

export interface RgbImage { data: Uint8Array; width: number; height: number }

/** Copies the first item of each [N, C, H, W] image in [-1, 1] into one RGB strip, left to right. */
export function sampleStrip(images: Tensor[]): RgbImage {
  const shapes = images.map((t) => t.shape);
  const height = Math.max(...shapes.map((s) => s[2]!));
  const width = shapes.reduce((w, s) => w + s[3]!, 0);
  const data = new Uint8Array(width * height * 3);
  let x0 = 0;
  for (const t of images) {
    const [, c, h, w] = t.shape as [number, number, number, number];
    const px = t.select(0, 0).float().data() as Float32Array;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < 3; k++) {
          const v = px[Math.min(k, c - 1) * h * w + y * w + x]!; // gray images fill all three channels
          data[(y * width + x0 + x) * 3 + k] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
        }
    x0 += w;
  }
  return { data, width, height };
}

export async function writePng(file: string, img: RgbImage): Promise<void> {
  const png = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).png().toBuffer();
  writeFileAtomic(file, png);
}
