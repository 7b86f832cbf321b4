// Finding mosaics in an image, analytically (no model). A mosaic is a lattice of near-constant cells whose
// colour jumps exactly on the lattice lines. On luma:
//  1. Lattice (detect-lattice.ts): per axis, the cell size and phase on which isolated, continued jumps
//     pile up; the best few candidates per axis are tried below, and the pair that explains the most
//     area wins (near-ties to the larger cell, so a divisor of the block does not win).
//  2. Cells: a cell is a mosaic cell when it is flat inside and at least two of its sides are grid steps:
//     a jump across the line that carries the difference of the two cells' means and beats the lines one
//     pixel inside. Flat sky or walls have no steps, so they never qualify on their own; on the codec's
//     block lattice (JPEG 8×8) only large steps count, as re-encoding makes small ones there.
//  3. Regions (detect-cells.ts): groups of mosaic cells (small ones dropped), closed, hole- and
//     span-filled, grown over smooth content through small but razor-sharp grid steps.
//  4. Outline (detect-outline.ts): cut cells on the border are trimmed or extended pixel by pixel.
// Regions censored with different cell sizes sit on different lattices: after the strongest lattice's
// regions are found they are set aside and the search runs again.
import type { Raster } from '../image/raster.js';
import { luma } from '../image/raster.js';
import { cellGroups, closeAndFill, fillSpans } from './cells.js';
import { jumpMap } from '../image/jumps.js';
import { latticeCandidates, windowProfile, type Lattice, type Window } from './lattice.js';
import { extendIntoPartialCells, trimBorderCells } from './outline.js';
import { T } from './tuning.js';
import { dropSmallComponents, emptyMask, maskArea, maskComponents, type Box, type Mask } from '../image/mask.js';

export { T as detectTuning } from './tuning.js';

const WINDOW = 384; // side of the lattice-search windows, in pixels
const MAX_PAIRS = 12; // lattice pairs tried on the whole image per pass

export interface MosaicRegion extends Box {
  /** Cell width and height in pixels. */
  block: number;
  blockH: number;
  phaseX: number;
  phaseY: number;
}

export interface DetectResult {
  regions: MosaicRegion[];
  mask: Mask;
  maskArea: number;
}

export interface DetectOptions {
  minBlock?: number;
  maxBlock?: number;
  /**
   * Period of the codec's own block lattice (JPEG 8; H.264 4, as its 4×4 transforms step there too):
   * jumps on it must be large to count, since re-encoding alone makes small ones.
   */
  codecGrid?: number;
  /** How many different lattices (cell sizes / phases) to look for, strongest first. */
  maxLattices?: number;
  /** Smallest region, in cells. */
  minCells?: number;
}

/** Mean |difference| and |mean signed difference| across a grid line: vertical = between columns x−1 and x, rows y…y+len−1; else between rows y−1 and y. */
function lineStep(L: Float32Array, W: number, x: number, y: number, len: number, vertical: boolean) {
  let sum = 0, signed = 0;
  for (let k = 0; k < len; k++) {
    const i = vertical ? (y + k) * W + x : y * W + x + k;
    const d = L[i]! - L[i - (vertical ? 1 : W)]!;
    sum += Math.abs(d);
    signed += d;
  }
  return { mean: sum / len, signed: Math.abs(signed) / len };
}

export function detectMosaic(image: Raster, opts: DetectOptions = {}): DetectResult {
  const W = image.width, H = image.height;
  const L = luma(image);
  const found: DetectResult = { regions: [], mask: emptyMask(W, H), maskArea: 0 };
  // Regions censored with different cell sizes sit on different lattices: find the strongest lattice,
  // set its regions aside (their jumps no longer count), and look again.
  const exclude = new Uint8Array(W * H);
  const codecGrid = opts.codecGrid ?? 8;
  const jumps = { x: jumpMap(L, W, H, false, codecGrid), y: jumpMap(L, W, H, true, codecGrid) };
  for (let pass = 0; pass < (opts.maxLattices ?? 3); pass++) {
    const r = detectStrongestLattice(L, W, H, jumps, exclude, opts);
    let added = 0;
    for (let i = 0; i < W * H; i++) if (r.mask.data[i] && !found.mask.data[i]) { found.mask.data[i] = 255; added++; }
    if (!added) break;
    found.regions.push(...r.regions);
    const margin = Math.max(...r.regions.map((g) => Math.max(g.block, g.blockH)));
    for (const g of r.regions) {
      for (let y = Math.max(0, g.y - margin); y < Math.min(H, g.y + g.h + margin); y++) {
        exclude.fill(1, y * W + Math.max(0, g.x - margin), y * W + Math.min(W, g.x + g.w + margin));
      }
    }
  }
  found.maskArea = maskArea(found.mask);
  return found;
}

/** Overlapping windows (half-window stride) covering the image; one window when it is small. */
function windows(W: number, H: number, size: number): Window[] {
  const starts = (n: number) => {
    if (n <= size) return [0];
    const out: number[] = [];
    for (let s = 0; s + size < n; s += size / 2) out.push(s);
    out.push(n - size);
    return out;
  };
  const out: Window[] = [];
  for (const y0 of starts(H)) for (const x0 of starts(W)) out.push({ x0, y0, x1: Math.min(W, x0 + size), y1: Math.min(H, y0 + size) });
  return out;
}

/**
 * The lattice search runs per window, so a mosaic covering a small part of a large photo still
 * dominates the evidence somewhere; the candidate pairs of all windows are then tried on the whole image.
 */
function detectStrongestLattice(L: Float32Array, W: number, H: number, jumps: { x: Uint8Array; y: Uint8Array },
  exclude: Uint8Array, opts: DetectOptions): DetectResult {
  const minB = opts.minBlock ?? 4, maxB = opts.maxBlock ?? 64;
  const pairs = new Map<string, { gx: Lattice; gy: Lattice; score: number }>();
  for (const win of windows(W, H, WINDOW)) {
    const xs = latticeCandidates(windowProfile(jumps.x, W, win, false, exclude), minB, maxB, win.x0, win.x1);
    const ys = latticeCandidates(windowProfile(jumps.y, W, win, true, exclude), minB, maxB, win.y0, win.y1);
    for (const gx of xs) for (const gy of ys) {
      const key = `${gx.block},${gx.phase % gx.block},${gy.block},${gy.phase % gy.block}`;
      const score = gx.score * gy.score;
      if ((pairs.get(key)?.score ?? -1) < score) pairs.set(key, { gx: { ...gx, phase: gx.phase % gx.block }, gy: { ...gy, phase: gy.phase % gy.block }, score });
    }
  }
  const tried = [...pairs.values()].sort((a, b) => b.score - a.score).slice(0, MAX_PAIRS);
  let best: DetectResult = { regions: [], mask: emptyMask(W, H), maskArea: 0 };
  let bestCell = 0;
  for (const { gx, gy } of tried) {
    const r = detectOnGrid(L, W, H, gx, gy, opts);
    // Regions already found belong to an earlier lattice.
    for (let i = 0; i < W * H; i++) if (exclude[i]) r.mask.data[i] = 0;
    dropSmallComponents(r.mask, minRegionArea(W, H, gx.block * gy.block, opts));
    r.maskArea = maskArea(r.mask);
    r.regions = maskComponents(r.mask).map((b) => ({ ...b, block: gx.block, blockH: gy.block, phaseX: gx.phase % gx.block, phaseY: gy.phase % gy.block }));
    // The right lattice explains the most area; a divisor explains about as much with smaller cells, so
    // near-ties go to the larger cell.
    const cell = gx.block * gy.block;
    if (r.maskArea > best.maskArea * 1.03 || (r.maskArea >= best.maskArea * 0.97 && cell > bestCell && r.maskArea > 0)) {
      best = r;
      bestCell = cell;
    }
  }
  return best;
}

/**
 * Smallest region kept, in pixels: half of minCells cells, and on large images at least a square of
 * 1/40 of the short side (fine texture can line up for a few small cells; censored regions are larger).
 */
function minRegionArea(W: number, H: number, cellArea: number, opts: DetectOptions): number {
  return Math.max(Math.max(2, (opts.minCells ?? 6) / 2) * cellArea, (Math.min(W, H) / 40) ** 2);
}

function detectOnGrid(L: Float32Array, W: number, H: number, gx: Lattice, gy: Lattice, opts: DetectOptions): DetectResult {
  const mask = emptyMask(W, H);
  const bw = gx.block, bh = gy.block;
  const cx0 = gx.phase, cy0 = gy.phase; // first full cell starts here
  const nx = Math.floor((W - cx0) / bw), ny = Math.floor((H - cy0) / bh);
  if (nx < 2 || ny < 2) return { regions: [], mask, maskArea: 0 };

  // Per cell: mean, flatness, and which sides are grid steps.
  const mean = new Float64Array(nx * ny), dev = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    let s = 0;
    for (let y = y0; y < y0 + bh; y++) for (let x = x0; x < x0 + bw; x++) s += L[y * W + x]!;
    const m = s / (bw * bh);
    let d = 0;
    for (let y = y0; y < y0 + bh; y++) for (let x = x0; x < x0 + bw; x++) d += Math.abs(L[y * W + x]! - m);
    mean[j * nx + i] = m;
    dev[j * nx + i] = d / (bw * bh);
  }
  // A side is a grid step when the jump across the line carries a fair share of the difference between
  // the two cells' means (a smooth slope spreads it over the whole cell), has that difference's sign, and
  // beats the differences one pixel inside either cell.
  const codecGrid = opts.codecGrid ?? 8;
  const onJpegLattice = (x: number) => x % codecGrid === 0;
  const side = (k: number, q: number, x: number, y: number, len: number, vertical: boolean) => {
    const D = mean[q]! - mean[k]!;
    if (Math.abs(D) < (onJpegLattice(vertical ? x : y) ? T.codecStep : T.step)) return 0;
    const on = lineStep(L, W, x, y, len, vertical);
    const a = lineStep(L, W, x - (vertical ? 1 : 0), y - (vertical ? 0 : 1), len, vertical).mean;
    const b = lineStep(L, W, x + (vertical ? 1 : 0), y + (vertical ? 0 : 1), len, vertical).mean;
    const ok = on.signed >= T.lineShare * Math.abs(D) && on.mean >= T.sideRatio * Math.max(a, b) && on.signed >= 0.6 * on.mean;
    return ok ? Math.abs(D) : 0;
  };
  const cell = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const k = j * nx + i;
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    const steps = [
      i > 0 ? side(k, k - 1, x0, y0, bh, true) : 0,
      i < nx - 1 ? side(k, k + 1, x0 + bw, y0, bh, true) : 0,
      j > 0 ? side(k, k - nx, x0, y0, bw, false) : 0,
      j < ny - 1 ? side(k, k + nx, x0, y0 + bh, bw, false) : 0,
    ].filter((v) => v > 0);
    // JPEG rings next to strong steps, so the flatness allowed grows with the cell's largest step.
    if (steps.length >= T.minSides && dev[k]! <= T.devBase + T.devSlope * Math.max(...steps)) cell[k] = 1;
  }
  const closed = closeAndFill(cell, nx, ny, dev);
  // Drop small groups.
  const minCells = opts.minCells ?? 6;
  const keep = new Uint8Array(nx * ny);
  for (const members of cellGroups(closed, nx, ny)) {
    let stepped = 0;
    for (const k of members) stepped += cell[k]!;
    if (members.length >= minCells && stepped >= Math.max(minCells / 2, 0.25 * members.length)) for (const k of members) keep[k] = 1;
  }
  fillSpans(keep, nx, ny, dev);
  // Mosaic over smooth content (sky) steps by a level or two: grow into flat neighbours joined by such a
  // small but razor-sharp step exactly on the grid line; real smooth areas have no sharp lines at all.
  const weak = (k: number, q: number, x: number, y: number, len: number, vertical: boolean) => {
    if (dev[q]! > T.weakDev || onJpegLattice(vertical ? x : y)) return false;
    const D = mean[q]! - mean[k]!;
    if (Math.abs(D) < T.weakStep) return false;
    const on = lineStep(L, W, x, y, len, vertical);
    const a = lineStep(L, W, x - (vertical ? 1 : 0), y - (vertical ? 0 : 1), len, vertical).mean;
    const b = lineStep(L, W, x + (vertical ? 1 : 0), y + (vertical ? 0 : 1), len, vertical).mean;
    return on.signed >= 0.6 * Math.abs(D) && on.mean >= T.weakRatio * Math.max(a, b) && on.signed >= 0.8 * on.mean;
  };
  // A joining cell must also show such a step towards a cell outside the region: the region's own outline
  // is a sharp line too, and without this the growth would creep along it, one cell out of every region.
  const weakSides = (q: number, except: number) => {
    const i = q % nx, j = (q - i) / nx, x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    let n = 0;
    const other = (c: number) => c !== except && !keep[c];
    if (i > 0 && other(q - 1) && weak(q - 1, q, x0, y0, bh, true)) n++;
    if (i < nx - 1 && other(q + 1) && weak(q + 1, q, x0 + bw, y0, bh, true)) n++;
    if (j > 0 && other(q - nx) && weak(q - nx, q, x0, y0, bw, false)) n++;
    if (j < ny - 1 && other(q + nx) && weak(q + nx, q, x0, y0 + bh, bw, false)) n++;
    return n;
  };
  const queue: number[] = [];
  for (let k = 0; k < keep.length; k++) if (keep[k]) queue.push(k);
  while (queue.length) {
    const k = queue.pop()!;
    const i = k % nx, j = (k - i) / nx, x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    const tryJoin = (q: number, ok: boolean) => { if (ok && !keep[q] && weakSides(q, k) >= 1) { keep[q] = 1; queue.push(q); } };
    if (i > 0 && !keep[k - 1]) tryJoin(k - 1, weak(k, k - 1, x0, y0, bh, true));
    if (i < nx - 1 && !keep[k + 1]) tryJoin(k + 1, weak(k, k + 1, x0 + bw, y0, bh, true));
    if (j > 0 && !keep[k - nx]) tryJoin(k - nx, weak(k, k - nx, x0, y0, bw, false));
    if (j < ny - 1 && !keep[k + nx]) tryJoin(k + nx, weak(k, k + nx, x0, y0 + bh, bw, false));
  }
  fillSpans(keep, nx, ny, dev);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!keep[j * nx + i]) continue;
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    for (let y = y0; y < y0 + bh; y++) mask.data.fill(255, y * W + x0, y * W + x0 + bw);
  }
  const grid = { nx, ny, cx0, cy0, bw, bh, keep };
  trimBorderCells(L, W, mask, grid);
  extendIntoPartialCells(L, W, H, mask, grid);
  // Trimming can cut specks off a region's outline; a region is at least a few cells.
  dropSmallComponents(mask, minRegionArea(W, H, bw * bh, opts));
  const regions = maskComponents(mask).map((b) => ({ ...b, block: bw, blockH: bh, phaseX: cx0 % bw, phaseY: cy0 % bh }));
  return { regions, mask, maskArea: maskArea(mask) };
}
