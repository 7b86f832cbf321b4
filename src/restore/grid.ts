// The cell grid of a region the detector did not measure (a given box: / mask:, or a detected region
// reported with block 0): the same lattice search the learned detector runs per region
// (detect-lattice.ts regionLattice), over a crop around the region so a small region in a large image
// costs little.
import type { CellGrid } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { regionLattice } from '../mosaic/detect-lattice.js';
import type { Box, Mask } from '../mosaic/mask.js';
import { edgeMaps } from '../mosaic/net/features.js';

export interface MeasureGridOptions {
  /** The codec the image went through: its block lattice is discounted (JPEG 8 px, H.264 4 px). */
  codec?: 'jpeg' | 'h264';
}

/** Thrown when no lattice stands out inside a region. */
export class NoGridError extends Error {}

/** A box as people write it in messages: x,y w×h. */
export const describeBox = (b: Box) => `${b.x},${b.y} ${b.w}×${b.h}`;

const mod = (a: number, n: number) => ((a % n) + n) % n;

function cropRaster(image: Raster, c: Box): Raster {
  const { width: W, channels: C } = image;
  const data = new Uint8Array(c.w * c.h * C);
  for (let y = 0; y < c.h; y++) data.set(image.data.subarray(((c.y + y) * W + c.x) * C, ((c.y + y) * W + c.x + c.w) * C), y * c.w * C);
  return { data, width: c.w, height: c.h, channels: C };
}

/**
 * Cell size and phase (image coordinates) of the mosaic inside `box`, counting only pixels the mask
 * marks (> 127). Throws NoGridError when no lattice stands out.
 */
export function measureCellGrid(image: Raster, mask: Mask, box: Box, o: MeasureGridOptions = {}): CellGrid {
  const { width: W, height: H } = image;
  if (mask.width !== W || mask.height !== H) throw new Error(`mask is ${mask.width}×${mask.height}, image is ${W}×${H}`);
  const codecGrid = o.codec === 'h264' ? 4 : 8;
  // The jump test reads two pixels before and one after each line: 3 px of context on every side. The
  // crop starts on the codec's lattice so its block edges stay where the jump maps expect them.
  const x0 = Math.floor(Math.max(0, box.x - 3) / codecGrid) * codecGrid, y0 = Math.floor(Math.max(0, box.y - 3) / codecGrid) * codecGrid;
  const x1 = Math.min(W, box.x + box.w + 3), y1 = Math.min(H, box.y + box.h + 3);
  const crop: Box = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  const jumps = edgeMaps(cropRaster(image, crop), codecGrid);
  const outside = new Uint8Array(crop.w * crop.h).fill(1);
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++)
    if (mask.data[y * W + x]! > 127) outside[(y - y0) * crop.w + x - x0] = 0;
  const g = regionLattice(jumps, crop.w, outside, { x0: box.x - x0, y0: box.y - y0, x1: box.x + box.w - x0, y1: box.y + box.h - y0 });
  if (!g.block || !g.blockH) throw new NoGridError(`no mosaic grid found in region ${describeBox(box)} (a region needs at least 3 whole cells across and down)`);
  return { blockW: g.block, blockH: g.blockH, phaseX: mod(g.phaseX + x0, g.block), phaseY: mod(g.phaseY + y0, g.blockH) };
}
