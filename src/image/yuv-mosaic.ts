// The mean mosaic straight on a yuv420p video frame, with no trip through RGB: a cell's Y is the mean of its
// pixels' Y and its U and V the means of its pixels' (shared) chroma samples. The conversion to RGB is linear,
// so these are the RGB mean's own coordinates, less the rounding and clamping of converting every pixel there
// and back (within a grey level or two of pixelate on the RGB frame; test/image/yuv-mosaic.test.ts).
import type { Box } from '../util/box.js';
import { mod } from '../util/math.js';
import { Mulberry32 } from '../util/rng.js';
import { boundingBox } from './mask.js';
import { mosaicLattice, type PixelateOptions } from './pixelate.js';
import { yuv420Layout } from './yuv.js';

/** Whether pixelateYuv420 does what pixelate would: the mean style, no feather, a hard (0/255) mask. */
export function yuvMosaicFits(opts: PixelateOptions, mask: Uint8Array): boolean {
  if ((opts.style ?? 'mean') !== 'mean' || (opts.feather ?? 0) > 0) return false;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0 && mask[i] !== 255) return false;
  return true;
}

/**
 * Pixelates the masked pixels of a yuv420p frame in place. `mask` is `win`-sized (even coordinates) and the
 * window holds every cell the mask touches whole, or up to the frame's edge (censor/window.ts); the lattice is
 * pixelate's for the same options (`maskBox`: the mask's bounding box when the caller knows it). Masked pixels take their cell's Y; each 2×2 chroma block with a masked pixel
 * takes the mean chroma of its four pixels (masked ones their cell's, the others their own). Nothing else changes.
 */
export function pixelateYuv420(frame: Uint8Array, width: number, height: number, win: Box, mask: Uint8Array, opts: PixelateOptions = {},
  maskBox?: Box | null): { blockW: number; blockH: number; phaseX: number; phaseY: number } {
  const L = yuv420Layout(width, height), cw = width >> 1;
  const box = maskBox !== undefined ? maskBox : boundingBox({ data: mask, width: win.w, height: win.h }); // known already, or measured
  const lattice = mosaicLattice(box, win.w, win.h, { ...opts, origin: [win.x, win.y] }, new Mulberry32(opts.seed ?? 0));
  if (!box) return lattice;
  const { blockW: bw, blockH: bh, phaseX, phaseY } = lattice;
  // plain views and locals: the loops below run over every pixel of the window
  const fY = new Uint8Array(frame.buffer, frame.byteOffset, L.u);
  const fU = new Uint8Array(frame.buffer, frame.byteOffset + L.u, L.v - L.u), fV = new Uint8Array(frame.buffer, frame.byteOffset + L.v, L.v - L.u);
  const m = new Uint8Array(mask.buffer, mask.byteOffset, mask.length);
  const wx = win.x, wy = win.y, ww = win.w, wh = win.h;
  // cells over the mask's box, in window pixels (the first may start before the window)
  const firstX = box.x - mod(box.x + wx - phaseX, bw), firstY = box.y - mod(box.y + wy - phaseY, bh);
  const cols = Math.ceil((box.x + box.w - firstX) / bw), rows = Math.ceil((box.y + box.h - firstY) / bh);
  const cellU = new Float64Array(cols * rows), cellV = new Float64Array(cols * rows);
  const colOf = Int32Array.from({ length: ww }, (_, x) => Math.floor((x - firstX) / bw));
  const chromaOf = Int32Array.from({ length: ww }, (_, x) => (wx + x) >> 1); // each window column's chroma column
  const g: Geometry = { width, cw, wx, wy, ww, wh, bw, bh, firstX, firstY, cols, rows };
  cellsInPlace(fY, fU, fV, m, g, cellU, cellV, chromaOf);
  chromaInPlace(fU, fV, m, g, cellU, cellV, colOf);
  return lattice;
}

interface Geometry { width: number; cw: number; wx: number; wy: number; ww: number; wh: number; bw: number; bh: number; firstX: number; firstY: number; cols: number; rows: number }

// The two passes are functions of their own: each is compiled on its own loops' type feedback (in one function
// the optimised code kept bailing out in the pass it had not yet seen run, once per frame).

/** Each touched cell's mean Y written into its masked pixels; its mean U and V kept for the chroma pass. */
function cellsInPlace(fY: Uint8Array, fU: Uint8Array, fV: Uint8Array, m: Uint8Array, g: Geometry, cellU: Float64Array, cellV: Float64Array, chromaOf: Int32Array): void {
  const { width, cw, wx, wy, ww, wh, bw, bh, firstX, firstY, cols, rows } = g;
  for (let r = 0; r < rows; r++) {
    const y0 = Math.max(0, firstY + r * bh), y1 = Math.min(wh, firstY + (r + 1) * bh);
    for (let c = 0; c < cols; c++) {
      const x0 = Math.max(0, firstX + c * bw), x1 = Math.min(ww, firstX + (c + 1) * bw);
      let touched = false;
      for (let y = y0; y < y1 && !touched; y++) for (let i = y * ww + x0, end = y * ww + x1; i < end; i++) if (m[i]) { touched = true; break; }
      if (!touched) continue;
      let sy = 0, su = 0, sv = 0;
      for (let y = y0; y < y1; y++) {
        const fy = wy + y, yRow = fy * width + wx, cRow = (fy >> 1) * cw;
        for (let x = x0; x < x1; x++) {
          const k = cRow + chromaOf[x]!;
          sy += fY[yRow + x]!; su += fU[k]!; sv += fV[k]!;
        }
      }
      const n = (x1 - x0) * (y1 - y0), yMean = Math.round(sy / n);
      cellU[r * cols + c] = su / n; cellV[r * cols + c] = sv / n;
      for (let y = y0; y < y1; y++) {
        const yRow = (wy + y) * width + wx, mRow = y * ww;
        for (let x = x0; x < x1; x++) if (m[mRow + x]) fY[yRow + x] = yMean;
      }
    }
  }
}

/** Each 2×2 chroma block with a masked pixel: the mean of its four pixels' chroma (masked ones their cell's). */
function chromaInPlace(fU: Uint8Array, fV: Uint8Array, m: Uint8Array, g: Geometry, cellU: Float64Array, cellV: Float64Array, colOf: Int32Array): void {
  const { cw, wx, wy, ww, wh, bh, firstY, cols } = g;
  // chroma: per 2×2 block of the window that holds a masked pixel
  for (let y = 0; y < wh; y += 2) {
    const rowA = Math.floor((y - firstY) / bh) * cols, rowB = Math.floor((y + 1 - firstY) / bh) * cols;
    const c0 = ((wy + y) >> 1) * cw + (wx >> 1);
    for (let x = 0; x < ww; x += 2) {
      const p = y * ww + x;
      const m0 = m[p]!, m1 = m[p + 1]!, m2 = m[p + ww]!, m3 = m[p + ww + 1]!;
      if (!(m0 | m1 | m2 | m3)) continue;
      const k = c0 + (x >> 1), u = fU[k]!, v = fV[k]!;
      const a = colOf[x]!, b = colOf[x + 1]!;
      let su = 0, sv = 0;
      su += m0 ? cellU[rowA + a]! : u; sv += m0 ? cellV[rowA + a]! : v;
      su += m1 ? cellU[rowA + b]! : u; sv += m1 ? cellV[rowA + b]! : v;
      su += m2 ? cellU[rowB + a]! : u; sv += m2 ? cellV[rowB + a]! : v;
      su += m3 ? cellU[rowB + b]! : u; sv += m3 ? cellV[rowB + b]! : v;
      fU[k] = Math.round(su / 4); fV[k] = Math.round(sv / 4);
    }
  }
}
