// Consistency with the mosaic: what a mosaic still says exactly is its cell values, so the restored region,
// pixelated again on the same grid, should give them back. After the network (and after any other blend),
// each cell that is a mosaic cell in the input — flat within FLAT_TOLERANCE; `circle` discs are not, and stay
// the network's — is moved onto its constraint:
//   mean    the cell's mean equals the input cell's value (GIMP, Photoshop and ffmpeg's pixelize make
//           mean cells): first a field smooth across cells closes most of each cell's gap
//           (smooth-correction.ts: a uniform shift per cell steps at every cell edge, a lattice on the GAN end);
//           then a uniform shift of the cell, clamped to [0, 255] and repeated over the pixels still free, the
//           exact L2 projection onto {mean = v, 0 ≤ x ≤ 255}; the truth lies in that convex set, so this last
//           step never moves the output away from it (the smooth start gave +0.06 dB, +0.002 SSIM on validation);
//   center  the cell's centre pixel equals the input value (pixelate's `center`, a nearest-neighbour
//           downscale): a field bilinear between centre pixels moves each by exactly its gap;
//   sample  the input value is one of the cell's pixels, which one unknown (pixelate's `random`, or a
//           centre mosaic not known as one): the same field with half of each gap, the centre pixel's
//           expected move given one pixel of the cell (SAMPLE_WEIGHT, chosen on validation);
//   auto    (the default) mean where the network's own result says the cells were averaged, else sample
//           (looksPointSampled): a flat cell does not say how it was made, and holding a point-sampled
//           cell's mean to its sample value puts a step at every cell edge (−1.5 to −2 dB measured).
// It aims at the pixels the image gets: inside the region the restoration is blended with the input over the
// inner edge (featherWeights), so the shift is solved for the blended value a·r + (1 − a)·m.
// Partial cells (cut by the region's edge): pixelate's colour is the mean of the whole cell, inside and out,
// and the pixels outside the region are never written, so the constraint counts them as they are. With a
// clean mosaic (every cell exactly flat) that holds for every partial cell; after JPEG the outside pixels and
// the value are noisy and the shift grows as n_cell / n_inside, so a partial cell less than a quarter inside
// is held to the mean of its inside part instead.
import type { CellGrid, PlanarImage } from '../image/cells.js';
import { mod } from '../util/math.js';
import { addCentreCorrection, addSmoothCorrection, type CellLayout } from './smooth-correction.js';

export const CELL_STYLES = ['auto', 'mean', 'center', 'sample', 'none'] as const;
/** How the mosaic's cells were made: mean, center (the centre pixel), sample (one of the cell's pixels), none (no projection), or auto (judged per region). */
export type CellStyle = (typeof CELL_STYLES)[number];
export const DEFAULT_CELL_STYLE: CellStyle = 'auto';

/**
 * The most a mosaic cell's pixels inside the region may deviate from their mean (mean |pixel − mean|, the
 * widest channel, grey levels) and still count as a mosaic cell. Measured on 12 training photos at 640 px,
 * cells 8/12/16 (scripts/flat-cells.mjs): 94.7 % of mean-mosaic cells after JPEG 75 are within 6 (91.7 % at
 * JPEG 50), 4 % of `circle` cells (the darkest, where the disc and its half-bright corners differ least).
 * Natural cells within it (42 %) are flat in the photo too, so their input mean is the truth's.
 */
export const FLAT_TOLERANCE = 6;

/** Width in pixels of the blend at the region's inner edge (blendInto). */
export const FEATHER = 2;

/**
 * The restoration's weight per pixel of a crop's mask in the final blend: 0 outside, rising to 1 over FEATHER
 * px: min(1, d / FEATHER), d the chamfer (3-4) distance to the nearest pixel outside the mask or the crop
 * (image/mask.ts insideDistance). With FEATHER 2 only d = 1 (a side neighbour outside) and d = 4/3 (a corner
 * neighbour only) fall short of 1, so each pixel looks at its eight neighbours: one pass, no distance map.
 */
export function featherWeights(inside: Float32Array | Uint8Array, width: number, height: number): Float32Array {
  const thr = inside instanceof Uint8Array ? 127 : 0.5;
  const a = new Float32Array(width * height);
  const side = Math.min(1, 1 / FEATHER), corner = Math.min(1, Math.fround(4 / 3) / FEATHER); // as the distance map's float32 gives them
  const out = (x: number, y: number) => x < 0 || y < 0 || x >= width || y >= height || !(inside[y * width + x]! > thr);
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width; x < width; x++, p++) {
      if (!(inside[p]! > thr)) continue;
      const edge = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      if (edge || !(inside[p - 1]! > thr) || !(inside[p + 1]! > thr) || !(inside[p - width]! > thr) || !(inside[p + width]! > thr)) a[p] = side;
      else a[p] = out(x - 1, y - 1) || out(x + 1, y - 1) || out(x - 1, y + 1) || out(x + 1, y + 1) ? corner : 1;
    }
  }
  return a;
}
if (FEATHER !== 2) throw new Error('featherWeights reads neighbours for FEATHER 2 only'); // a wider feather needs insideDistance

export interface ProjectOptions {
  /** See FLAT_TOLERANCE (grey levels). */
  tolerance?: number;
  /** Move `restored`'s own values (a crop made for this call) instead of a copy. */
  inPlace?: boolean;
  /** Mean style: close the gaps with a field smooth across cells first (smooth-correction.ts; default true). */
  smooth?: boolean;
}

/**
 * The cells that hold pixels inside the region, in row order: cell k's pixels inside the region (restorable)
 * are inner[innerAt[k] .. innerAt[k + 1]) and the rest of it within the crop (fixed) outer[outerAt[k] ..
 * outerAt[k + 1]), each in row-major order. Flat arrays: no list per cell, nothing allocated per pixel.
 */
interface Cells { count: number; inner: Int32Array; innerAt: Int32Array; outer: Int32Array; outerAt: Int32Array; cell: Int32Array; layout: CellLayout }

function cellsOf(inside: Float32Array, width: number, height: number, grid: CellGrid): Cells {
  const { blockW: bw, blockH: bh } = grid;
  const x0 = mod(grid.phaseX, bw) - (mod(grid.phaseX, bw) ? bw : 0), y0 = mod(grid.phaseY, bh) - (mod(grid.phaseY, bh) ? bh : 0);
  const cols = Math.ceil((width - x0) / bw), rows = Math.ceil((height - y0) / bh), most = cols * rows;
  const inner = new Int32Array(width * height), outer = new Int32Array(width * height);
  const innerAt = new Int32Array(most + 1), outerAt = new Int32Array(most + 1), cell = new Int32Array(most);
  let count = 0, ni = 0, no = 0;
  for (let cy = y0, r = 0; cy < height; cy += bh, r++) for (let cx = x0, c = 0; cx < width; cx += bw, c++) {
    const i0 = ni, o0 = no;
    for (let y = Math.max(0, cy); y < Math.min(height, cy + bh); y++) for (let x = Math.max(0, cx); x < Math.min(width, cx + bw); x++) {
      const p = y * width + x;
      if (inside[p]! > 0.5) inner[ni++] = p; else outer[no++] = p;
    }
    if (ni === i0) { no = o0; continue; } // no pixel inside the region: not a cell to project
    innerAt[count] = i0; outerAt[count] = o0; cell[count] = r * cols + c;
    count++;
    innerAt[count] = ni; outerAt[count] = no;
  }
  return { count, inner, innerAt, outer, outerAt, cell: cell.subarray(0, count), layout: { x0, y0, bw, bh, cols, rows } };
}

/**
 * `restored` (planar [−1, 1], the crop's size) made consistent with the mosaic in `input` (the same crop as
 * the network saw it), on `grid` (crop pixels), inside `inside`. Returns a new image; style 'none' returns
 * `restored` itself.
 */
export function projectOntoCells(restored: PlanarImage, input: PlanarImage, inside: Float32Array, grid: CellGrid, style: CellStyle, o: ProjectOptions = {}): PlanarImage {
  if (style === 'none') return restored;
  const { width: W, height: H } = input, plane = W * H;
  if (restored.width !== W || restored.height !== H) throw new Error(`projection: restored crop is ${restored.width}×${restored.height}, input ${W}×${H}`);
  const tol = (o.tolerance ?? FLAT_TOLERANCE) / 127.5;
  const m = input.data, cells = cellsOf(inside, W, H, grid);
  const { devs, means, clean } = inputCells(m, plane, cells);
  // auto: at detail 0 the result judges itself; restorers judge other detail values by the fidelity end (fidelityStyle)
  if (style === 'auto') style = sampledEvidence(restored.data, plane, cells, devs, means, tol) > 0 ? 'sample' : 'mean';
  const a = featherWeights(inside, W, H);
  const out = o.inPlace ? restored.data : new Float32Array(restored.data);
  if (style === 'center' || style === 'sample') {
    centreOnCells(out, W, H, cells, a, devs, means, tol, style === 'center' ? 1 : SAMPLE_WEIGHT);
    return { ...restored, data: out };
  }
  const { inner, innerAt, outer, outerAt } = cells;
  let most = 0;
  for (let k = 0; k < cells.count; k++) if (devs[k]! <= tol) most = Math.max(most, innerAt[k + 1]! - innerAt[k]!);
  if (o.smooth !== false) {
    // each flat cell's target mean over its inside pixels (what the exact projection below aims at, blend aside)
    const targets = new Float64Array(3 * cells.count).fill(NaN);
    for (let k = 0; k < cells.count; k++) {
      if (!(devs[k]! <= tol)) continue;
      const n = innerAt[k + 1]! - innerAt[k]!, o0 = outerAt[k]!, nOut = outerAt[k + 1]! - o0, whole = clean || 4 * n >= n + nOut;
      for (let ch = 0; ch < 3; ch++) {
        let outside = 0;
        if (whole) for (let i = 0; i < nOut; i++) outside += m[ch * plane + outer[o0 + i]!]!;
        targets[3 * k + ch] = whole ? (means[3 * k + ch]! * (n + nOut) - outside) / n : means[3 * k + ch]!;
      }
    }
    addSmoothCorrection(out, W, H, cells.layout, cells.cell, inner, innerAt, targets);
  }
  const f = new Float64Array(most), lo = new Float64Array(most), hi = new Float64Array(most);
  for (let k = 0; k < cells.count; k++) {
    if (!(devs[k]! <= tol)) continue;
    const i0 = innerAt[k]!, n = innerAt[k + 1]! - i0, o0 = outerAt[k]!, nOut = outerAt[k + 1]! - o0;
    const whole = clean || 4 * n >= n + nOut;
    for (let ch = 0; ch < 3; ch++) {
      const base = ch * plane, v = means[3 * k + ch]!;
      // the blended value f = a·r + (1 − a)·m and its range over r ∈ [−1, 1]
      for (let i = 0; i < n; i++) {
        const p = inner[i0 + i]!, ap = a[p]!, keep = (1 - ap) * m[base + p]!;
        f[i] = ap * Math.max(-1, Math.min(1, out[base + p]!)) + keep;
        lo[i] = keep - ap; hi[i] = keep + ap;
      }
      let outside = 0;
      for (let i = 0; i < nOut; i++) outside += m[base + outer[o0 + i]!]!;
      if (!meanShift(f, lo, hi, n, whole ? v * (n + nOut) - outside : v * n)) continue;
      for (let i = 0; i < n; i++) {
        const p = inner[i0 + i]!, ap = a[p]!;
        out[base + p] = Math.max(-1, Math.min(1, (f[i]! - (1 - ap) * m[base + p]!) / ap));
      }
    }
  }
  return { ...restored, data: out };
}

/**
 * The share of each gap the `sample` style moves a centre pixel by. Validation (session 10's held-out training
 * photos, random and centre mosaics at 8/12/16 px, JPEG none and 75, the sf4 network): on random mosaics
 * SSIM over bicubic +0.0059 with no correction, +0.0077 at ½, +0.0062 at 1, PSNR level up to ½ (+0.86 → +0.83 dB)
 * and falling after; on centre mosaics ½ gave +0.65 dB against +0.54 with none. The range rule it replaces (the
 * least uniform shift putting the value within the cell's [min, max]) scored +0.43 dB / −0.0007 there.
 */
const SAMPLE_WEIGHT = 0.5;

/**
 * The `center` (weight 1) and `sample` styles in place on `out`: each flat cell whose whole (nominal) cell lies
 * in the crop and whose centre pixel is inside the region at full weight gets weight · (v − out) there; cells
 * at the crop's edge may be cut by the image's, which moves their centre, so they hold no gap.
 */
function centreOnCells(out: Float32Array, W: number, H: number, cells: Cells, a: Float32Array, devs: Float64Array, means: Float64Array, tol: number, weight: number): void {
  const { layout, innerAt, outerAt } = cells, { x0, y0, bw, bh, cols } = layout, plane = W * H;
  const gaps = new Float64Array(3 * cells.count).fill(NaN);
  for (let k = 0; k < cells.count; k++) {
    if (!(devs[k]! <= tol) || innerAt[k + 1]! - innerAt[k]! + outerAt[k + 1]! - outerAt[k]! !== bw * bh) continue;
    const c = cells.cell[k]! % cols, r = (cells.cell[k]! - c) / cols;
    const p = (y0 + r * bh + Math.floor((bh - 1) / 2)) * W + x0 + c * bw + Math.floor((bw - 1) / 2);
    if (a[p] !== 1) continue;
    for (let ch = 0; ch < 3; ch++) gaps[3 * k + ch] = weight * (means[3 * k + ch]! - Math.max(-1, Math.min(1, out[ch * plane + p]!)));
  }
  addCentreCorrection(out, W, H, layout, cells.cell, cells.inner, innerAt, gaps);
  for (let i = 0; i < innerAt[cells.count]!; i++) for (let ch = 0; ch < 3; ch++) {
    const q = ch * plane + cells.inner[i]!;
    out[q] = Math.max(-1, Math.min(1, out[q]!));
  }
}

/**
 * The two hypotheses about a mosaic cell's value v against the network's result over the cell (its luma mean
 * μ and variance s², grey levels): averaged, v − μ ~ N(0, A + B·s²), the network's own error in the mean;
 * point-sampled, v − μ ~ N(0, A + K·s²), K = SAMPLED_SPREAD, one pixel of a cell as textured as the result.
 * Fitted on the held-out training photos (docs/restorer.md, "auto"): 170 mosaics, mean / centre / random at
 * 8–16 px, JPEG none and 75.
 */
const AVERAGED_ERROR = { A: 0.3, B: 0.2 }, SAMPLED_SPREAD = 0.6;

/**
 * Whether the region's mosaic cells look point-sampled rather than averaged, judged from `restored` (the
 * network's result, before any projection): the log-likelihood ratio of the two hypotheses above, summed over
 * the flat cells mostly inside the region. Flat results (s ≈ 0) weigh nothing either way; a region with no
 * evidence counts as averaged, the common case (GIMP, Photoshop, ffmpeg).
 */
export function looksPointSampled(restored: PlanarImage, input: PlanarImage, inside: Float32Array, grid: CellGrid, o: ProjectOptions = {}): boolean {
  const { width: W, height: H } = input, plane = W * H, cells = cellsOf(inside, W, H, grid);
  const { devs, means } = inputCells(input.data, plane, cells);
  return sampledEvidence(restored.data, plane, cells, devs, means, (o.tolerance ?? FLAT_TOLERANCE) / 127.5) > 0;
}

/**
 * Each cell's input mean per channel (inside the region) and its flatness, mean |pixel − cell mean| of the
 * widest channel; `clean` when every cell is exactly flat (no JPEG).
 */
function inputCells(m: Float32Array, plane: number, cells: Cells): { devs: Float64Array; means: Float64Array; clean: boolean } {
  const { inner, innerAt } = cells;
  const devs = new Float64Array(cells.count), means = new Float64Array(3 * cells.count);
  let clean = true;
  for (let k = 0; k < cells.count; k++) {
    const i0 = innerAt[k]!, i1 = innerAt[k + 1]!, n = i1 - i0;
    let worst = 0;
    for (let ch = 0; ch < 3; ch++) {
      const base = ch * plane;
      let v = 0, d = 0;
      for (let i = i0; i < i1; i++) v += m[base + inner[i]!]!;
      v /= n;
      means[3 * k + ch] = v;
      for (let i = i0; i < i1; i++) d += Math.abs(m[base + inner[i]!]! - v);
      worst = Math.max(worst, d / n);
    }
    devs[k] = worst;
    if (!(worst < 1e-6)) clean = false;
  }
  return { devs, means, clean };
}

/** looksPointSampled's log-likelihood ratio over the flat cells mostly inside the region (> 0: point-sampled). */
function sampledEvidence(r: Float32Array, plane: number, cells: Cells, devs: Float64Array, means: Float64Array, tol: number): number {
  const { inner, innerAt, outerAt } = cells;
  const luma = (a: number, b: number, c: number) => 127.5 * (0.299 * a + 0.587 * b + 0.114 * c);
  let evidence = 0;
  for (let k = 0; k < cells.count; k++) {
    const i0 = innerAt[k]!, n = innerAt[k + 1]! - i0;
    if (4 * n < n + outerAt[k + 1]! - outerAt[k]!) continue; // mostly outside: its value is not the inside's
    if (!(devs[k]! <= tol)) continue; // not a mosaic cell (a circle disc, a natural edge)
    const value = luma(means[3 * k]!, means[3 * k + 1]!, means[3 * k + 2]!);
    let mu = 0, mu2 = 0;
    for (let i = i0; i < i0 + n; i++) {
      const p = inner[i]!, y = luma(r[p]!, r[plane + p]!, r[2 * plane + p]!);
      mu += y; mu2 += y * y;
    }
    mu /= n;
    const s2 = Math.max(0, mu2 / n - mu * mu), d2 = (value - mu) ** 2;
    const averaged = AVERAGED_ERROR.A + AVERAGED_ERROR.B * s2, sampled = AVERAGED_ERROR.A + SAMPLED_SPREAD * s2;
    evidence += 0.5 * Math.log(averaged / sampled) + 0.5 * d2 * (1 / averaged - 1 / sampled);
  }
  return evidence;
}

/** `auto` made concrete from a result over the crop: sample for cells that look point-sampled, else mean. */
export const judgedStyle = (restored: PlanarImage, input: PlanarImage, inside: Float32Array, grid: CellGrid): 'mean' | 'sample' =>
  looksPointSampled(restored, input, inside, grid) ? 'sample' : 'mean';

/**
 * f[0..n) moved to sum `target` by one shift λ, f_i = clamp(f_i + λ, lo_i, hi_i): the L2 projection onto
 * {Σf = target} ∩ box. Each round shifts the free values by the remaining gap; a value that hits its bound
 * stays there (the shift only grows in one direction), so it ends in at most n + 1 rounds.
 */
export function meanShift(f: Float64Array, lo: Float64Array, hi: Float64Array, n: number, target: number): boolean {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += f[i]!;
  if (Math.abs(target - sum) < 1e-9 * n) return false;
  const up = target > sum;
  for (let round = 0; round <= n; round++) {
    const gap = target - sum;
    if (Math.abs(gap) < 1e-9 * n) break;
    let free = 0;
    for (let i = 0; i < n; i++) if (up ? f[i]! < hi[i]! : f[i]! > lo[i]!) free++;
    if (!free) break; // the target lies beyond the box: every value at its bound
    const step = gap / free;
    sum = 0;
    for (let i = 0; i < n; i++) {
      if (up ? f[i]! < hi[i]! : f[i]! > lo[i]!) f[i] = Math.max(lo[i]!, Math.min(hi[i]!, f[i]! + step));
      sum += f[i]!;
    }
  }
  return true;
}
