// Censoring a video frame touches only the cells its regions reach. That part of the frame (the window) is
// read as RGB, pixelated as a window of the frame (pixelate's `origin` keeps the frame's grid) and written
// back; the rest of the frame is not copied, scanned or colour-converted. The result equals censoring the
// whole frame (test/censor/window.test.ts).
import { autoBlockSize, pixelate } from '../image/pixelate.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Box } from '../util/box.js';
import { censorWithMask, type CensorOptions, type CensoredRegion } from './censor.js';

/** The largest cell (width, height) the options can give a region inside `bounds`: 'auto' grows with the region. */
export function largestCell(bounds: Box, opts: CensorOptions): [number, number] {
  const block = opts.block ?? 'auto';
  const size = block === 'auto' ? autoBlockSize(bounds, opts.autoDivisor) : Math.round(block);
  return [opts.style === 'rect' ? Math.max(1, Math.round(size * (opts.aspect ?? 2))) : size, size];
}

/**
 * The window for a mask whose pixels lie inside `bounds`: every cell that can touch them, and at least one
 * pixel around them (the feather's distance sees the mask's outside there), clipped to the frame; with
 * `even`, grown to even coordinates (whole 2×2 chroma blocks of a yuv420p frame).
 */
export function censorWindow(bounds: Box, width: number, height: number, opts: CensorOptions, even = false): Box {
  const [bw, bh] = largestCell(bounds, opts);
  let x0 = Math.max(0, bounds.x - bw), y0 = Math.max(0, bounds.y - bh);
  let x1 = Math.min(width, bounds.x + bounds.w + bw), y1 = Math.min(height, bounds.y + bounds.h + bh);
  if (even) { x0 &= ~1; y0 &= ~1; x1 = Math.min(width, (x1 + 1) & ~1); y1 = Math.min(height, (y1 + 1) & ~1); }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The pixels (x0, y0, x1, y1 exclusive) boxes fill in a width × height mask, as boxesToMask rounds them; null when none. */
export function maskBounds(boxes: Box[], width: number, height: number): Box | null {
  let x0 = width, y0 = height, x1 = 0, y1 = 0;
  for (const b of boxes) {
    const bx0 = Math.max(0, Math.floor(b.x)), by0 = Math.max(0, Math.floor(b.y));
    const bx1 = Math.min(width, Math.floor(b.x + b.w)), by1 = Math.min(height, Math.floor(b.y + b.h));
    if (bx1 <= bx0 || by1 <= by0) continue;
    x0 = Math.min(x0, bx0); y0 = Math.min(y0, by0); x1 = Math.max(x1, bx1); y1 = Math.max(y1, by1);
  }
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/**
 * Copies a box-sized RGB image into its place in an interleaved RGB frame, by rows (sheet.ts's paste goes pixel
 * by pixel, to clip and convert channels; a window inside an RGB frame needs neither). Its read: sheet.ts's crop.
 */
export function pasteRgb(frame: Uint8Array, width: number, box: Box, rgb: Uint8Array): void {
  for (let y = 0; y < box.h; y++) frame.set(rgb.subarray(y * box.w * 3, (y + 1) * box.w * 3), ((box.y + y) * width + box.x) * 3);
}

/**
 * Pixelates a window (`image`, with its window-sized mask) at `window` of the frame: as one region with
 * one cell size when `single` (the boxes are already known: no component pass), else per connected region
 * as censorWithMask does. `regions` (the per-region path's) are in frame coordinates.
 */
export function censorInWindow(image: Raster, mask: Mask, window: Box, opts: CensorOptions, single: boolean):
  { image: Raster; cell: [number, number]; regions: CensoredRegion[] } {
  const o: CensorOptions = { ...opts, origin: [window.x, window.y] };
  if (single) {
    const r = pixelate(image, mask, o);
    return { image: r.image, cell: [r.blockW, r.blockH], regions: [] };
  }
  const r = censorWithMask(image, mask, o);
  return { image: r.image, cell: [0, 0], regions: r.regions.map((g) => ({ ...g, x: g.x + window.x, y: g.y + window.y })) };
}
