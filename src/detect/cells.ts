// Morphology on the detector's cell grid (one byte per cell, row-major, nx × ny): groups, closing and
// hole filling, span filling. Regions are boxes or ellipses, so these shapes are what they fill towards.
import { T } from './tuning.js';

/** Members (cell indices) of each 4-connected group of nonzero cells. */
export function cellGroups(cells: Uint8Array, nx: number, ny: number): number[][] {
  const seen = new Uint8Array(cells.length);
  const groups: number[][] = [];
  for (let start = 0; start < cells.length; start++) {
    if (!cells[start] || seen[start]) continue;
    const members: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const k = stack.pop()!;
      members.push(k);
      const i = k % nx, j = (k - i) / nx;
      for (const [a, c] of [[i + 1, j], [i - 1, j], [i, j + 1], [i, j - 1]] as const) {
        if (a < 0 || c < 0 || a >= nx || c >= ny) continue;
        const q = c * nx + a;
        if (cells[q] && !seen[q]) { seen[q] = 1; stack.push(q); }
      }
    }
    groups.push(members);
  }
  return groups;
}

/**
 * Censored regions are boxes or ellipses, so a region's cells fill its row spans and column spans; cells
 * inside both spans that are flat enough join (mosaic cells over smooth content have no visible steps).
 */
export function fillSpans(keep: Uint8Array, nx: number, ny: number, dev: Float64Array): void {
  const rowLo = new Int32Array(ny).fill(nx), rowHi = new Int32Array(ny).fill(-1);
  const colLo = new Int32Array(nx).fill(ny), colHi = new Int32Array(nx).fill(-1);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!keep[j * nx + i]) continue;
    rowLo[j] = Math.min(rowLo[j]!, i); rowHi[j] = Math.max(rowHi[j]!, i);
    colLo[i] = Math.min(colLo[i]!, j); colHi[i] = Math.max(colHi[i]!, j);
  }
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i;
    if (!keep[k] && i > rowLo[j]! && i < rowHi[j]! && j > colLo[i]! && j < colHi[i]! && dev[k]! <= T.closeDev) keep[k] = 1;
  }
}

/** Closing (dilate then erode, 4-neighbourhood) restricted to flat cells, then holes filled. */
export function closeAndFill(cell: Uint8Array, nx: number, ny: number, dev: Float64Array): Uint8Array {
  const get = (a: Uint8Array, i: number, j: number) => (i < 0 || j < 0 || i >= nx || j >= ny ? 0 : a[j * nx + i]!);
  const dil = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i;
    dil[k] = cell[k] || ((get(cell, i - 1, j) || get(cell, i + 1, j) || get(cell, i, j - 1) || get(cell, i, j + 1)) && dev[k]! <= T.closeDev) ? 1 : 0;
  }
  const ero = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i;
    ero[k] = cell[k] || (dil[k] && get(dil, i - 1, j) && get(dil, i + 1, j) && get(dil, i, j - 1) && get(dil, i, j + 1)) ? 1 : 0;
  }
  // Holes: cells not reachable from the border through unmarked cells.
  const outside = new Uint8Array(nx * ny);
  const stack: number[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if ((i === 0 || j === 0 || i === nx - 1 || j === ny - 1) && !ero[j * nx + i]) { outside[j * nx + i] = 1; stack.push(j * nx + i); }
  }
  while (stack.length) {
    const k = stack.pop()!;
    const i = k % nx, j = (k - i) / nx;
    for (const [a, c] of [[i + 1, j], [i - 1, j], [i, j + 1], [i, j - 1]] as const) {
      if (a < 0 || c < 0 || a >= nx || c >= ny) continue;
      const q = c * nx + a;
      if (!ero[q] && !outside[q]) { outside[q] = 1; stack.push(q); }
    }
  }
  const out = new Uint8Array(nx * ny);
  for (let k = 0; k < out.length; k++) out[k] = outside[k] ? 0 : 1;
  return out;
}
