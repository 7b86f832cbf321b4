// The pixel outline of a detected region. Censor masks rarely follow grid lines, so the outer cells of a
// mosaic are cut: part cell colour, part untouched picture. Kept cells on the outline are trimmed to
// their mosaic part, and unkept neighbours gain the constant strip next to the region.
import { T } from './tuning.js';
import type { Mask } from '../image/mask.js';

/** Mean and mean deviation of one column c (vertical) or row c of the box [x0,x1)×[y0,y1). */
function lineStats(L: Float32Array, W: number, x0: number, y0: number, x1: number, y1: number, vertical: boolean, c: number) {
  let s = 0, n = 0;
  if (vertical) for (let y = y0; y < y1; y++) { s += L[y * W + c]!; n++; }
  else for (let x = x0; x < x1; x++) { s += L[c * W + x]!; n++; }
  const m = s / n;
  let d = 0;
  if (vertical) for (let y = y0; y < y1; y++) d += Math.abs(L[y * W + c]! - m);
  else for (let x = x0; x < x1; x++) d += Math.abs(L[c * W + x]! - m);
  return { m, d: d / n };
}

export interface CellGrid { nx: number; ny: number; cx0: number; cy0: number; bw: number; bh: number; keep: Uint8Array }

/**
 * A kept cell on the region's outline may be only partly
 * mosaic (the censor's mask cut it) with smooth picture in the rest. From the outer side inwards, lines
 * (columns or rows) that do not match the cell's innermost line are taken off the mask.
 */
export function trimBorderCells(L: Float32Array, W: number, mask: Mask, g: CellGrid): void {
  const { nx, ny, cx0, cy0, bw, bh, keep } = g;
  const kept = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && keep[j * nx + i] === 1;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!kept(i, j)) continue;
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh, x1 = x0 + bw, y1 = y0 + bh;
    const trim = (vertical: boolean, fromLow: boolean) => {
      const n = vertical ? bw : bh, base = vertical ? x0 : y0;
      const line = (t: number) => (fromLow ? base + t : base + n - 1 - t);
      const ref = lineStats(L, W, x0, y0, x1, y1, vertical, line(n - 1)).m;
      for (let t = 0; t < n - 1; t++) {
        const c = line(t);
        const st = lineStats(L, W, x0, y0, x1, y1, vertical, c);
        if (Math.abs(st.m - ref) <= T.trimTol && st.d <= T.trimTol / 2) break;
        if (vertical) for (let y = y0; y < y1; y++) mask.data[y * W + c] = 0;
        else mask.data.fill(0, c * W + x0, c * W + x1);
      }
    };
    if (!kept(i - 1, j)) trim(true, true);
    if (!kept(i + 1, j)) trim(true, false);
    if (!kept(i, j - 1)) trim(false, true);
    if (!kept(i, j + 1)) trim(false, false);
  }
}

/**
 * An unkept cell next to the region may hold a cut cell: a constant strip beside the shared side. Lines
 * (columns or rows) from that side join while each is flat and stays near the first; the first line
 * that does not ends the strip.
 */
export function extendIntoPartialCells(L: Float32Array, W: number, H: number, mask: Mask, g: CellGrid): void {
  const { nx, ny, cx0, cy0, bw, bh, keep } = g;
  const kept = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && keep[j * nx + i] === 1;
  const TOL = T.extTol;
  const grow = (x0: number, y0: number, x1: number, y1: number, dir: 'l' | 'r' | 'u' | 'd') => {
    x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(W, x1); y1 = Math.min(H, y1);
    if (x1 <= x0 || y1 <= y0) return;
    const vertical = dir === 'l' || dir === 'r';
    const lines = vertical ? x1 - x0 : y1 - y0;
    let ref = NaN;
    for (let t = 0; t < lines; t++) {
      const c = dir === 'r' ? x0 + t : dir === 'l' ? x1 - 1 - t : dir === 'd' ? y0 + t : y1 - 1 - t;
      const { m, d } = lineStats(L, W, x0, y0, x1, y1, vertical, c);
      if (d > TOL / 2) break;
      if (Number.isNaN(ref)) ref = m; else if (Math.abs(m - ref) > TOL) break;
      if (vertical) for (let y = y0; y < y1; y++) mask.data[y * W + c] = 255;
      else mask.data.fill(255, c * W + x0, c * W + x1);
    }
  };
  for (let j = -1; j <= ny; j++) for (let i = -1; i <= nx; i++) {
    if (kept(i, j)) continue;
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    if (kept(i - 1, j)) grow(x0, y0, x0 + bw, y0 + bh, 'r');
    if (kept(i + 1, j)) grow(x0, y0, x0 + bw, y0 + bh, 'l');
    if (kept(i, j - 1)) grow(x0, y0, x0 + bw, y0 + bh, 'd');
    if (kept(i, j + 1)) grow(x0, y0, x0 + bw, y0 + bh, 'u');
  }
}
