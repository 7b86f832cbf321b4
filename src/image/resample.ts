// Resizing planar float images (C×H×W) with Keys' cubic kernel, widened by the shrink factor when
// shrinking so that it averages instead of aliasing. Synchronous and exact enough to run per video frame
// on small crops; the restorer moves crops to and from its canonical scale with it.
import type { PlanarImage } from './cells.js';

function keys(x: number): number {
  const a = -0.5, t = Math.abs(x);
  return t <= 1 ? (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1 : t < 2 ? a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a : 0;
}

/** Normalised weights of each output coordinate over the input indices [start, start + n). */
function filterTaps(inSize: number, outSize: number): { start: Int32Array; n: number; w: Float32Array } {
  const scale = outSize / inSize;
  const widen = Math.max(1, 1 / scale); // shrinking: the kernel covers 1/scale input pixels per tap
  const n = Math.ceil(2 * widen) * 2 + 1;
  const start = new Int32Array(outSize), w = new Float32Array(outSize * n);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) / scale - 0.5;
    const s = Math.floor(centre - n / 2) + 1;
    start[o] = s;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (w[o * n + k] = keys((s + k - centre) / widen));
    for (let k = 0; k < n; k++) w[o * n + k]! /= sum;
  }
  return { start, n, w };
}

export function resizePlanar(img: PlanarImage, width: number, height: number): PlanarImage {
  const { data, channels: C, width: W, height: H } = img;
  if (width === W && height === H) return { ...img, data: new Float32Array(data) };
  const tx = filterTaps(W, width), ty = filterTaps(H, height);
  const clampX = (i: number) => (i < 0 ? 0 : i >= W ? W - 1 : i), clampY = (i: number) => (i < 0 ? 0 : i >= H ? H - 1 : i);
  const tmp = new Float32Array(H * width);
  const out = new Float32Array(C * width * height);
  for (let c = 0; c < C; c++) {
    const src = data.subarray(c * W * H, (c + 1) * W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let k = 0; k < tx.n; k++) s += tx.w[x * tx.n + k]! * src[y * W + clampX(tx.start[x]! + k)]!;
        tmp[y * width + x] = s;
      }
    }
    const dst = out.subarray(c * width * height, (c + 1) * width * height);
    for (let y = 0; y < height; y++) {
      for (let k = 0; k < ty.n; k++) {
        const wk = ty.w[y * ty.n + k]!, row = clampY(ty.start[y]! + k) * width;
        for (let x = 0; x < width; x++) dst[y * width + x] += wk * tmp[row + x]!;
      }
    }
  }
  return { data: out, channels: C, width, height };
}

/** The w×h window of a planar image whose top-left corner is (x, y); the window must lie inside it. */
export function cropPlanar(img: PlanarImage, x: number, y: number, w: number, h: number): PlanarImage {
  const { channels: C, width: W, height: H } = img, out = new Float32Array(C * w * h);
  for (let c = 0; c < C; c++) for (let r = 0; r < h; r++)
    out.set(img.data.subarray(c * W * H + (y + r) * W + x, c * W * H + (y + r) * W + x + w), c * w * h + r * w);
  return { data: out, channels: C, width: w, height: h };
}
