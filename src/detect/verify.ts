// The verification stage after the learned network: a region is kept only when its geometry is a
// mosaic's. A mosaic is one value per cell (or one disc and its darker corners, the circle style) on a
// lattice with one period per axis, over a region with a straight or smooth outline. Regular structure
// that the network confuses with it (brick, windows, circuit boards, planks) repeats too, but its cells
// hold mortar lines, frames and parts: they are not flat at any phase of the lattice.
// Features, each measured on the native pixels of one region (luma):
//  - cellResidual: the share of the region's luma variance left inside its cells once each cell is
//    replaced by its flat (or disc + corners) fit, at the measured grid, its phase ±1 px and its divisors;
//  - latticeShare: the smaller of the two axes' share of jump evidence on the lattice (region-grid.ts);
//  - solidity: region area / area of its convex hull (a blob of texture is ragged, a censor box is not);
//  - diagonalRatio: mean |difference| of diagonal neighbour cells over that of side neighbours. The cells
//    of a mosaic are a small photo, where cells further apart differ more (≥ 1); a checkerboard's
//    diagonal cells are equal (≈ 0): the one regular pattern whose cells are as flat as a mosaic's;
//  - confidence: the network's mean probability over the region (the region gate's figure);
//  - edgeSharpness: across the lattice lines, the one-pixel step's share of the change over a few pixels.
//    A mosaic's cells meet in a step (≈ 1 before the codec); an enlarged image's blocks (a zoomed screenshot,
//    a JPEG blown up) meet in a ramp as wide as the enlargement (a third of the change per pixel at 3×).
// The rule that combines them (MosaicVerifier) was fitted on the training photos only:
// `npm run bench -- detect-verify` (bench/mosaic-verify.ts), docs/mosaic-detector.md.
import type { Box } from '../util/box.js';
import type { RegionGrid } from './region-grid.js';
import { mod } from '../util/math.js';

export interface RegionFeatures {
  cellResidual: number;
  latticeShare: number;
  solidity: number;
  diagonalRatio: number;
  confidence: number;
  edgeSharpness: number;
  /** Lattice-line crossings the sharpness was measured on (0: none crosses an edge, or cells under 4 px). */
  edgeCrossings?: number;
  /** Whole cells inside the region the residual was measured on (few cells: the stage does not judge). */
  cells: number;
}

export interface RegionShape {
  /** Luma of the whole image, W × H. */
  L: Float32Array; W: number; H: number;
  /** Component labels of the mask (labelComponents) and this region's label. */
  labels: Int32Array; label: number;
  box: Box;
  /** The network's mean probability over the region (1 where no network judged it). */
  confidence?: number;
}

/** Fewer whole cells than this: no verdict (the region is kept). */
export const MIN_VERDICT_CELLS = 6;
const MIN_DIVISOR_BLOCK = 4; // divisors of the cell below this fit any smooth content
const FLAT_VARIANCE = 4; // luma variance per pixel (std 2 levels) below which a region counts as flat
const MIN_BLOCKS_2X2 = 6; // 2×2 blocks of whole cells the diagonal ratio needs
const FLAT_ENOUGH = 0.05; // a residual this low at the measured grid needs no other candidate

export const VERIFY_FEATURES = ['cellResidual', 'latticeShare', 'solidity', 'diagonalRatio', 'confidence', 'edgeSharpness'] as const;

/**
 * A linear rule on the features: keep when weights · VERIFY_FEATURES + bias ≥ 0, or, with `sure`, when the
 * network's confidence reaches it and the cells read as a small photo (diagonal ratio ≥ PHOTO_CELLS_RATIO).
 */
export interface MosaicVerifier {
  weights: [number, number, number, number, number, number]; bias: number; sure?: number;
  /**
   * Edge sharpness under which a region is no mosaic whatever else it shows (an enlarged image's ramps). Where
   * set (images), a region with no evidence of a lattice — no share of the jumps, no edge crossed — is none either.
   */
  minSharpness?: number;
}

/**
 * Diagonal ratio from which the cells read as a small photo, diagonal neighbours differing clearly more
 * than side ones (mosaics: median 1.27; checkerboards ≈ 0; 1 exactly where it could not be measured).
 */
export const PHOTO_CELLS_RATIO = 1.1;

/**
 * Fitted on the training photos only (`npm run bench -- detect-verify`: 31 photos at 768 px, two synthetic
 * mosaics of any style with cells 4–60 and JPEG q60–90, the photo clean, a hard negative; mosaics weigh 3×
 * the others): keep when 3.226 · diagonalRatio − 7.867 · cellResidual ≥ 2.021. With side and diagonal
 * neighbours alike (ratio 1) a region's cells may leave at most 15% of its variance unexplained; at the
 * median mosaic's ratio (1.27) 26%; a checkerboard (ratio ≈ 0) never passes. The lattice share and the
 * solidity were measured too and left out: each rejected mosaics (circle cells) for a few more patterns.
 * `sure` (session 14): circle cells at JPEG q60 often defeat the grid measurement, and their residual then
 * fails the rule although the network is certain; a region the network gives ≥ 0.95 whose cells read as a
 * small photo passes. Chosen on 80 training and 18 validation photos at native size: it keeps 5 more of
 * 161 and 1 more of 35 mosaics and passes none of the 167 other regions more. `minSharpness` (session 14):
 * on the same photos every mosaic the rule keeps measures ≥ 0.51, the photos' centres enlarged 3× from JPEG
 * 0.28–0.50; 0.4 rejects 97 of those 114 and no mosaic (docs/mosaic-detector.md).
 */
export const SHIPPED_VERIFIER: MosaicVerifier = { weights: [-7.867, 0, 0, 3.226, 0, 0], bias: -2.021, sure: 0.95, minSharpness: 0.4 };

/**
 * The shipped rule for a frame that went through H.264: its deblocking softens a mosaic's steps as much as
 * an enlargement's ramps (validation frames at CRF 18–28: mosaics from 0.30), so no sharpness test.
 */
export const FRAME_VERIFIER: MosaicVerifier = { ...SHIPPED_VERIFIER, minSharpness: undefined };

export function verifierScore(f: RegionFeatures, v: MosaicVerifier = SHIPPED_VERIFIER): number {
  return VERIFY_FEATURES.reduce((a, n, i) => a + v.weights[i]! * f[n], v.bias);
}

/** Whether the region passes: too few whole cells to judge also passes (the network's word stands). */
export function looksLikeMosaic(f: RegionFeatures, v: MosaicVerifier = SHIPPED_VERIFIER): boolean {
  if (f.cells < MIN_VERDICT_CELLS) return true;
  if (v.minSharpness !== undefined) {
    if (f.edgeSharpness < v.minSharpness) return false;
    // No evidence of a lattice: its lines hold none of the jumps and cross no edge (a smooth sky whose
    // enlarged 24-px JPEG blocks the network half-believes, flat at any grid it is measured on).
    if (f.latticeShare === 0 && f.edgeCrossings === 0) return false;
  }
  if (verifierScore(f, v) >= 0) return true;
  return v.sure !== undefined && f.confidence >= v.sure && f.diagonalRatio >= PHOTO_CELLS_RATIO;
}

/**
 * The region's features. With `passes` (the rule that will judge them) the search for a lower cell
 * residual stops as soon as the region passes, and does not start when no residual could make it pass:
 * the verdict is the same, the residual may be above its minimum (the fitting bench leaves `passes` out
 * and gets the minimum).
 */
export function regionFeatures(r: RegionShape, grid: RegionGrid, scoreX: number, scoreY: number, passes?: (f: RegionFeatures) => boolean): RegionFeatures {
  const edges = edgeSteps(r, grid);
  const rest = {
    latticeShare: Math.min(scoreX, scoreY), solidity: solidity(r), diagonalRatio: diagonalRatio(r, grid), confidence: r.confidence ?? 1,
    edgeSharpness: edges.sharpness, edgeCrossings: edges.crossings,
  };
  const enough = passes && ((res: number, cells: number) => passes({ ...rest, cellResidual: res, cells }));
  // a region that would fail even with perfectly flat cells (soft edges) needs no search for a lower residual
  const hopeless = !!passes && !passes({ ...rest, cellResidual: 0, cells: Number.MAX_SAFE_INTEGER });
  return { ...rest, ...bestCellResidual(r, grid, enough, hopeless) };
}

/** Mean |Δ| of diagonal neighbour cells / mean |Δ| of side neighbours, over the whole cells at the grid (1 where too few). */
export function diagonalRatio(r: RegionShape, g: RegionGrid): number {
  const { L, W, labels, label, box } = r;
  const bw = g.block, bh = g.blockH;
  if (!bw || !bh) return 1;
  const x0 = box.x + mod(g.phaseX - box.x, bw), y0 = box.y + mod(g.phaseY - box.y, bh);
  const nx = Math.floor((box.x + box.w - x0) / bw), ny = Math.floor((box.y + box.h - y0) / bh);
  if (nx < 2 || ny < 2) return 1;
  const mean = new Float64Array(nx * ny).fill(NaN);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let s = 0, whole = true;
    for (let v = 0; v < bh && whole; v++) for (let u = 0; u < bw; u++) {
      const p = (y0 + j * bh + v) * W + x0 + i * bw + u;
      if (labels[p] !== label) { whole = false; break; }
      s += L[p]!;
    }
    if (whole) mean[j * nx + i] = s / (bw * bh);
  }
  let side = 0, nSide = 0, diag = 0, nDiag = 0;
  for (let j = 0; j + 1 < ny; j++) for (let i = 0; i + 1 < nx; i++) {
    const a = mean[j * nx + i]!, b = mean[j * nx + i + 1]!, c = mean[(j + 1) * nx + i]!, d = mean[(j + 1) * nx + i + 1]!;
    if ([a, b, c, d].some(Number.isNaN)) continue;
    side += Math.abs(a - b) + Math.abs(a - c); nSide += 2;
    diag += Math.abs(a - d) + Math.abs(b - c); nDiag += 2;
  }
  // few 2×2 blocks of whole cells (the ratio of a handful of differences is noise), or cells all alike:
  // nothing to tell
  if (nSide < 2 * MIN_BLOCKS_2X2 || side / nSide < 1) return 1;
  return diag / nDiag / (side / nSide);
}

/** A change across a line smaller than this (luma levels over the window) is noise, not an edge. */
const MIN_EDGE_CHANGE = 6;

/**
 * Over the region's lattice lines (both axes, lines with region pixels on both sides): Σ |steepest one-pixel
 * step at the line| / Σ |change from k pixels before it to k − 1 after it|, k = min(3, half the cell), over
 * the crossings whose change reaches MIN_EDGE_CHANGE. 1 where no crossing does (nothing to tell).
 */
export function edgeSharpness(r: RegionShape, g: RegionGrid): number {
  return edgeSteps(r, g).sharpness;
}

/** edgeSharpness, and how many crossings it was measured on. */
function edgeSteps(r: RegionShape, g: RegionGrid): { sharpness: number; crossings: number } {
  const { L, W, labels, label, box } = r;
  let step = 0, change = 0, crossings = 0;
  const axis = (block: number, phase: number, vertical: boolean) => {
    if (!block) return;
    const k = Math.min(3, Math.floor(block / 2));
    if (k < 2) return;
    const lo = vertical ? box.y : box.x, hi = lo + (vertical ? box.h : box.w);
    const along = vertical ? box.w : box.h, start = vertical ? box.x : box.y;
    const first = lo + mod(phase - lo, block);
    for (let line = first; line < hi; line += block) {
      if (line - k < lo || line + k - 1 >= hi) continue;
      // pixel (line + d) of crossing t is L[i + d·across]
      const across = vertical ? W : 1;
      for (let t = start; t < start + along; t++) {
        const i = vertical ? line * W + t : t * W + line;
        if (labels[i - k * across] !== label || labels[i + (k - 1) * across] !== label) continue;
        const c = Math.abs(L[i + (k - 1) * across]! - L[i - k * across]!);
        if (c < MIN_EDGE_CHANGE) continue;
        change += c;
        crossings++;
        // the steepest of the three pixel pairs at the line: the grid's phase may be a pixel off
        const before = L[i - 2 * across]!, prev = L[i - across]!, at = L[i]!, next = L[i + across]!;
        step += Math.min(c, Math.max(Math.abs(at - prev), Math.abs(prev - before), Math.abs(next - at)));
      }
    }
  };
  axis(g.block, g.phaseX, false);
  axis(g.blockH, g.phaseY, true);
  return { sharpness: change > 0 ? step / change : 1, crossings };
}

/**
 * The smallest residual over the grid, its phase ±1 px per axis, and its divisors down to
 * MIN_DIVISOR_BLOCK. Where the two axes disagree (circle cells can show their disc's edges as a lattice
 * of a quarter of the cell on one axis, or a multiple of it), square cells of the larger size are tried
 * too, at each phase that keeps the smaller axis's lines, and square cells of the smaller size.
 */
function bestCellResidual(r: RegionShape, g: RegionGrid, enough?: (res: number, cells: number) => boolean, hopeless = false): { cellResidual: number; cells: number } {
  if (!g.block || !g.blockH) return { cellResidual: 1, cells: 0 };
  // Most mosaics are flat at the measured grid already: the other candidates only lower the residual.
  const atGrid = cellResidual(r, g.block, g.blockH, g.phaseX, g.phaseY);
  if (atGrid.cells >= MIN_VERDICT_CELLS && (hopeless || atGrid.cellResidual <= FLAT_ENOUGH || enough?.(atGrid.cellResidual, atGrid.cells))) return atGrid;
  const grids: RegionGrid[] = [g];
  const M = Math.max(g.block, g.blockH), m = Math.min(g.block, g.blockH);
  if (M !== m && M % m === 0 && M / m <= 4) {
    const phases = (p: number, b: number) => (b === M ? [p] : Array.from({ length: M / b }, (_, k) => p + k * b));
    for (const px of phases(g.phaseX, g.block)) for (const py of phases(g.phaseY, g.blockH)) grids.push({ block: M, blockH: M, phaseX: px, phaseY: py });
    // or the larger axis's lattice is a multiple of the cell (small circle cells at JPEG q60: 24 × 6 for 6-px
    // cells), and square cells of the smaller size on its lines are the mosaic's
    grids.push({ block: m, blockH: m, phaseX: g.phaseX % m, phaseY: g.phaseY % m });
  }
  const divisors = (b: number) => [1, 2, 3].filter((k) => b % k === 0 && (k === 1 || b / k >= MIN_DIVISOR_BLOCK)).map((k) => b / k);
  let best = Infinity, bestCells = 0;
  for (const c of grids) for (const bw of divisors(c.block)) for (const bh of divisors(c.blockH)) {
    if (bw * c.blockH !== bh * c.block) continue; // divide both axes alike
    for (const dx of [-1, 0, 1]) for (const dy of [-1, 0, 1]) {
      const res = cellResidual(r, bw, bh, c.phaseX + dx, c.phaseY + dy);
      if (res.cells >= MIN_VERDICT_CELLS && res.cellResidual < best) {
        best = res.cellResidual; bestCells = res.cells;
        if (enough?.(best, bestCells)) return { cellResidual: best, cells: bestCells };
      }
    }
  }
  return Number.isFinite(best) ? { cellResidual: best, cells: bestCells } : { cellResidual: 1, cells: atGrid.cells };
}

/**
 * Over the whole cells (bw × bh, lines at x ≡ px, y ≡ py) that lie inside the region: the luma variance
 * left after fitting each cell with two values, one inside the centred disc of diameter min(bw, bh) and
 * one in its corners (a flat cell fits with both equal), as a share of the variance of those pixels.
 */
export function cellResidual(r: RegionShape, bw: number, bh: number, px: number, py: number): { cellResidual: number; cells: number } {
  const { L, W, labels, label, box } = r;
  const x0 = box.x + mod(px - box.x, bw), y0 = box.y + mod(py - box.y, bh);
  const rad2 = (Math.min(bw, bh) / 2) ** 2;
  // which pixels of a cell are in the disc
  const disc = new Uint8Array(bw * bh);
  for (let v = 0; v < bh; v++) for (let u = 0; u < bw; u++) disc[v * bw + u] = (u + 0.5 - bw / 2) ** 2 + (v + 0.5 - bh / 2) ** 2 <= rad2 ? 1 : 0;
  let cells = 0, resid = 0, n = 0, s = 0, ss = 0;
  for (let cy = y0; cy + bh <= box.y + box.h; cy += bh) {
    for (let cx = x0; cx + bw <= box.x + box.w; cx += bw) {
      let inside = true;
      // corners and centre first: most cells that leave the region show it there
      for (const [u, v] of [[0, 0], [bw - 1, 0], [0, bh - 1], [bw - 1, bh - 1]] as const) if (labels[(cy + v) * W + cx + u] !== label) inside = false;
      for (let v = 0; v < bh && inside; v++) for (let u = 0; u < bw; u++) if (labels[(cy + v) * W + cx + u] !== label) { inside = false; break; }
      if (!inside) continue;
      const part = [0, 0, 0, 0, 0, 0]; // n, sum, sum of squares: corners, disc
      for (let v = 0; v < bh; v++) for (let u = 0; u < bw; u++) {
        const l = L[(cy + v) * W + cx + u]!, k = 3 * disc[v * bw + u]!;
        part[k]++; part[k + 1] += l; part[k + 2] += l * l;
      }
      for (const k of [0, 3]) if (part[k]) resid += part[k + 2]! - part[k + 1]! ** 2 / part[k]!;
      n += part[0]! + part[3]!; s += part[1]! + part[4]!; ss += part[2]! + part[5]!;
      cells++;
    }
  }
  const total = ss - (n ? s * s / n : 0);
  // A region of nearly one colour (a mosaic over clear sky: steps of a level or two) has no variance to
  // explain beyond the codec's noise: its residual says nothing, and it counts as flat.
  return { cellResidual: total > FLAT_VARIANCE * n ? Math.max(0, resid) / total : 0, cells };
}

/** Area / convex hull area of the region (pixels as unit squares). */
export function solidity(r: RegionShape): number {
  const { W, labels, label, box } = r;
  const pts: [number, number][] = [];
  let area = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    let lo = -1, hi = -1;
    for (let x = box.x; x < box.x + box.w; x++) if (labels[y * W + x] === label) { if (lo < 0) lo = x; hi = x; area++; }
    if (lo >= 0) pts.push([lo, y], [hi + 1, y], [lo, y + 1], [hi + 1, y + 1]);
  }
  const hull = convexHullArea(pts);
  return hull > 0 ? Math.min(1, area / hull) : 1;
}

/** Area of the convex hull of points (Andrew's monotone chain, then the shoelace formula). */
export function convexHullArea(points: [number, number][]): number {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return 0;
  const cross = (o: number[], a: number[], b: number[]) => (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const q of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, q) <= 0) h.pop();
      h.push(q);
    }
    h.pop();
    return h;
  };
  const hull = [...half(p), ...half([...p].reverse())];
  let a = 0;
  for (let i = 0; i < hull.length; i++) {
    const [x1, y1] = hull[i]!, [x2, y2] = hull[(i + 1) % hull.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}
