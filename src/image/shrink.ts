// The area shrink both the learned detector (at its working scale) and its training samples use: each
// output pixel is the mean of the input area it covers.
import type { Raster } from './raster.js';

/**
 * Box-filter (area) shrink to w×h: each output pixel is the mean of the input area it covers, so a
 * mosaic cell stays one flat colour with at most a one-pixel blend where its side falls between pixels.
 */
export function shrinkRaster(r: Raster, w: number, h: number): Raster {
  const { width: W, height: H, channels: C } = r;
  if (w === W && h === H) return r;
  const { src: xSrc, dst: xDst, weight: xWeight } = areaTaps(W, w), { src: ySrc, dst: yDst, weight: yWeight } = areaTaps(H, h);
  const src = r.data, wC = w * C, taps = xSrc.length;
  // Each input row shrunk along x into one small float row, then added into the output rows it covers:
  // the same float32 sums in the same order as a whole w × H pass of rows followed by one of columns.
  const row = new Float32Array(wC);
  const acc = new Float32Array(h * wC);
  let t = 0; // the ys tap of the current input row
  for (let y = 0; y < H; y++) {
    row.fill(0);
    const base = y * W * C;
    if (C === 3) {
      for (let k = 0; k < taps; k++) {
        const s = base + xSrc[k]! * 3, d = xDst[k]! * 3, wt = xWeight[k]!;
        row[d]! += wt * src[s]!; row[d + 1]! += wt * src[s + 1]!; row[d + 2]! += wt * src[s + 2]!;
      }
    } else {
      for (let k = 0; k < taps; k++) {
        const s = base + xSrc[k]! * C, d = xDst[k]! * C, wt = xWeight[k]!;
        for (let c = 0; c < C; c++) row[d + c]! += wt * src[s + c]!;
      }
    }
    for (; t < ySrc.length && ySrc[t] === y; t++) {
      const d = yDst[t]! * wC, wt = yWeight[t]!;
      for (let i = 0; i < wC; i++) acc[d + i]! += wt * row[i]!;
    }
  }
  const data = new Uint8Array(h * wC);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(acc[i]!)));
  return { data, width: w, height: h, channels: C };
}

/** Input index → output index pieces of an area shrink from n to m (weights of each output sum to 1). */
function areaTaps(n: number, m: number): { src: Int32Array; dst: Int32Array; weight: Float32Array } {
  const src: number[] = [], dst: number[] = [], weight: number[] = [];
  const step = n / m; // input pixels per output pixel
  for (let i = 0; i < n; i++) {
    // Input pixel [i, i+1) lands on output [i/step, (i+1)/step): one or two output pixels (step ≥ 1).
    const a = i / step, b = (i + 1) / step, o = Math.floor(a);
    const split = Math.min(b, o + 1);
    src.push(i); dst.push(Math.min(m - 1, o)); weight.push((split - a) / (b - a) / step);
    if (b > o + 1 && o + 1 < m) { src.push(i); dst.push(o + 1); weight.push((b - o - 1) / (b - a) / step); }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), weight: Float32Array.from(weight) };
}
