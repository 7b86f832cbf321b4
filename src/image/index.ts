// Images <-> tensors. Decoding and encoding go through sharp; tensors are [N, C, H, W] float32 in
// [-1, 1], the range the pix2pix / CycleGAN generators read and write (tanh output).
import path from 'node:path';
import sharp from 'sharp';
import { call, cat, tensor, tidy, type Tensor } from '../engine/index.js';
import { writeFileAtomic } from '../io/atomic.js';

/** Interleaved 8-bit pixels, row-major, `channels` per pixel (1 grey or 3 RGB). */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;
export const isImageFile = (f: string) => (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(f).toLowerCase());

/** Decodes a PNG/JPEG/WebP (EXIF rotation applied, alpha dropped) to RGB or greyscale. */
export async function readImage(file: string, channels: 1 | 3 = 3): Promise<RawImage> {
  try {
    let img = sharp(file).rotate().removeAlpha();
    img = channels === 1 ? img.greyscale() : img.toColourspace('srgb');
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels, expected ${channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels };
  } catch (e) {
    throw new Error(`${file}: cannot decode image (${(e as Error).message})`);
  }
}

/** Encodes by the file's extension and writes atomically. */
export async function writeImage(file: string, img: RawImage): Promise<void> {
  const raw = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: img.channels },
  });
  const ext = path.extname(file).toLowerCase();
  const encoded = ext === '.png' ? raw.png()
    : ext === '.jpg' || ext === '.jpeg' ? raw.jpeg({ quality: 95 })
      : ext === '.webp' ? raw.webp({ quality: 95 })
        : null;
  if (!encoded) throw new Error(`${file}: unsupported output format (use ${IMAGE_EXTENSIONS.join(', ')})`);
  writeFileAtomic(file, await encoded.toBuffer());
}

/** [1, C, H, W] in [-1, 1]: x / 127.5 − 1, as ToTensor + Normalize(0.5, 0.5) do. */
export function imageToTensor(img: RawImage): Tensor {
  return tidy(() => tensor(img.data, [img.height, img.width, img.channels], { dtype: 'uint8' })
    .permute(2, 0, 1).float().div(127.5).sub(1).reshape(1, img.channels, img.height, img.width));
}

/** Stacks same-sized images into one [N, C, H, W] batch. */
export function imagesToTensor(imgs: RawImage[]): Tensor {
  return tidy(() => cat(imgs.map(imageToTensor), 0));
}

/** One image from [C, H, W] or [1, C, H, W] in [-1, 1]: clamped, (x + 1) · 127.5, rounded. */
export function tensorToImage(t: Tensor): RawImage {
  return tidy(() => {
    const x = t.ndim === 4 ? t.select(0, 0) : t;
    const [c, h, w] = x.shape as [number, number, number];
    if (c !== 1 && c !== 3) throw new Error(`cannot make an image of ${c} channels`);
    const scaled = x.float().clamp(-1, 1).add(1).mul(127.5);
    const bytes = (call('aten::round', [scaled]) as Tensor).to('uint8').permute(1, 2, 0).contiguous().data() as Uint8Array;
    return { data: new Uint8Array(bytes), width: w, height: h, channels: c as 1 | 3 };
  });
}
