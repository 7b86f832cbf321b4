// The learned detector runs its network at a working scale: photos are shrunk so their long side is at
// most a working size, which keeps the time per image bounded and shows the network cells and textures
// at the sizes it was trained on (crops of photos 384–1600 px wide, cells of 4–24 px). Pixel
// probabilities come back to the native size bilinearly, so outlines stay smooth; cell grids are then
// measured on the native pixels (region-grid.ts).
import type { Raster } from '../image/raster.js';

/**
 * Largest scale an image is shrunk to. JPEG's 8-px blocks are discounted at the native size (the codec
 * grid of the jump maps); shrunk, they land between pixels and at scales 0.5–1 look like a mosaic of
 * 4–8 px cells: clean 1080p frames at JPEG q60 came out 19–38% flagged at scale 0.53 (training photos).
 * At 0.4 and below they are at most 3.2 px, under the smallest cell the network was trained on.
 */
export const MAX_SHRINK_SCALE = 0.4;

/**
 * Scale at which the network sees an image: `scale` when forced, else 1 when its long side is within the
 * working size, else long side ≤ workingSize and at most MAX_SHRINK_SCALE.
 */
export function workingScale(width: number, height: number, o: { scale?: number; workingSize?: number }, defaultSize: number): number {
  if (o.scale !== undefined) {
    if (!(o.scale > 0 && o.scale <= 1)) throw new Error(`detection scale must be in (0, 1], got ${o.scale}`);
    return o.scale;
  }
  const size = o.workingSize ?? defaultSize;
  if (!(size > 0)) throw new Error(`working size must be a positive number of pixels, got ${size}`);
  const s = size / Math.max(width, height);
  return s >= 1 ? 1 : Math.min(s, MAX_SHRINK_SCALE);
}

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

/** Bilinear upsampling of a w×h map to W×H (pixel centres aligned). */
export function upsampleBilinear(p: Float32Array, w: number, h: number, W: number, H: number): Float32Array {
  if (w === W && h === H) return p;
  const out = new Float32Array(W * H);
  const sx = w / W, sy = h / H;
  const x0 = new Int32Array(W), x1 = new Int32Array(W), fx = new Float32Array(W);
  for (let x = 0; x < W; x++) {
    const u = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0[x] = Math.floor(u); x1[x] = Math.min(w - 1, x0[x]! + 1); fx[x] = u - x0[x]!;
  }
  for (let y = 0; y < H; y++) {
    const v = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(v), y1 = Math.min(h - 1, y0 + 1), fy = v - y0;
    const r0 = y0 * w, r1 = y1 * w;
    for (let x = 0; x < W; x++) {
      const a = p[r0 + x0[x]!]! + fx[x]! * (p[r0 + x1[x]!]! - p[r0 + x0[x]!]!);
      const b = p[r1 + x0[x]!]! + fx[x]! * (p[r1 + x1[x]!]! - p[r1 + x0[x]!]!);
      out[y * W + x] = a + fy * (b - a);
    }
  }
  return out;
}
