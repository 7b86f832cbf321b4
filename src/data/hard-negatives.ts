// Synthetic hard negatives for the mosaic detector: regular structure that is not a censor mosaic.
// Each pattern is painted into a box of a photo (or a blank canvas), so the rest of the picture stays
// natural. Used to fit and test the detector's verification stage (detect/verify.ts); pixel art without
// blur is a mosaic by its geometry (flat cells on one lattice) and is made only to say so.
import type { Raster } from '../image/raster.js';
import type { Box } from '../util/box.js';
import { Mulberry32 } from '../util/rng.js';

export const HARD_NEGATIVES = ['checkerboard', 'steps', 'screen-door', 'brick', 'pixel-art-blurred', 'pixel-art'] as const;
export type HardNegative = (typeof HARD_NEGATIVES)[number];

/** A copy of `image` with pattern `kind` painted over `box`, drawn from `seed`. */
export function paintHardNegative(image: Raster, box: Box, kind: HardNegative, seed: number): Raster {
  const rng = new Mulberry32(seed);
  const { width: W, channels: C } = image;
  const out: Raster = { ...image, data: new Uint8Array(image.data) };
  const colour = () => Array.from({ length: 3 }, () => rng.int(0, 255));
  const put = (x: number, y: number, rgb: number[]) => {
    for (let c = 0; c < Math.min(3, C); c++) out.data[(y * W + x) * C + c] = Math.max(0, Math.min(255, Math.round(rgb[c]!)));
  };
  const each = (f: (x: number, y: number, u: number, v: number) => number[] | null) => {
    for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) {
      const rgb = f(x, y, x - box.x, y - box.y);
      if (rgb) put(x, y, rgb);
    }
  };
  if (kind === 'checkerboard') {
    const s = rng.int(6, 40), a = colour(), b = colour();
    each((_x, _y, u, v) => ((Math.floor(u / s) + Math.floor(v / s)) % 2 ? a : b));
  } else if (kind === 'steps') {
    // A gradient quantised into flat bands (posterised sky, banding): steps on one axis only.
    const s = rng.int(6, 30), a = colour(), b = colour(), vertical = rng.random() < 0.5;
    const n = Math.ceil((vertical ? box.h : box.w) / s);
    each((_x, _y, u, v) => {
      const t = Math.floor((vertical ? v : u) / s) / Math.max(1, n - 1);
      return a.map((ca, c) => ca + (b[c]! - ca) * t);
    });
  } else if (kind === 'screen-door') {
    // Dark lines one pixel wide every s pixels over the photo (an LCD up close, a fly screen).
    const s = rng.int(3, 10), dim = 0.35 + 0.3 * rng.random();
    each((x, y, u, v) => (u % s === 0 || v % s === 0 ? [0, 1, 2].map((c) => image.data[(y * W + x) * C + Math.min(c, C - 1)]! * dim) : null));
  } else if (kind === 'brick') {
    // Bricks of one colour with noise, rows offset by half a brick, mortar lines 2 px wide.
    const bw = rng.int(24, 60), bh = Math.round(bw * (0.3 + 0.2 * rng.random())), brick = colour(), mortar = colour();
    each((_x, _y, u, v) => {
      const row = Math.floor(v / bh), off = row % 2 ? bw / 2 : 0;
      if (v % bh < 2 || (u + off) % bw < 2) return mortar;
      const grain = (rng.random() - 0.5) * 30;
      return brick.map((c) => c + grain);
    });
  } else {
    // Pixel art: a small random picture of a few palette colours, upscaled by a whole factor.
    const s = rng.int(4, 16), palette = Array.from({ length: rng.int(3, 8) }, colour);
    const gw = Math.ceil(box.w / s), gh = Math.ceil(box.h / s);
    const art = Array.from({ length: gw * gh }, () => palette[rng.int(0, palette.length - 1)]!);
    each((_x, _y, u, v) => art[Math.floor(v / s) * gw + Math.floor(u / s)]!);
    if (kind === 'pixel-art-blurred') boxBlur(out, box, Math.max(1, Math.round(s / 4)));
  }
  return out;
}

/** Blurs the box in place: a separable box filter of radius r, twice (close to a Gaussian). */
function boxBlur(img: Raster, box: Box, r: number): void {
  const { width: W, channels: C } = img;
  for (let pass = 0; pass < 4; pass++) {
    const horizontal = pass % 2 === 0;
    const src = new Float32Array(img.data);
    for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) {
      for (let c = 0; c < C; c++) {
        let s = 0, n = 0;
        for (let d = -r; d <= r; d++) {
          const xx = horizontal ? x + d : x, yy = horizontal ? y : y + d;
          if (xx < box.x || xx >= box.x + box.w || yy < box.y || yy >= box.y + box.h) continue;
          s += src[(yy * W + xx) * C + c]!; n++;
        }
        img.data[(y * W + x) * C + c] = Math.round(s / n);
      }
    }
  }
}
