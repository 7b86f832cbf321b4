// Finding mosaics in an image, analytically (no model). A mosaic is a grid of near-constant cells whose
// colour jumps exactly on the grid lines. The detector works on luma in three steps:
//  1. Grid: for every column boundary, count rows where the horizontal step there is an isolated jump
//     (much larger than the steps one pixel either side) that continues on the next row. Mosaic grid lines
//     pile these counts up at x ≡ phase (mod block); the block and phase whose columns collect the most,
//     relative to the average column, win (the smallest block within reach of the best, so 2·b never beats
//     b). Rows give the cell height and vertical phase the same way.
//  2. Cells: on that grid a cell is a mosaic cell when it is flat inside (small mean deviation from its
//     mean) and at least two of its four sides are grid-aligned steps: a clear jump across the line, much
//     larger than the differences one pixel inside either cell. Flat sky or walls have no steps, so they
//     never qualify on their own; JPEG's own 8×8 blocking makes steps far below the jump threshold.
//  3. Regions: 4-connected groups of mosaic cells (small groups dropped), closed and hole-filled on the
//     cell grid (flat mosaic cells between stepped ones belong to the region), then extended pixel by pixel
//     into the partial cells along the border, where a censor's mask cut a cell.
import type { Raster } from '../image/raster.js';
import { luma } from '../image/raster.js';
import { dropSmallComponents, emptyMask, maskArea, maskComponents, type Box, type Mask } from './mask.js';

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

interface Grid { block: number; phase: number; score: number }

const MAX_CANDIDATES = 3; // lattices per axis tried in the cell stage
const MIN_GRID_SCORE = 0.05; // share of all jump evidence that must sit on one lattice

const JPEG_STEP_MIN = 10; // the same on the codec's block lattice (JPEG 8×8), where re-encoding itself makes steps
/** Tuned on JPEG-degraded mosaics over real photos (bench/mosaic-detect.ts). */
export const T = { step: 3, evStep: 3, evRatio: 1.5, evCont: 0.35, sideRatio: 1.2, lineShare: 0.35, devBase: 2, devSlope: 0.15, minSides: 2, closeDev: 4, extTol: 3, weakDev: 1.5, weakStep: 0.8, weakRatio: 2.5, trimTol: 10 };

/** Column boundary evidence: counts per boundary g (between pixel g−1 and g) of isolated, continued jumps. */
function boundaryEvidence(L: Float32Array, W: number, H: number, transpose: boolean, codecGrid: number, exclude: Uint8Array): Float64Array {
  const n = transpose ? H : W, m = transpose ? W : H;
  const at = transpose ? (g: number, r: number) => L[g * W + r]! : (g: number, r: number) => L[r * W + g]!;
  const excluded = transpose ? (g: number, r: number) => exclude[g * W + r]! : (g: number, r: number) => exclude[r * W + g]!;
  const ev = new Float64Array(n);
  for (let r = 0; r < m - 1; r++) {
    for (let g = 2; g < n - 1; g++) {
      const s = at(g, r) - at(g - 1, r);
      const a = Math.abs(s);
      // JPEG's own 8×8 lattice makes small jumps at g ≡ 0 (mod 8): only large ones count there.
      if (a < (g % codecGrid === 0 ? JPEG_STEP_MIN : T.evStep)) continue;
      const side = Math.max(Math.abs(at(g - 1, r) - at(g - 2, r)), Math.abs(at(g + 1, r) - at(g, r)));
      if (a < T.evRatio * side) continue;
      const s2 = at(g, r + 1) - at(g - 1, r + 1);
      if (Math.abs(s2 - s) > T.evCont * a + 1) continue;
      if (excluded(g, r)) continue;
      ev[g]! += 1;
    }
  }
  return ev;
}

/**
 * Best (block, phase) for a boundary evidence profile. Score: the evidence on the phase's lines in excess
 * of their neighbouring lines, summed, as a fraction of all evidence. Multiples of the true block collect
 * only part of it; divisors collect the same (half their lines are empty), so among the blocks scoring
 * near the best the largest wins.
 */
function gridCandidates(ev: Float64Array, minB: number, maxB: number): Grid[] {
  let total = 0;
  for (let g = 0; g < ev.length; g++) total += ev[g]!;
  if (total < 20) return [];
  const excess = new Float64Array(ev.length);
  for (let g = 1; g < ev.length - 1; g++) excess[g] = Math.max(0, ev[g]! - (ev[g - 1]! + ev[g + 1]!) / 2);
  // Every line collects some excess from the picture itself; subtracting the average keeps a divisor
  // of the block (twice the lines) from scoring above the block.
  let mu = 0;
  for (let g = 0; g < ev.length; g++) mu += excess[g]!;
  mu /= ev.length;
  const scores: Grid[] = [];
  for (let b = minB; b <= maxB && b * 3 <= ev.length; b++) {
    for (let p = 0; p < b; p++) {
      let s = 0;
      for (let g = p; g < ev.length; g += b) s += excess[g]! - mu;
      scores.push({ block: b, phase: p, score: s / total });
    }
  }
  if (!scores.length) return [];
  scores.sort((a, c) => c.score - a.score);
  const best = scores[0]!;
  if (best.score < MIN_GRID_SCORE) return [];
  // Candidates: the best lattice, and the lattices of its family (multiples and divisors that share its
  // lines) or others scoring near it. The cell stage decides between them.
  const related = (c: Grid) => (c.block % best.block === 0 && c.phase % best.block === best.phase)
    || (best.block % c.block === 0 && best.phase % c.block === c.phase);
  const out = [best];
  for (const c of scores.slice(1)) {
    if (out.length >= MAX_CANDIDATES) break;
    if (c.score >= 0.5 * best.score && (related(c) || c.score >= 0.8 * best.score)) out.push(c);
  }
  return out;
}

/** Mean |difference| and |mean signed difference| across a grid line: vertical = between columns x−1 and x, rows y…y+len−1; else between rows y−1 and y. */
function lineStep(L: Float32Array, W: number, x: number, y: number, len: number, vertical: boolean) {
  // vertical: the line is the boundary between columns x-1 and x, rows y..y+len-1.
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
  for (let pass = 0; pass < (opts.maxLattices ?? 3); pass++) {
    const r = detectStrongestLattice(L, W, H, exclude, opts);
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

function detectStrongestLattice(L: Float32Array, W: number, H: number, exclude: Uint8Array, opts: DetectOptions): DetectResult {
  const minB = opts.minBlock ?? 4, maxB = opts.maxBlock ?? 64, codecGrid = opts.codecGrid ?? 8;
  const xs = gridCandidates(boundaryEvidence(L, W, H, false, codecGrid, exclude), minB, maxB);
  const ys = gridCandidates(boundaryEvidence(L, W, H, true, codecGrid, exclude), minB, maxB);
  let best: DetectResult = { regions: [], mask: emptyMask(W, H), maskArea: 0 };
  let bestCell = 0;
  for (const gx of xs) for (const gy of ys) {
    const r = detectOnGrid(L, W, H, gx, gy, opts);
    // Regions already found belong to an earlier lattice.
    for (let i = 0; i < W * H; i++) if (exclude[i]) r.mask.data[i] = 0;
    dropSmallComponents(r.mask, Math.max(2, (opts.minCells ?? 6) / 2) * gx.block * gy.block);
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

function detectOnGrid(L: Float32Array, W: number, H: number, gx: Grid, gy: Grid, opts: DetectOptions): DetectResult {
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
    if (Math.abs(D) < (onJpegLattice(vertical ? x : y) ? JPEG_STEP_MIN : T.step)) return 0;
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
  // A joining cell must also show such a step on another side: the region's own outline is a sharp line
  // too, and without this the growth would step one cell out of every region.
  const weakSides = (q: number, except: number) => {
    const i = q % nx, j = (q - i) / nx, x0 = cx0 + i * bw, y0 = cy0 + j * bh;
    let n = 0;
    if (i > 0 && q - 1 !== except && weak(q - 1, q, x0, y0, bh, true)) n++;
    if (i < nx - 1 && q + 1 !== except && weak(q + 1, q, x0 + bw, y0, bh, true)) n++;
    if (j > 0 && q - nx !== except && weak(q - nx, q, x0, y0, bw, false)) n++;
    if (j < ny - 1 && q + nx !== except && weak(q + nx, q, x0, y0 + bh, bw, false)) n++;
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
  trimBorderCells(L, W, mask, keep, nx, ny, cx0, cy0, bw, bh);
  extendIntoPartialCells(L, W, H, mask, keep, nx, ny, cx0, cy0, bw, bh);
  // Trimming can cut specks off a region's outline; a region is at least a few cells.
  dropSmallComponents(mask, Math.max(2, (opts.minCells ?? 6) / 2) * bw * bh);
  const regions = maskComponents(mask).map((b) => ({ ...b, block: bw, blockH: bh, phaseX: cx0 % bw, phaseY: cy0 % bh }));
  return { regions, mask, maskArea: maskArea(mask) };
}

/** Members (cell indices) of each 4-connected group of nonzero cells. */
function cellGroups(cells: Uint8Array, nx: number, ny: number): number[][] {
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
function fillSpans(keep: Uint8Array, nx: number, ny: number, dev: Float64Array): void {
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
function closeAndFill(cell: Uint8Array, nx: number, ny: number, dev: Float64Array): Uint8Array {
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

/**
 * The mirror case of the partial cells below: a kept cell on the region's outline may be only partly
 * mosaic (the censor's mask cut it) with smooth picture in the rest. From the outer side inwards, lines
 * (columns or rows) that do not match the cell's innermost line are taken off the mask.
 */
function trimBorderCells(L: Float32Array, W: number, mask: Mask, keep: Uint8Array, nx: number, ny: number,
  cx0: number, cy0: number, bw: number, bh: number): void {
  const kept = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && keep[j * nx + i] === 1;
  const lineStats = (x0: number, y0: number, x1: number, y1: number, vertical: boolean, c: number) => {
    let s = 0, n = 0;
    if (vertical) for (let y = y0; y < y1; y++) { s += L[y * W + c]!; n++; }
    else for (let x = x0; x < x1; x++) { s += L[c * W + x]!; n++; }
    const m = s / n;
    let d = 0;
    if (vertical) for (let y = y0; y < y1; y++) d += Math.abs(L[y * W + c]! - m);
    else for (let x = x0; x < x1; x++) d += Math.abs(L[c * W + x]! - m);
    return { m, d: d / n };
  };
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!kept(i, j)) continue;
    const x0 = cx0 + i * bw, y0 = cy0 + j * bh, x1 = x0 + bw, y1 = y0 + bh;
    const trim = (vertical: boolean, fromLow: boolean) => {
      const n = vertical ? bw : bh, base = vertical ? x0 : y0;
      const line = (t: number) => (fromLow ? base + t : base + n - 1 - t);
      const ref = lineStats(x0, y0, x1, y1, vertical, line(n - 1)).m;
      for (let t = 0; t < n - 1; t++) {
        const c = line(t);
        const st = lineStats(x0, y0, x1, y1, vertical, c);
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
 * Region borders rarely fall on grid lines: a censor's mask cuts the outer cells, leaving a constant strip
 * of the cell colour next to the region. For each kept cell's unkept neighbour, take the strip of lines
 * (columns or rows) next to the shared side whose pixels stay within a few levels of the kept cell's
 * partial-strip value, and stop at the first line that does not.
 */
function extendIntoPartialCells(L: Float32Array, W: number, H: number, mask: Mask, keep: Uint8Array, nx: number, ny: number,
  cx0: number, cy0: number, bw: number, bh: number): void {
  const kept = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && keep[j * nx + i] === 1;
  const TOL = T.extTol;
  // Fill lines of pixels: along = the line direction; each line is tested for being near-constant.
  const grow = (x0: number, y0: number, x1: number, y1: number, dir: 'l' | 'r' | 'u' | 'd') => {
    // clip to image
    x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(W, x1); y1 = Math.min(H, y1);
    if (x1 <= x0 || y1 <= y0) return;
    const vertical = dir === 'l' || dir === 'r';
    const lines = vertical ? x1 - x0 : y1 - y0;
    let ref = NaN;
    for (let t = 0; t < lines; t++) {
      const c = dir === 'r' ? x0 + t : dir === 'l' ? x1 - 1 - t : dir === 'd' ? y0 + t : y1 - 1 - t;
      let s = 0, n = 0;
      if (vertical) for (let y = y0; y < y1; y++) { s += L[y * W + c]!; n++; }
      else for (let x = x0; x < x1; x++) { s += L[c * W + x]!; n++; }
      const m = s / n;
      let d = 0;
      if (vertical) for (let y = y0; y < y1; y++) d += Math.abs(L[y * W + c]! - m);
      else for (let x = x0; x < x1; x++) d += Math.abs(L[c * W + x]! - m);
      if (d / n > TOL / 2) break;
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
