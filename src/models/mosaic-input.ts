// What the learned detector sees per pixel. 'rgb': the colour in [−1, 1]. 'rgb+edges' adds four
// channels that a randomly initialised network takes thousands of steps to discover on its own: the
// horizontal and vertical luma differences (mosaic cells are flat, so these vanish inside a cell and jump
// on its sides), and the analytic detector's jump maps (image/jumps.ts: jumps that are isolated across
// the line and continue along it, i.e. the grid lines themselves).
import { luma, type Raster } from '../image/raster.js';
import { jumpMap } from '../image/jumps.js';

export type InputKind = 'rgb' | 'rgb+edges';

export function inputChannels(kind: InputKind): number {
  return kind === 'rgb' ? 3 : 7;
}

/** Luma and the analytic jump maps (x: jumps between columns, y: between rows). */
/** Codec lattice value that never matches: after a shrink, the codec's blocks no longer sit on a lattice. */
export const NO_CODEC_GRID = 1 << 30;

export interface EdgeMaps { L: Float32Array; x: Uint8Array; y: Uint8Array }

/** codecGrid is the re-encoding's block lattice (JPEG 8, H.264 4), whose small jumps do not count. */
export function edgeMaps(image: Raster, codecGrid = 8): EdgeMaps {
  const L = luma(image);
  return { L, x: jumpMap(L, image.width, image.height, false, codecGrid), y: jumpMap(L, image.width, image.height, true, codecGrid) };
}

/** Features as [C, H, W] floats; `maps` may be passed when the caller has them already. */
export function detectorInput(image: Raster, kind: InputKind, codecGrid = 8, maps?: EdgeMaps): Float32Array {
  const { width: W, height: H, channels: C } = image;
  const px = W * H;
  const out = new Float32Array(inputChannels(kind) * px);
  for (let c = 0; c < 3; c++) {
    const data = image.data, from = C < 3 ? 0 : c, plane = c * px;
    for (let i = 0; i < px; i++) out[plane + i] = data[i * C + from]! / 127.5 - 1;
  }
  if (kind === 'rgb') return out;
  const { L, x: jx, y: jy } = maps ?? edgeMaps(image, codecGrid);
  // Differences to the previous pixel, on a log-like scale so JPEG's ±2 and a cell edge's 40 both register.
  const scale = (d: number) => Math.log1p(Math.abs(d)) / 2;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      out[3 * px + i] = x ? scale(L[i]! - L[i - 1]!) : 0;
      out[4 * px + i] = y ? scale(L[i]! - L[i - W]!) : 0;
    }
  }
  out.set(jx, 5 * px);
  out.set(jy, 6 * px);
  return out;
}

/** Rows [y0, y0+h) and columns [x0, x0+w) of a [C, H, W] feature array. */
export function cropFeatures(f: Float32Array, W: number, H: number, x0: number, y0: number, w: number, h: number): Float32Array {
  if (x0 === 0 && y0 === 0 && w === W && h === H) return f; // one tile holds the whole image (the tensor copies it anyway)
  const C = f.length / (W * H);
  const out = new Float32Array(C * w * h);
  for (let c = 0; c < C; c++) for (let y = 0; y < h; y++) {
    const src = c * W * H + (y0 + y) * W + x0;
    out.set(f.subarray(src, src + w), c * w * h + y * w);
  }
  return out;
}
