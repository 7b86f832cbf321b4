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
  const xs = areaTaps(W, w), ys = areaTaps(H, h);
  // Rows first into a float buffer (w × H × C), then columns.
  const rows = new Float32Array(w * H * C);
  for (let y = 0; y < H; y++) {
    for (let t = 0; t < xs.src.length; t++) {
      const src = (y * W + xs.src[t]!) * C, dst = (y * w + xs.dst[t]!) * C, wt = xs.weight[t]!;
      for (let c = 0; c < C; c++) rows[dst + c]! += wt * r.data[src + c]!;
    }
  }
  const acc = new Float32Array(w * h * C);
  for (let t = 0; t < ys.src.length; t++) {
    const src = ys.src[t]! * w * C, dst = ys.dst[t]! * w * C, wt = ys.weight[t]!;
    for (let i = 0; i < w * C; i++) acc[dst + i]! += wt * rows[src + i]!;
  }
  const data = new Uint8Array(w * h * C);
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
