// Censoring = find regions, then pixelate them. censorImage is the library entry point for one image;
// censorFrame works on a raw RGB(A) buffer with a ready mask, for the video pipeline's per-frame use.
import type { Raster } from '../image/raster.js';
import { maskComponents, type Box, type Mask } from '../image/mask.js';
import { MOSAIC_STYLES, pixelate, type PixelateOptions } from '../image/pixelate.js';
import { findRegions, type RegionFinder } from '../inputs/regions.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface CensorOptions extends PixelateOptions {
  /** Files and videos: write one in which no finder found anything (unchanged); default: refuse it, write nothing. */
  allowEmpty?: boolean;
}

/** The cells' size and look: `tessera censor` and the page's censor (the server) read them from here. */
export const CENSOR_CELL_OPTIONS: OptionSchema = [
  { key: 'block', flag: '--block <n>', type: 'int', min: 1, max: 4096, word: 'auto', default: 'auto', help: 'cell size in pixels, or auto = max(4, round(min(w,h)/12)) per region' },
  { key: 'style', flag: '--style <style>', type: 'choice', choices: MOSAIC_STYLES, default: 'mean', help: `cell look: ${MOSAIC_STYLES.join(' | ')}` },
];

/** A censor that found nothing must not publish the file as if it were hidden: this error says so instead. */
export function nothingFound(input: string, specs: string[]): Error {
  return new Error(`${input}: ${specs.join(', ') || 'the finder'} found nothing to censor; nothing written (--allow-empty writes it unchanged)`);
}

export interface CensoredRegion extends Box {
  /** Cell width and height used for this region. */
  block: number;
  blockH: number;
}

export interface CensorResult {
  image: Raster;
  mask: Mask;
  regions: CensoredRegion[];
}

/**
 * Pixelates the masked part of an image. With block 'auto' each connected region gets its own cell size
 * (from its own size), so a small face and a large sign are both covered sensibly.
 */
export function censorWithMask(image: Raster, mask: Mask, opts: CensorOptions = {}): CensorResult {
  const boxes = maskComponents(mask);
  const regions: CensoredRegion[] = [];
  if ((opts.block ?? 'auto') !== 'auto' || boxes.length <= 1) {
    const r = pixelate(image, mask, opts);
    for (const b of boxes) regions.push({ ...b, block: r.blockW, blockH: r.blockH });
    return { image: r.image, mask, regions };
  }
  let current = image;
  boxes.forEach((b, k) => {
    const part: Mask = { width: mask.width, height: mask.height, data: new Uint8Array(mask.data.length) };
    for (let y = b.y; y < b.y + b.h; y++) {
      for (let x = b.x; x < b.x + b.w; x++) part.data[y * mask.width + x] = mask.data[y * mask.width + x]!;
    }
    // Per-region seeds keep runs reproducible while regions do not share one random stream.
    const r = pixelate(current, part, { ...opts, seed: (opts.seed ?? 0) + k * 7919 });
    regions.push({ ...b, block: r.blockW, blockH: r.blockH });
    current = r.image;
  });
  return { image: current, mask, regions };
}

export async function censorImage(image: Raster, finders: RegionFinder[], opts: CensorOptions = {}): Promise<CensorResult> {
  const { mask } = await findRegions(image, finders);
  return censorWithMask(image, mask, opts);
}

/** Per-frame entry for video: raw interleaved RGB/RGBA bytes in, new bytes out (input untouched). */
export function censorFrame(frame: Uint8Array, width: number, height: number, channels: number, mask: Mask,
  opts: CensorOptions = {}): Uint8Array {
  return censorWithMask({ data: frame, width, height, channels }, mask, opts).image.data;
}
