// Global motion of the content around a region between two frames, and the warp that follows it.
// The model is a zoom about a centre plus a shift — enough for pans and zooms — written as the map from
// a pixel p of the current frame to where its content was in the previous one:
//     q = centre + m·(p − centre) + (ux, uy)          (m = 1 / zoom)
// It is measured on the ring of real (unmosaicked) pixels around the region: an integer search for the
// shift, then Gauss–Newton on all three parameters with bilinear sampling.
import type { PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import type { Box } from '../util/box.js';

export interface Motion { ux: number; uy: number; m: number; cx: number; cy: number }

export interface MotionEstimate extends Motion {
  /** Mean |luma difference| over the ring after alignment, grey levels (0–255). */
  error: number;
  /** Ring pixels the estimate used. */
  samples: number;
}

export interface MotionOptions {
  /** Largest shift in pixels the integer search tries. Default 8. */
  searchRadius?: number;
  /** Ring pixels are taken on a grid of this step. Default: the step that leaves about 6,000 of them (at least 2). */
  stride?: number;
  /** Gauss–Newton iterations. Default 6. */
  iterations?: number;
  /** Alignment error (grey levels) above which the integer search runs. Default 3. */
  searchAbove?: number;
}

export const IDENTITY = (cx: number, cy: number): Motion => ({ ux: 0, uy: 0, m: 1, cx, cy });

/** Luma and its central-difference gradients over a window of a frame (edges clamped). */
export interface LumaWindow { box: Box; L: Float32Array; gx: Float32Array; gy: Float32Array }

export function lumaWindow(r: Raster, box: Box): LumaWindow {
  const { w, h } = box, c = r.channels;
  const L = new Float32Array(w * h), gx = new Float32Array(w * h), gy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = ((box.y + y) * r.width + box.x + x) * c;
    L[y * w + x] = c < 3 ? r.data[i]! : 0.299 * r.data[i]! + 0.587 * r.data[i + 1]! + 0.114 * r.data[i + 2]!;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const p = y * w + x;
    gx[p] = (L[y * w + Math.min(w - 1, x + 1)]! - L[y * w + Math.max(0, x - 1)]!) / 2;
    gy[p] = (L[Math.min(h - 1, y + 1) * w + x]! - L[Math.max(0, y - 1) * w + x]!) / 2;
  }
  return { box, L, gx, gy };
}

/** Bilinear sample of a window plane at image coordinates; NaN outside the window. */
function sample(win: LumaWindow, plane: Float32Array, X: number, Y: number): number {
  const x = X - win.box.x, y = Y - win.box.y, { w, h } = win.box;
  if (!(x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1)) return NaN;
  const x0 = Math.min(w - 2, Math.floor(x)), y0 = Math.min(h - 2, Math.floor(y)), fx = x - x0, fy = y - y0, i = y0 * w + x0;
  return (plane[i]! * (1 - fx) + plane[i + 1]! * fx) * (1 - fy) + (plane[i + w]! * (1 - fx) + plane[i + w + 1]! * fx) * fy;
}

/**
 * Motion of the content in `ring` (pixels of `cur` not in `curMask`) from `prev` to `cur`. Pixels whose
 * source lies in `prevMask` (restored there, not real) are left out. `guess` seeds the search.
 */
export function estimateMotion(prev: LumaWindow, cur: Raster, ring: Box, curMask: Mask, prevMask: Mask, guess: Motion, o: MotionOptions = {}): MotionEstimate {
  const R = o.searchRadius ?? 8, iters = o.iterations ?? 6;
  // thousands of samples pin three parameters down to a hundredth of a pixel; more only cost time
  const stride = o.stride ?? Math.max(2, Math.round(Math.sqrt(ring.w * ring.h / 6000)));
  const cw = cur.width, c = cur.channels;
  const px: number[] = [], py: number[] = [], pv: number[] = [];
  for (let y = ring.y; y < ring.y + ring.h; y += stride) for (let x = ring.x; x < ring.x + ring.w; x += stride) {
    if (curMask.data[y * cw + x]! > 127) continue;
    const i = (y * cw + x) * c;
    px.push(x); py.push(y); pv.push(c < 3 ? cur.data[i]! : 0.299 * cur.data[i]! + 0.587 * cur.data[i + 1]! + 0.114 * cur.data[i + 2]!);
  }
  const { cx, cy } = guess;
  const inPrevMask = (X: number, Y: number) => prevMask.data[Math.round(Y) * prevMask.width + Math.round(X)]! > 127;
  /** Mean |residual| over usable samples (every `step`th) for a motion; Infinity when too few. */
  const cost = (ux: number, uy: number, m: number, step: number) => {
    let s = 0, n = 0;
    for (let k = 0; k < px.length; k += step) {
      const X = cx + m * (px[k]! - cx) + ux, Y = cy + m * (py[k]! - cy) + uy;
      const v = sample(prev, prev.L, X, Y);
      if (Number.isNaN(v) || inPrevMask(X, Y)) continue;
      s += Math.abs(v - pv[k]!); n++;
    }
    return n >= 16 ? s / n : Infinity;
  };

  /** Gauss–Newton on (ux, uy, m), Huber-weighted so that a moving object in the ring does not pull. */
  const refine = (start: { ux: number; uy: number; m: number }) => {
    let { ux, uy, m } = start;
    for (let it = 0; it < iters; it++) {
      const A = new Float64Array(9), b = new Float64Array(3);
      for (let k = 0; k < px.length; k++) {
        const dxc = px[k]! - cx, dyc = py[k]! - cy;
        const X = cx + m * dxc + ux, Y = cy + m * dyc + uy;
        const v = sample(prev, prev.L, X, Y);
        if (Number.isNaN(v) || inPrevMask(X, Y)) continue;
        const r = v - pv[k]!, gx = sample(prev, prev.gx, X, Y), gy = sample(prev, prev.gy, X, Y);
        const w = Math.abs(r) <= 8 ? 1 : 8 / Math.abs(r);
        const J0 = gx, J1 = gy, J2 = gx * dxc + gy * dyc;
        b[0] -= w * J0 * r; b[1] -= w * J1 * r; b[2] -= w * J2 * r;
        A[0] += w * J0 * J0; A[1] += w * J0 * J1; A[2] += w * J0 * J2;
        A[4] += w * J1 * J1; A[5] += w * J1 * J2; A[8] += w * J2 * J2;
      }
      A[3] = A[1]; A[6] = A[2]; A[7] = A[5];
      const d = solve3(A, b);
      if (!d) break;
      ux += d[0]!; uy += d[1]!; m += d[2]!;
      if (Math.abs(d[0]!) + Math.abs(d[1]!) < 1e-3 && Math.abs(d[2]!) < 1e-5) break;
    }
    if (!(Math.abs(m - 1) <= 0.2)) return { ...start, e: cost(start.ux, start.uy, start.m, 1) };
    return { ux, uy, m, e: cost(ux, uy, m, 1) };
  };

  // Smooth motion: the last frame's motion, refined, usually aligns. Otherwise search integer shifts
  // around it and around no motion (on a quarter of the samples), and refine the best.
  let best = refine(guess);
  if (best.e > (o.searchAbove ?? 3)) {
    let coarse = { ux: guess.ux, uy: guess.uy, e: Infinity };
    for (const [bx, by] of [[Math.round(guess.ux), Math.round(guess.uy)], [0, 0]] as const) {
      for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) {
        const e = cost(bx + dx, by + dy, guess.m, 4);
        if (e < coarse.e) coarse = { ux: bx + dx, uy: by + dy, e };
      }
      if (bx === 0 && by === 0) break;
    }
    const found = refine({ ux: coarse.ux, uy: coarse.uy, m: guess.m });
    if (found.e < best.e) best = found;
  }
  return { ux: best.ux, uy: best.uy, m: best.m, cx, cy, error: best.e, samples: Number.isFinite(best.e) ? px.length : 0 };
}

/** Solves a 3×3 system (Gaussian elimination with pivoting, a tiny ridge so flat rings stay finite). */
function solve3(A: Float64Array, b: Float64Array): number[] | null {
  const M = [0, 1, 2].map((i) => [A[i * 3]! + (i === 2 ? 1e-3 : 1e-6), A[i * 3 + 1]!, A[i * 3 + 2]!, b[i]!]);
  M[0]![0]! += 1e-6; M[1]![1]! += 1e-6;
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[piv]![col]!)) piv = r;
    if (Math.abs(M[piv]![col]!) < 1e-12) return null;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = M[r]![col]! / M[col]![col]!;
      for (let k = col; k < 4; k++) M[r]![k]! -= f * M[col]![k]!;
    }
  }
  return [0, 1, 2].map((i) => M[i]![3]! / M[i]![i]!);
}

function keys(x: number): number {
  const a = -0.5, t = Math.abs(x);
  return t <= 1 ? (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1 : t < 2 ? a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a : 0;
}

/** Four cubic taps per output coordinate for source positions `start + step·o` (clamped to [0, size)). */
function axisTaps(n: number, start: number, step: number, size: number): { idx: Int32Array; w: Float32Array; inside: Uint8Array } {
  const idx = new Int32Array(4 * n), w = new Float32Array(4 * n), inside = new Uint8Array(n);
  for (let o = 0; o < n; o++) {
    const s = start + step * o, i0 = Math.floor(s), f = s - i0;
    inside[o] = s >= 0 && s <= size - 1 ? 1 : 0;
    for (let k = 0; k < 4; k++) {
      idx[4 * o + k] = Math.min(size - 1, Math.max(0, i0 - 1 + k));
      w[4 * o + k] = keys(f - (k - 1));
    }
  }
  return { idx, w, inside };
}

/**
 * The crop `box` of the current frame filled from `prev` (8-bit RGB) through the motion: planar floats in
 * [−1, 1], and 1 where the source lay inside the previous frame. Zoom + shift is separable, so it is two
 * passes of cubic taps (sharper than bilinear, which would blur a little more at every frame).
 */
export function warpCrop(prev: Raster, box: Box, mo: Motion): { image: PlanarImage; valid: Uint8Array } {
  const { w, h } = box, C = prev.channels, W = prev.width;
  const tx = axisTaps(w, mo.cx + mo.m * (box.x - mo.cx) + mo.ux, mo.m, W);
  const ty = axisTaps(h, mo.cy + mo.m * (box.y - mo.cy) + mo.uy, mo.m, prev.height);
  // horizontal pass over the source rows the vertical taps reach, then the vertical pass
  let r0 = Infinity, r1 = -Infinity;
  for (const i of ty.idx) { r0 = Math.min(r0, i); r1 = Math.max(r1, i); }
  const rows = r1 - r0 + 1, tmp = new Float32Array(3 * rows * w);
  for (let r = 0; r < rows; r++) {
    const src = (r0 + r) * W;
    for (let x = 0; x < w; x++) {
      const t = 4 * x;
      for (let c = 0; c < 3; c++) {
        const k = C < 3 ? 0 : c;
        tmp[(c * rows + r) * w + x] = tx.w[t]! * prev.data[(src + tx.idx[t]!) * C + k]! + tx.w[t + 1]! * prev.data[(src + tx.idx[t + 1]!) * C + k]!
          + tx.w[t + 2]! * prev.data[(src + tx.idx[t + 2]!) * C + k]! + tx.w[t + 3]! * prev.data[(src + tx.idx[t + 3]!) * C + k]!;
      }
    }
  }
  const plane = w * h, out = new Float32Array(3 * plane), valid = new Uint8Array(plane);
  for (let y = 0; y < h; y++) {
    const t = 4 * y;
    for (let c = 0; c < 3; c++) {
      const a = (c * rows + ty.idx[t]! - r0) * w, b = (c * rows + ty.idx[t + 1]! - r0) * w;
      const d = (c * rows + ty.idx[t + 2]! - r0) * w, e = (c * rows + ty.idx[t + 3]! - r0) * w;
      const w0 = ty.w[t]!, w1 = ty.w[t + 1]!, w2 = ty.w[t + 2]!, w3 = ty.w[t + 3]!;
      for (let x = 0; x < w; x++) {
        const v = (w0 * tmp[a + x]! + w1 * tmp[b + x]! + w2 * tmp[d + x]! + w3 * tmp[e + x]!) / 127.5 - 1;
        out[c * plane + y * w + x] = v < -1 ? -1 : v > 1 ? 1 : v;
      }
    }
    for (let x = 0; x < w; x++) valid[y * w + x] = tx.inside[x]! & ty.inside[y]!;
  }
  return { image: { data: out, channels: 3, width: w, height: h }, valid };
}
