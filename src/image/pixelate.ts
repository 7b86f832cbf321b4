// Mosaic (pixelation) of the masked part of an image. Pure: returns a new image; pixels where the mask is
// 0 are copied bit for bit. The grid is a lattice of cells `blockW`×`blockH` whose lines sit at
// x ≡ phaseX (mod blockW) and y ≡ phaseY (mod blockH). Each cell gets one colour (per style), and a pixel
// becomes  in·(1−a) + colour·a,  a = mask/255 × feather ramp, rounded; a = 1 gives the colour exactly.
//
// Styles:
//   mean    cell colour = rounded mean of the cell's pixels (the cell clipped to the image).
//   center  cell colour = the pixel at the centre of the (clipped) cell.
//   random  cell colour = one pixel of the cell picked by the seeded PRNG.
//   rect    like mean, on cells `block` tall and round(block·aspect) wide (aspect 2 by default).
//   circle  LED-dot look: inside the disc of diameter min(blockW, blockH) centred on the cell the mean
//           colour, outside it (the corners) the mean at half brightness (alpha, if any, stays the mean).
import type { Raster } from './raster.js';
import { boundingBox, insideDistance, type Box, type Mask } from './mask.js';
import { Mulberry32 } from '../util/rng.js';
import { mod } from '../util/math.js';

export const MOSAIC_STYLES = ['mean', 'center', 'random', 'rect', 'circle'] as const;
export type MosaicStyle = (typeof MOSAIC_STYLES)[number];

export interface PixelateOptions {
  style?: MosaicStyle;
  /** Cell size in pixels, or 'auto': max(4, round(min(w, h) / autoDivisor)) of the mask's bounding box. */
  block?: number | 'auto';
  autoDivisor?: number;
  /** rect style: cell width / cell height. */
  aspect?: number;
  /** Width in pixels of the soft blend at the inner edge of the mask (0: hard edge). */
  feather?: number;
  /** Grid origin: 'box' anchors it at the mask's bounding box, 'random' draws it from the seed. */
  phase?: 'box' | 'random' | [number, number];
  seed?: number;
  /**
   * The image is a window at this position of a larger one (a video frame): the grid and the phases are
   * the larger image's, so a window that holds every cell the mask touches gives that image's pixels.
   */
  origin?: [number, number];
}

export interface PixelateResult {
  image: Raster;
  blockW: number;
  blockH: number;
  phaseX: number;
  phaseY: number;
}


export function autoBlockSize(box: Box, divisor = 12): number {
  return Math.max(4, Math.round(Math.min(box.w, box.h) / divisor));
}

/**
 * The lattice pixelate puts over a mask whose pixels span `box` (null: none) in a W×H image: cell size and
 * phases (in the larger image's coordinates when `opts.origin` is set). `rng` is the call's stream: a random
 * phase draws from it first, as pixelate does.
 */
export function mosaicLattice(box: Box | null, W: number, H: number, opts: PixelateOptions, rng: Mulberry32): { blockW: number; blockH: number; phaseX: number; phaseY: number } {
  const style = opts.style ?? 'mean';
  const block = opts.block ?? 'auto';
  const size = block === 'auto' ? autoBlockSize(box ?? { x: 0, y: 0, w: W, h: H }, opts.autoDivisor) : Math.round(block);
  if (!(size >= 1)) throw new Error(`block size must be a positive number of pixels, got ${block}`);
  const blockH = size;
  const blockW = style === 'rect' ? Math.max(1, Math.round(size * (opts.aspect ?? 2))) : size;
  const phase = opts.phase ?? 'box';
  const [ox, oy] = opts.origin ?? [0, 0];
  const [phaseX, phaseY] = phase === 'random' ? [rng.int(0, blockW - 1), rng.int(0, blockH - 1)]
    : phase === 'box' ? [mod((box?.x ?? 0) + ox, blockW), mod((box?.y ?? 0) + oy, blockH)]
    : [mod(Math.round(phase[0]), blockW), mod(Math.round(phase[1]), blockH)];
  return { blockW, blockH, phaseX, phaseY };
}

export function pixelate(image: Raster, mask: Mask, opts: PixelateOptions = {}): PixelateResult {
  const { width: W, height: H, channels: C } = image;
  if (mask.width !== W || mask.height !== H) throw new Error(`mask is ${mask.width}×${mask.height}, image is ${W}×${H}`);
  const style = opts.style ?? 'mean';
  if (!MOSAIC_STYLES.includes(style)) throw new Error(`unknown mosaic style "${style}" (use ${MOSAIC_STYLES.join(', ')})`);
  const rng = new Mulberry32(opts.seed ?? 0);
  const out: Raster = { ...image, data: new Uint8Array(image.data) };
  const box = boundingBox(mask);
  const { blockW, blockH, phaseX, phaseY } = mosaicLattice(box, W, H, opts, rng);
  const [ox, oy] = opts.origin ?? [0, 0];
  const result = { image: out, blockW, blockH, phaseX, phaseY };
  if (!box) return result;

  const feather = opts.feather ?? 0;
  const dist = feather > 0 ? insideDistance(mask) : null;
  const m = mask.data, src = image.data, dst = out.data;

  const colour = new Float64Array(C);
  const dim = new Float64Array(C);
  const firstX = box.x - mod(box.x + ox - phaseX, blockW);
  const firstY = box.y - mod(box.y + oy - phaseY, blockH);
  for (let cy = firstY; cy < box.y + box.h; cy += blockH) {
    const y0 = Math.max(0, cy), y1 = Math.min(H, cy + blockH);
    for (let cx = firstX; cx < box.x + box.w; cx += blockW) {
      const x0 = Math.max(0, cx), x1 = Math.min(W, cx + blockW);
      let touched = false;
      for (let y = y0; y < y1 && !touched; y++) for (let i = y * W + x0, end = y * W + x1; i < end; i++) if (m[i]) { touched = true; break; }
      // The random style draws for every cell, touched or not, so a pixel's colour does not depend on
      // which other cells the mask happens to reach.
      const pick = style === 'random' ? [rng.int(x0, x1 - 1), rng.int(y0, y1 - 1)] as const : null;
      if (!touched) continue;
      cellColour(image, style, x0, y0, x1, y1, pick, colour);
      for (let c = 0; c < C; c++) dim[c] = style === 'circle' && (C < 4 || c < 3) ? Math.round(colour[c]! * 0.5) : colour[c]!;
      const ccx = cx + blockW / 2, ccy = cy + blockH / 2, r2 = (Math.min(blockW, blockH) / 2) ** 2;
      if (C === 3 && style !== 'circle' && !dist) { // the video case: whole cells of one colour, set row by row
        const r = colour[0]!, g = colour[1]!, b = colour[2]!;
        for (let y = y0; y < y1; y++) {
          for (let i = y * W + x0, end = y * W + x1; i < end; i++) {
            const mi = m[i]!;
            if (!mi) continue;
            const k = i * 3;
            if (mi === 255) { dst[k] = r; dst[k + 1] = g; dst[k + 2] = b; continue; }
            const a = mi / 255;
            dst[k] = Math.round(src[k]! * (1 - a) + r * a);
            dst[k + 1] = Math.round(src[k + 1]! * (1 - a) + g * a);
            dst[k + 2] = Math.round(src[k + 2]! * (1 - a) + b * a);
          }
        }
        continue;
      }
      for (let y = y0; y < y1; y++) {
        for (let x = x0, i = y * W + x0; x < x1; x++, i++) {
          const mi = m[i]!;
          if (!mi) continue;
          const v = style !== 'circle' || (x + 0.5 - ccx) ** 2 + (y + 0.5 - ccy) ** 2 <= r2 ? colour : dim;
          const k = i * C;
          if (mi === 255 && (!dist || dist[i]! >= feather)) { // a = 1: the colour itself
            for (let c = 0; c < C; c++) dst[k + c] = v[c]!;
            continue;
          }
          const a = (mi / 255) * (dist ? Math.min(1, dist[i]! / feather) : 1);
          for (let c = 0; c < C; c++) dst[k + c] = a >= 1 ? v[c]! : Math.round(src[k + c]! * (1 - a) + v[c]! * a);
        }
      }
    }
  }
  return result;
}

function cellColour(img: Raster, style: MosaicStyle, x0: number, y0: number, x1: number, y1: number,
  pick: readonly [number, number] | null, out: Float64Array): void {
  const { width: W, channels: C, data } = img;
  if (style === 'center' || pick) {
    const [x, y] = pick ?? [Math.floor((x0 + x1 - 1) / 2), Math.floor((y0 + y1 - 1) / 2)];
    for (let c = 0; c < C; c++) out[c] = data[(y * W + x) * C + c]!;
    return;
  }
  out.fill(0);
  if (C === 3) { // the video case, unrolled
    let r = 0, g = 0, b = 0;
    for (let y = y0; y < y1; y++) for (let k = (y * W + x0) * 3, end = (y * W + x1) * 3; k < end; k += 3) { r += data[k]!; g += data[k + 1]!; b += data[k + 2]!; }
    out[0] = r; out[1] = g; out[2] = b;
  } else {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < C; c++) out[c] += data[(y * W + x) * C + c]!;
  }
  const n = (x1 - x0) * (y1 - y0);
  for (let c = 0; c < C; c++) out[c] = Math.round(out[c]! / n);
}
