// The one cell-grid measurer: cell size and phase of one mosaic region, on the native pixels whatever
// scale the detector's network ran at. Per axis: the lattice (cell size, phase) on which the region's
// grid-line jumps pile up (lattice.ts scoring). A lattice's divisors share all its lines and score about
// as much; its multiples share only part of them and score about 1/k of it, so the cell is the largest
// member of the best lattice's family that still scores near the best. Then the phase is checked against
// the cells' mirror symmetry: every style paints symmetric cells (flat, or a centred disc), and circle
// cells put their strongest jumps one pixel inside the cell, beside the true grid line.
// Two faces: measureRegionGrid for the detector (its regions are mosaics: block 0 only where no lattice
// shows), measureCellGrid for a region someone named (restore), which must also say when it holds no
// mosaic at all: there each axis's lattice must hold a clear share of the region's jump evidence.
import type { CellGrid } from '../image/cells.js';
import { jumpMap } from '../image/jumps.js';
import type { DetectCodec } from './find.js';
import type { Mask } from '../image/mask.js';
import { luma, type Raster } from '../image/raster.js';
import { describeBox, type Box } from '../util/box.js';
import { bestPhasePerBlock, windowProfile, type Lattice } from './lattice.js';

const MIN_BLOCK = 3;
const MAX_BLOCK = 256; // rect cells of a 120-px mosaic are 240 px wide
const MIN_SCORE = 0.05; // as lattice.ts: share of the evidence on one lattice
const FAMILY_SHARE = 0.5; // family members scoring at least this share of the best are candidates
const TIE_SHARE = 0.85; // the largest candidate within this share of the best is the cell
const MIRROR_GAIN = 0.9; // a shifted phase must be this much more symmetric to replace the lattice's
/**
 * A named region's lattice must hold this share of the jump evidence on both axes. On training-photo
 * crops (cells 6–60, all styles, JPEG none/90/60) it kept 94% of the exact grids and passed 1.3% of
 * clean boxes; the line-step ratio ≥ 2 used before kept 90% and passed 2.2%.
 */
const MIN_NAMED_SCORE = 0.2;

export interface RegionGrid { block: number; blockH: number; phaseX: number; phaseY: number }

export interface RegionPixels {
  /** Luma of the image, W × H (read inside latticeCropBox only). */
  L: Float32Array; W: number; H: number;
  /** Per pixel index of the image: inside the region or not. */
  inside: (i: number) => boolean;
  box: Box;
  /** The codec's block lattice (JPEG 8, H.264 4): its small jumps do not count. */
  codecGrid: number;
}

interface AxisGrid { block: number; phase: number; score: number }

/**
 * The pixels of a W×H image that a region's grid is measured on: its box plus two pixels (the jump test
 * reads g−2 … g+1), the corner moved down to a multiple of the codec grid so that the codec's lattice
 * stays where the full image has it.
 */
export function latticeCropBox(box: Box, W: number, H: number, codecGrid: number): Box {
  const align = Math.max(1, codecGrid);
  const down = (v: number) => Math.max(0, v - ((v % align) + align) % align);
  const x0 = down(box.x - 2), y0 = down(box.y - 2);
  return { x: x0, y: y0, w: Math.min(W, box.x + box.w + 2) - x0, h: Math.min(H, box.y + box.h + 2) - y0 };
}

/** Per axis the lattice in image coordinates with its line ratio, or null where none stands out. */
function axisGrids(px: RegionPixels): { x: AxisGrid | null; y: AxisGrid | null } {
  const { L, W, H, box, codecGrid } = px;
  const { x: x0, y: y0, w, h } = latticeCropBox(box, W, H, codecGrid);
  const x1 = x0 + w;
  const crop = new Float32Array(w * h);
  for (let y = 0; y < h; y++) crop.set(L.subarray((y0 + y) * W + x0, (y0 + y) * W + x1), y * w);
  const inside = new Uint8Array(w * h), outside = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (px.inside((y0 + y) * W + x0 + x)) inside[y * w + x] = 1; else outside[y * w + x] = 1;
  }
  const win = { x0: box.x - x0, y0: box.y - y0, x1: box.x + box.w - x0, y1: box.y + box.h - y0 };
  const axis = (vertical: boolean): AxisGrid | null => {
    const lo = vertical ? win.y0 : win.x0, hi = vertical ? win.y1 : win.x1;
    const ev = windowProfile(jumpMap(crop, w, h, vertical, codecGrid), w, win, vertical, outside);
    const g = chooseLattice(bestPhasePerBlock(ev, MIN_BLOCK, MAX_BLOCK, lo, hi));
    if (!g) return null;
    const phase = mostSymmetricPhase(crop, w, h, inside, g.block, g.phase, vertical);
    // Back to image coordinates: crop line g is image line g + origin.
    return { block: g.block, phase: (phase + (vertical ? y0 : x0)) % g.block, score: g.score };
  };
  return { x: axis(false), y: axis(true) };
}

/** The region's grid; block 0 on an axis where no lattice stands out (then the other axis's is used). */
export function measureRegionGrid(px: RegionPixels): RegionGrid {
  return measureRegionLattice(px).grid;
}

/**
 * The region's grid and, per axis, the share of its jump evidence that sits on the lattice (0 where no
 * lattice stands out): the verification stage (verify.ts) reads both.
 */
export function measureRegionLattice(px: RegionPixels): { grid: RegionGrid; scoreX: number; scoreY: number } {
  const { x: gx, y: gy } = axisGrids(px);
  const grid = { block: gx?.block ?? gy?.block ?? 0, blockH: gy?.block ?? gx?.block ?? 0, phaseX: gx?.phase ?? 0, phaseY: gy?.phase ?? 0 };
  return { grid, scoreX: gx?.score ?? 0, scoreY: gy?.score ?? 0 };
}

export interface MeasureGridOptions {
  /** The codec the image went through: its block lattice is discounted (JPEG 8 px, H.264 4 px). */
  codec?: DetectCodec;
}

/** Thrown when no mosaic grid stands out inside a named region. */
export class NoGridError extends Error {}

/**
 * Cell size and phase (image coordinates) of the mosaic inside `box`, counting only the box's pixels the
 * mask marks (> 127). Throws NoGridError when no lattice stands out: a named region may hold no mosaic.
 */
export function measureCellGrid(image: Raster, mask: Mask, box: Box, o: MeasureGridOptions = {}): CellGrid {
  const { width: W, height: H } = image;
  if (mask.width !== W || mask.height !== H) throw new Error(`mask is ${mask.width}×${mask.height}, image is ${W}×${H}`);
  const inBox = (p: number) => {
    const x = p % W, y = (p - x) / W;
    return x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h && mask.data[p]! > 127;
  };
  const { x, y } = axisGrids({ L: luma(image), W, H, inside: inBox, box, codecGrid: o.codec === 'h264' ? 4 : 8 });
  if (!x || !y || Math.min(x.score, y.score) < MIN_NAMED_SCORE)
    throw new NoGridError(`no mosaic grid found in region ${describeBox(box)} (a region needs at least 3 whole cells across and down)`);
  return { blockW: x.block, blockH: y.block, phaseX: x.phase, phaseY: y.phase };
}

/** The largest member of the best lattice's family (multiples and divisors on its lines) scoring near the best. */
export function chooseLattice(perBlock: Lattice[]): Lattice | null {
  let best: Lattice | null = null;
  for (const c of perBlock) if (!best || c.score > best.score) best = c;
  if (!best || best.score < MIN_SCORE) return null;
  const b = best;
  const related = (c: Lattice) => (c.block % b.block === 0 && c.phase % b.block === b.phase) || (b.block % c.block === 0 && b.phase % c.block === c.phase);
  return perBlock.filter((c) => c.score >= Math.max(FAMILY_SHARE, TIE_SHARE) * b.score && related(c)).reduce((a, c) => (c.block > a.block ? c : a), b);
}

/**
 * Of phase−1, phase, phase+1: the one whose cells are most mirror-symmetric along the axis (mean |L(p) −
 * L(mirror of p in its cell)| over region pixels whose mirror is in the region too). The lattice's own
 * phase stays unless a neighbour is clearly more symmetric.
 */
function mostSymmetricPhase(L: Float32Array, w: number, h: number, inside: Uint8Array, block: number, phase: number, vertical: boolean): number {
  if (block < 4) return phase;
  const here = asymmetry(L, w, h, inside, block, phase, vertical);
  let bestPhase = phase, bestCost = here * MIRROR_GAIN;
  for (const p of [phase - 1, phase + 1]) {
    const cost = asymmetry(L, w, h, inside, block, p, vertical);
    if (cost < bestCost) { bestCost = cost; bestPhase = p; }
  }
  return ((bestPhase % block) + block) % block;
}

/** Mean |L(p) − L(mirror of p in its cell)| along the axis, cells at phase p, over pairs inside the region. */
function asymmetry(L: Float32Array, w: number, h: number, inside: Uint8Array, block: number, p: number, vertical: boolean): number {
  // the mirror of each line in its cell, −1 where it is not a later line of the crop (a pair counts once)
  const n = vertical ? h : w;
  const mirror = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const start = c - ((((c - p) % block) + block) % block);
    const m = 2 * start + block - 1 - c;
    mirror[c] = m > c && m < n ? m : -1;
  }
  let sum = 0, count = 0;
  for (let y = 0; y < h; y++) {
    if (vertical && mirror[y]! < 0) continue;
    for (let x = 0; x < w; x++) {
      const m = vertical ? mirror[y]! : mirror[x]!;
      if (m < 0) continue;
      const i = y * w + x, j = vertical ? m * w + x : y * w + m;
      if (!inside[i] || !inside[j]) continue;
      sum += Math.abs(L[i]! - L[j]!);
      count++;
    }
  }
  return count ? sum / count : Infinity;
}
