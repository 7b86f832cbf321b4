// Visible IoU: a detector's mask scored against the part of a mosaic that can be seen. A mosaic that
// leaves a cell as it was (a mean cell over flat sky or fog) hides nothing there and no detector can find
// it, so plain IoU against the whole censored area punishes what cannot be scored. Here the truth is split
// per mosaic cell into visible cells (V) and invisible ones, which are don't-care (D): a prediction there
// neither counts as found nor as a false positive.
import type { Raster } from './raster.js';
import type { Mask } from './mask.js';
import type { CellGrid } from './cells.js';
import { mod } from '../util/math.js';

/**
 * Smallest mean absolute change (0–255, all channels) that makes a mosaic cell visible: 2 grey levels.
 * A JPEG q75 round trip (sharp, 4:2:0) moves a pixel of the evaluation photos at 384 px by 1.0 level on
 * the flattest photo and 2.6 on the median one (q90: 0.7 / 1.9), so a cell the mosaic changed by 2 or less
 * is within what re-encoding itself does to a photo; a mean cell over flat sky or fog changes by 0–1
 * (the mean's rounding and a faint gradient).
 */
export const VISIBLE_CELL_MIN_CHANGE = 2;

/** The truth split by what the mosaic visibly changed. */
export interface VisibleTruth {
  /** Truth pixels of the cells the mosaic visibly changed (V). */
  visible: Mask;
  /** Truth pixels of the cells it left as they were (D: don't care). */
  dontCare: Mask;
  /** Mosaic cells the truth touches, and how many of them are visible. */
  cells: number;
  visibleCells: number;
}

/**
 * Splits `truth` (the censored mask) over the mosaic's cells, each clipped to the truth: a cell is visible
 * when the mean absolute difference between `mosaicked` and `original` over its truth pixels, every channel,
 * exceeds `minChange`.
 */
export function visibleTruth(original: Raster, mosaicked: Raster, truth: Mask, grid: CellGrid, minChange = VISIBLE_CELL_MIN_CHANGE): VisibleTruth {
  const { width: W, height: H, channels: C } = original;
  if (mosaicked.width !== W || mosaicked.height !== H || mosaicked.channels !== C) {
    throw new Error(`visibleTruth: the mosaic is ${mosaicked.width}×${mosaicked.height}×${mosaicked.channels}, the original ${W}×${H}×${C}`);
  }
  if (truth.width !== W || truth.height !== H) throw new Error(`visibleTruth: the truth mask is ${truth.width}×${truth.height}, the image ${W}×${H}`);
  const { blockW: bw, blockH: bh } = grid;
  if (!(bw >= 1 && bh >= 1)) throw new Error(`visibleTruth: cell size must be at least 1 px, got ${bw}×${bh}`);
  // cell (0, 0) starts at the last grid line at or before pixel 0
  const originX = mod(grid.phaseX, bw) - (mod(grid.phaseX, bw) === 0 ? 0 : bw);
  const originY = mod(grid.phaseY, bh) - (mod(grid.phaseY, bh) === 0 ? 0 : bh);
  const cols = Math.ceil((W - originX) / bw), rows = Math.ceil((H - originY) / bh);
  const cellOf = (i: number) => Math.floor((Math.floor(i / W) - originY) / bh) * cols + Math.floor(((i % W) - originX) / bw);
  const change = new Float64Array(rows * cols), count = new Uint32Array(rows * cols);
  const a = original.data, b = mosaicked.data;
  for (let i = 0; i < W * H; i++) {
    if (!truth.data[i]) continue;
    const cell = cellOf(i);
    for (let c = 0, k = i * C; c < C; c++, k++) change[cell] += Math.abs(a[k]! - b[k]!);
    count[cell]++;
  }
  let cells = 0, visibleCells = 0;
  const isVisible = new Uint8Array(rows * cols);
  for (let cell = 0; cell < rows * cols; cell++) {
    if (!count[cell]) continue;
    cells++;
    if (change[cell]! / (count[cell]! * C) > minChange) { isVisible[cell] = 1; visibleCells++; }
  }
  const visible = { data: new Uint8Array(W * H), width: W, height: H }, dontCare = { data: new Uint8Array(W * H), width: W, height: H };
  for (let i = 0; i < W * H; i++) if (truth.data[i]) (isVisible[cellOf(i)] ? visible : dontCare).data[i] = 255;
  return { visible, dontCare, cells, visibleCells };
}

/**
 * |pred ∩ V| / |(pred \ D) ∪ V|: IoU against the visible truth V, with the pixels of D (invisible truth)
 * left out of both sides. null when V is empty: a mosaic with nothing visible cannot be scored.
 */
export function visibleIoU(pred: Mask, visible: Mask, dontCare: Mask): number | null {
  if (pred.width !== visible.width || pred.height !== visible.height || dontCare.width !== visible.width || dontCare.height !== visible.height) {
    throw new Error(`visibleIoU: masks of different sizes (${pred.width}×${pred.height}, ${visible.width}×${visible.height}, ${dontCare.width}×${dontCare.height})`);
  }
  let inter = 0, union = 0, truthArea = 0;
  for (let i = 0; i < pred.data.length; i++) {
    const v = visible.data[i]! > 0;
    const p = pred.data[i]! > 0 && (v || !dontCare.data[i]);
    if (v) truthArea++;
    if (p && v) inter++;
    if (p || v) union++;
  }
  return truthArea === 0 ? null : inter / union;
}
