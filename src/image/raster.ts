// Raw 8-bit images (interleaved RGB or RGBA) and their decoding/encoding through sharp.
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic.js';
import { openImage, type OpenImageOptions } from './open.js';

export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA); 1 for grey masks. */
  channels: number;
}

/** The image files tessera reads and writes (sharp's formats that every prebuilt binary has). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];

export function isImageFile(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** How a reader treats animations (default: refused); see openImage. */
export interface ReadOptions { animated?: OpenImageOptions['animated'] }

/** Decodes an image file (or bytes) to RGB or RGBA, EXIF rotation applied; the error names the file. */
export async function readRaster(input: string | Uint8Array, name = typeof input === 'string' ? input : 'image', opts: ReadOptions = {}): Promise<Raster> {
  const { image } = await openImage(input, { name, animated: opts.animated });
  try {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    let raster: Raster = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
    if (raster.channels === 1 || raster.channels === 2) raster = await toRgb(raster);
    return raster;
  } catch (e) {
    throw new Error(`${name}: cannot read image (${reason(e)})`);
  }
}

/** Decodes to exactly `channels` channels: EXIF rotation applied, alpha dropped, grey or sRGB. */
export async function readImage(file: string, channels: 1 | 3 = 3, opts: ReadOptions = {}): Promise<Raster> {
  const { image } = await openImage(file, { animated: opts.animated });
  try {
    const img = channels === 1 ? image.removeAlpha().greyscale() : image.removeAlpha().toColourspace('srgb');
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels, expected ${channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels };
  } catch (e) {
    throw new Error(`${file}: cannot read image (${reason(e)})`);
  }
}

async function toRgb(r: Raster): Promise<Raster> {
  const { data, info } = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels as 1 | 2 } })
    .toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
}

export interface EncodeOptions { format?: 'png' | 'jpeg' | 'webp'; quality?: number }

export function formatOf(file: string): 'png' | 'jpeg' | 'webp' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.webp') return 'webp';
  throw new Error(`${file}: unsupported image format "${ext}" (use .png, .jpg, .jpeg or .webp)`);
}

export async function encodeRaster(r: Raster, { format = 'png', quality = 92 }: EncodeOptions = {}): Promise<Uint8Array> {
  const img = sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels as 1 | 2 | 3 | 4 } });
  const out = format === 'png' ? img.png() : format === 'jpeg' ? img.jpeg({ quality }) : img.webp({ quality });
  return out.toBuffer();
}

/** Encodes by the file's extension and writes atomically (temp file + rename). */
export async function writeRaster(file: string, r: Raster, opts: Omit<EncodeOptions, 'format'> = {}): Promise<void> {
  writeFileAtomic(file, await encodeRaster(r, { ...opts, format: formatOf(file) }));
}

/** JPEG round trip: the degradation a mosaic meets in the wild. */
export async function jpegRoundTrip(r: Raster, quality: number): Promise<Raster> {
  return readRaster(await encodeRaster(r, { format: 'jpeg', quality }));
}

export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos3';

export async function resizeRaster(r: Raster, width: number, height: number, kernel: ResizeKernel = 'lanczos3'): Promise<Raster> {
  const { data, info } = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels as 1 | 2 | 3 | 4 } })
    .resize(width, height, { fit: 'fill', kernel }).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
}

/** The same pixels as 3-channel RGB (alpha dropped, grey expanded); RGB input is returned as is. */
export function rgbPixels(r: Raster): Raster {
  if (r.channels === 3) return r;
  const n = r.width * r.height, out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = r.data[i * r.channels + (r.channels < 3 ? 0 : c)]!;
  return { data: out, width: r.width, height: r.height, channels: 3 };
}

/** BT.601 luma as floats, the signal the mosaic detector reads; of the pixels in `box` only when given (the region scores). */
export function luma(r: Raster, box: { x: number; y: number; w: number; h: number } = { x: 0, y: 0, w: r.width, h: r.height }): Float32Array {
  const out = new Float32Array(box.w * box.h), c = r.channels;
  for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) {
    const i = ((box.y + y) * r.width + box.x + x) * c;
    out[y * box.w + x] = c < 3 ? r.data[i]! : 0.299 * r.data[i]! + 0.587 * r.data[i + 1]! + 0.114 * r.data[i + 2]!;
  }
  return out;
}

/**
 * The whole image's luma array, filled inside the boxes only (0 elsewhere): for readers of a few regions of
 * a large frame, where the rest would be computed for nothing.
 */
export function lumaWithin(r: Raster, boxes: { x: number; y: number; w: number; h: number }[]): Float32Array {
  const out = new Float32Array(r.width * r.height);
  for (const b of boxes) {
    const l = luma(r, b);
    for (let y = 0; y < b.h; y++) out.set(l.subarray(y * b.w, (y + 1) * b.w), (b.y + y) * r.width + b.x);
  }
  return out;
}
