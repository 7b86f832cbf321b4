// BRISQUE's 36 natural-scene-statistics features (Mittal, Moorthy & Bovik 2012), computed the way
// OpenCV's quality module does, so that its LIVE model (brisque-model.ts) scores them as OpenCV does:
// - grey as OpenCV's 8-bit BGR→grey (0.299/0.587/0.114 in 15-bit fixed point, rounded), then scaled to [0, 1] by a
//   float32 multiplication with 1/255;
// - two scales: the image, and the image resized to ⌊W/2⌋×⌊H/2⌋ with OpenCV's INTER_CUBIC (Keys a = −0.75,
//   pixel centres aligned, no antialiasing, edge pixels repeated);
// - MSCN coefficients (I − μ) / (σ + 1/255), μ and σ from a 7×7 Gaussian of σ = 7/6 with the edge pixels
//   repeated (aaa|abcdefgh|hhh), σ = √(E[I²] − μ²);
// - per scale: an asymmetric generalised Gaussian (AGGD) fit of the MSCN coefficients (shape, mean of the
//   two variances), then of their products with the right, lower, lower-right and upper-right neighbours
//   (shape, mean, left and right variances); a neighbour past the edge counts as 0.
// The shape is found by moment matching over the grid 0.2, 0.201, … < 10, the first grid point past
// which the fit gets worse (the ratio function is monotonic, so that is the nearest).
import type { Raster } from './raster.js';

export const BRISQUE_FEATURE_COUNT = 36;
/** Smallest side accepted: a half scale of 4×4 still holds the 7×7 window's centre and reach. */
export const BRISQUE_MIN_SIDE = 8;
const UNIT = Math.fround(1 / 255);

/** OpenCV's cvtColor(…GRAY) on 8-bit RGB(A) (4.x): (9798 R + 19235 G + 3735 B + 2¹⁴) >> 15. Grey input as is. */
export function openCvGrey(r: Raster): Uint8Array {
  const n = r.width * r.height, c = r.channels, out = new Uint8Array(n);
  if (c < 3) { for (let i = 0; i < n; i++) out[i] = r.data[i * c]!; return out; }
  for (let i = 0; i < n; i++) out[i] = (9798 * r.data[i * c]! + 19235 * r.data[i * c + 1]! + 3735 * r.data[i * c + 2]! + 16384) >> 15;
  return out;
}

export interface Plane { data: Float32Array; width: number; height: number }

// OpenCV runs all of this in float32, and in flat areas the MSCN coefficient is rounding noise: exactly
// 0, ±1e-5, or NaN where E[I²] − μ² came out negative. AGGD fitting counts those on one side or neither,
// which moves the features by a few per cent, so each step below rounds to float32 where OpenCV does,
// in OpenCV's order (its filters on x86-64 with AVX2: FMA in the Gaussian, SSE blocks in the resize).
const f32 = Math.fround;
/** float32 a·b + c with one rounding (a·b of two float32 is exact in a double). */
const fma = (a: number, b: number, c: number) => f32(a * b + c);

const clamp = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));

const SIGMA = 7 / 6;
/** getGaussianKernel(7, 7/6) as float32: computed in double, normalised, then rounded. */
const WINDOW = (() => {
  const k = Array.from({ length: 7 }, (_, i) => Math.exp(-((i - 3) ** 2) / (2 * SIGMA * SIGMA)));
  const s = k.reduce((a, b) => a + b, 0);
  return Float32Array.from(k, (v) => v / s);
})();

/** The 7×7 separable Gaussian of a plane, edge pixels repeated: rows as one FMA chain left to right,
 *  columns folded about the centre (k₃·x₀ + k₂·(x₋₁ + x₁) + …). */
export function gaussianBlur7(p: Plane): Plane {
  const { data, width: W, height: H } = p, tmp = new Float32Array(W * H), out = new Float32Array(W * H);
  const xs = Int32Array.from({ length: W + 6 }, (_, i) => clamp(i - 3, W));
  const ys = Int32Array.from({ length: H + 6 }, (_, i) => clamp(i - 3, H));
  const [k0, k1, k2, k3, k4, k5, k6] = WINDOW as unknown as number[];
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      if (x >= 3 && x < W - 3) { // inside: no edge lookups
        const i = row + x;
        tmp[i] = fma(k6!, data[i + 3]!, fma(k5!, data[i + 2]!, fma(k4!, data[i + 1]!, fma(k3!, data[i]!,
          fma(k2!, data[i - 1]!, fma(k1!, data[i - 2]!, f32(k0! * data[i - 3]!)))))));
        continue;
      }
      let s = 0;
      for (let k = 0; k < 7; k++) s = fma(WINDOW[k]!, data[row + xs[x + k]!]!, s);
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < H; y++) {
    const r = [0, 1, 2, 3, 4, 5, 6].map((k) => ys[y + k]! * W);
    for (let x = 0; x < W; x++) {
      let s = f32(WINDOW[3]! * tmp[r[3]! + x]!);
      for (let t = 1; t <= 3; t++) s = fma(WINDOW[3 - t]!, f32(tmp[r[3 - t]! + x]! + tmp[r[3 + t]! + x]!), s);
      out[y * W + x] = s;
    }
  }
  return { data: out, width: W, height: H };
}

/** Keys' cubic weights (a = −0.75, OpenCV's) of the four taps around a point `t` ∈ [0, 1) past the second,
 *  in float32 step by step; the last is 1 minus the others. */
function cubicWeights(t: number): [number, number, number, number] {
  const A = -0.75, t1 = f32(t + 1), u = f32(1 - t);
  const w0 = f32(f32(f32(f32(f32(A * t1) - 5 * A) * t1) + 8 * A) * t1) - 4 * A;
  const w1 = f32(f32(f32(f32(f32(A + 2) * t) - (A + 3)) * t) * t) + 1;
  const w2 = f32(f32(f32(f32(f32(A + 2) * u) - (A + 3)) * u) * u) + 1;
  return [f32(w0), f32(w1), f32(w2), f32(f32(f32(1 - f32(w0)) - f32(w1)) - f32(w2))];
}

/** Taps (edge pixels repeated) and weights of one axis of OpenCV's INTER_CUBIC resize from n to m samples. */
function cubicAxis(n: number, m: number): { taps: Int32Array; weights: Float32Array } {
  const scale = 1 / (m / n), taps = new Int32Array(4 * m), weights = new Float32Array(4 * m);
  for (let d = 0; d < m; d++) {
    const f = f32((d + 0.5) * scale - 0.5), s = Math.floor(f);
    const w = cubicWeights(f32(f - s));
    for (let k = 0; k < 4; k++) {
      taps[4 * d + k] = Math.min(n - 1, Math.max(0, s - 1 + k));
      weights[4 * d + k] = w[k]!;
    }
  }
  return { taps, weights };
}

/** OpenCV's resize(…, INTER_CUBIC) of a plane; the same size is a copy. Rows are summed tap 0 to 3; the
 *  vertical pass sums tap 3 to 0 in its SIMD blocks (8 then 4 columns) and 0 to 3 in the last few. */
export function resizeCubic(p: Plane, width: number, height: number): Plane {
  const { data, width: W, height: H } = p;
  if (width === W && height === H) return { data: new Float32Array(data), width, height };
  const ax = cubicAxis(W, width), ay = cubicAxis(H, height);
  const tmp = new Float32Array(width * H), out = new Float32Array(width * height);
  for (let y = 0; y < H; y++) for (let x = 0; x < width; x++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s = f32(s + f32(ax.weights[4 * x + k]! * data[y * W + ax.taps[4 * x + k]!]!));
    tmp[y * width + x] = s;
  }
  const blocks = Math.floor(width / 8) * 8 + (width % 8 >= 4 ? 4 : 0);
  for (let y = 0; y < height; y++) {
    const r = [0, 1, 2, 3].map((k) => ay.taps[4 * y + k]! * width), w = ay.weights.subarray(4 * y, 4 * y + 4);
    for (let x = 0; x < width; x++) {
      let s: number;
      if (x < blocks) {
        s = f32(w[3]! * tmp[r[3]! + x]!);
        for (let k = 2; k >= 0; k--) s = f32(s + f32(w[k]! * tmp[r[k]! + x]!));
      } else {
        s = f32(w[0]! * tmp[r[0]! + x]!);
        for (let k = 1; k < 4; k++) s = f32(s + f32(w[k]! * tmp[r[k]! + x]!));
      }
      out[y * width + x] = s;
    }
  }
  return { data: out, width, height };
}

/** Mean-subtracted, contrast-normalised coefficients of a plane in [0, 1]: (I − μ) / (√(E[I²] − μ²) + 1/255),
 *  NaN where the variance rounds below 0 (as OpenCV's square root leaves it). */
export function mscn(p: Plane): Plane {
  const mu = gaussianBlur7(p).data;
  const sq = gaussianBlur7({ ...p, data: p.data.map((v) => f32(v * v)) }).data;
  const out = new Float32Array(p.data.length), c = f32(1 / 255);
  for (let i = 0; i < out.length; i++) {
    const sigma = f32(f32(Math.sqrt(f32(sq[i]! - f32(mu[i]! * mu[i]!)))) + c);
    out[i] = f32(f32(p.data[i]! - mu[i]!) / sigma);
  }
  return { data: out, width: p.width, height: p.height };
}

/** Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~1e-15 relative). */
export function gammaFn(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFn(1 - x));
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}

/** The shape grid and ρ(γ) = Γ(2/γ)² / (Γ(1/γ) Γ(3/γ)) on it, made once. */
const SHAPES = (() => {
  const g: number[] = [], r: number[] = [];
  // stepped by repeated addition, as the grid is usually written, so its last point is the same
  for (let gam = 0.2; gam < 10; gam += 0.001) {
    g.push(gam);
    r.push(gammaFn(2 / gam) ** 2 / (gammaFn(1 / gam) * gammaFn(3 / gam)));
  }
  return { g: Float64Array.from(g), r: Float64Array.from(r) };
})();

export interface AggdFit { shape: number; leftSigma: number; rightSigma: number }

/** Moment-matching AGGD fit, summed in double; zeros and NaNs count in n but on neither side. */
export function fitAggd(values: Float32Array): AggdFit {
  let nPos = 0, nNeg = 0, sqPos = 0, sqNeg = 0, abs = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 0) { nPos++; sqPos += v * v; abs += v; } else if (v < 0) { nNeg++; sqNeg += v * v; abs -= v; }
  }
  const leftSigma = Math.sqrt(sqNeg / nNeg), rightSigma = Math.sqrt(sqPos / nPos);
  const g = leftSigma / rightSigma, n = values.length;
  const rHat = (abs / n) ** 2 / ((sqNeg + sqPos) / n);
  const rNorm = (rHat * (g ** 3 + 1) * (g + 1)) / (g * g + 1) ** 2;
  let best = 0, bestDiff = 1e10;
  for (let k = 0; k < SHAPES.g.length; k++) {
    const diff = Math.abs(SHAPES.r[k]! - rNorm);
    if (diff > bestDiff) break;
    bestDiff = diff; best = SHAPES.g[k]!;
  }
  return { shape: best, leftSigma, rightSigma };
}

/** Right, lower, lower-right, upper-right neighbours as (row, column) steps. */
const NEIGHBOURS: [number, number][] = [[0, 1], [1, 0], [1, 1], [-1, 1]];

function scaleFeatures(p: Plane, out: number[]): void {
  const m = mscn(p), { width: W, height: H } = m;
  const f = fitAggd(m.data);
  out.push(f.shape, (f.leftSigma ** 2 + f.rightSigma ** 2) / 2);
  const prod = new Float32Array(W * H);
  for (const [dy, dx] of NEIGHBOURS) {
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const yy = y + dy, xx = x + dx;
      prod[y * W + x] = yy >= 0 && yy < H && xx < W ? f32(m.data[y * W + x]! * m.data[yy * W + xx]!) : 0;
    }
    const a = fitAggd(prod), g = a.shape;
    const mean = (a.rightSigma - a.leftSigma) * (gammaFn(2 / g) / gammaFn(1 / g)) * Math.sqrt(gammaFn(1 / g) / gammaFn(3 / g));
    out.push(g, mean, a.leftSigma ** 2, a.rightSigma ** 2);
  }
}

/** The 36 features of an 8-bit image (RGB, RGBA or grey): 18 at full size, then 18 at half size. */
export function brisqueFeatures(r: Raster): Float64Array {
  if (r.width < BRISQUE_MIN_SIDE || r.height < BRISQUE_MIN_SIDE)
    throw new Error(`BRISQUE needs an image of at least ${BRISQUE_MIN_SIDE}×${BRISQUE_MIN_SIDE} pixels, got ${r.width}×${r.height}`);
  const grey = openCvGrey(r);
  const full: Plane = { data: Float32Array.from(grey, (v) => v * UNIT), width: r.width, height: r.height };
  const out: number[] = [];
  scaleFeatures(full, out);
  scaleFeatures(resizeCubic(full, Math.floor(r.width / 2), Math.floor(r.height / 2)), out);
  return Float64Array.from(out);
}
