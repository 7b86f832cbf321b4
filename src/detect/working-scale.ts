// The learned detector runs its network at a working scale: photos are shrunk so their long side is at
// most a working size, which keeps the time per image bounded and shows the network cells and textures
// at the sizes it was trained on (crops of photos 384–1600 px wide, cells of 4–24 px). Pixel
// probabilities come back to the native size bilinearly, so outlines stay smooth; cell grids are then
// measured on the native pixels (region-grid.ts).
import { shrinkRaster } from '../image/shrink.js';

// the area shrink lives in image/ (the detector's training samples shrink the same way)
export { shrinkRaster };

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
