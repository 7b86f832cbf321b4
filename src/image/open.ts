// The one place where an image file (or encoded bytes) becomes a sharp pipeline. Every reader of
// images goes through it, so every one of them gets the same checks before decoding: not empty, a
// pixel count under the limit (a 100-byte PNG may declare 40,000 × 40,000), EXIF orientation applied,
// and animations either refused or cut to their first frame.
import fs from 'node:fs';
import sharp from 'sharp';

/** 100 megapixels: a 12,000 × 8,000 camera frame fits; its RGB bytes alone are 300 MB, tensors several times that. */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

/** The pixel limit: `TESSERA_MAX_PIXELS` when set (a positive integer), else the default. */
export function maxImagePixels(): number {
  const env = process.env.TESSERA_MAX_PIXELS;
  if (env === undefined || env === '') return DEFAULT_MAX_IMAGE_PIXELS;
  const n = Number(env);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`TESSERA_MAX_PIXELS is "${env}", not a positive whole number of pixels`);
  return n;
}

export interface OpenImageOptions {
  /** The file's name in errors (default: the path, or "image" for bytes). */
  name?: string;
  /** What the file is to the caller, in errors: "cannot read WHAT (why)" (default "image"). */
  what?: string;
  /**
   * An animated image (WebP, APNG with several frames): 'refuse' (default, for commands that write a
   * changed copy: a still output would silently drop the other frames) or 'first-frame' (for readers
   * that only look: detection, datasets, evaluation).
   */
  animated?: 'refuse' | 'first-frame';
}

export interface OpenedImage {
  /** The pipeline, EXIF rotation already applied; add operations and call raw()/toBuffer(). */
  image: sharp.Sharp;
  /** The size as displayed (after the EXIF rotation). */
  width: number;
  height: number;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Opens an image for decoding; throws `NAME: cannot read image (why)` on anything it cannot or will not decode. */
export async function openImage(input: string | Uint8Array, opts: OpenImageOptions = {}): Promise<OpenedImage> {
  const name = opts.name ?? (typeof input === 'string' ? input : 'image');
  const fail = (why: string) => new Error(`${name}: cannot read ${opts.what ?? 'image'} (${why})`);
  const bytes = typeof input === 'string' ? fileSize(input, fail) : input.length;
  if (bytes === 0) throw fail('the file is empty, 0 bytes');
  const limit = maxImagePixels();
  let meta: sharp.Metadata;
  try {
    // header only: the pixel limit is checked here, with the declared size, before anything is decoded
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw fail(firstLine(e));
  }
  const w = meta.width ?? 0, h = meta.height ?? 0;
  if (!(w > 0 && h > 0)) throw fail('no image size in its header');
  if (w * h > limit) {
    throw fail(`${w} × ${h} = ${count(w * h)} pixels, over the limit of ${count(limit)}; ` +
      'downscale it first, or raise TESSERA_MAX_PIXELS if the memory is there');
  }
  const pages = meta.pages ?? 1;
  if (pages > 1 && (opts.animated ?? 'refuse') === 'refuse') {
    throw fail(`animated, ${pages} frames; this command reads still images only: take one frame out first, e.g. ffmpeg -i IN -frames:v 1 frame.png`);
  }
  // EXIF orientations 5–8 turn the picture a quarter: the displayed size is the stored one swapped
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  // sharp's own limit stays on as a second guard (pages: 1 is its default: the first frame)
  const image = sharp(input, { limitInputPixels: limit, pages: 1 }).rotate();
  return { image, width: quarterTurn ? h : w, height: quarterTurn ? w : h };
}

function fileSize(file: string, fail: (why: string) => Error): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(e));
  }
  if (!st.isFile()) throw fail('not a file');
  return st.size;
}
