// How close a restored region is to the original, measured only inside the region: PSNR over RGB,
// SSIM on luma (11×11 Gaussian window, σ 1.5, the usual constants), and the gradient energy (sum of
// squared luma differences between neighbours) as a ratio to the original's — bicubic interpolation
// is smooth and falls far below 1, a restorer that invents plausible detail comes near it. Optionally
// BRISQUE, a no-reference score (0 best, 100 worst), of the box as a crop: the box alone, no margin, so
// the original pixels around it, the same for every candidate, do not dilute it.
import type { BrisqueScorer } from '../image/brisque-model.js';
import { luma, type Raster } from '../image/raster.js';
import type { Box, Mask } from '../image/mask.js';
import { crop } from '../image/sheet.js';

export interface RegionScores {
  psnr: number; ssim: number; gradientRatio: number;
  /** BRISQUE of the box (lower is better); absent unless a scorer was given. */
  brisque?: number;
}

function inside(mask: Mask, box: Box, fn: (p: number) => void): void {
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) {
    const p = y * mask.width + x;
    if (mask.data[p]! > 127) fn(p);
  }
}

export function psnr(a: Raster, b: Raster, mask: Mask, box: Box): number {
  let se = 0, n = 0;
  inside(mask, box, (p) => {
    for (let c = 0; c < 3; c++) { const d = a.data[p * a.channels + c]! - b.data[p * b.channels + c]!; se += d * d; }
    n += 3;
  });
  return n && se ? 10 * Math.log10((255 * 255) / (se / n)) : Infinity;
}

function gaussian(sigma: number, radius: number): Float32Array {
  const k = new Float32Array(2 * radius + 1);
  let s = 0;
  for (let i = -radius; i <= radius; i++) s += (k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma)));
  for (let i = 0; i < k.length; i++) k[i]! /= s;
  return k;
}

/** Separable blur of a W×H plane (edges clamped). */
function blur(src: Float32Array, W: number, H: number, k: Float32Array): Float32Array {
  const r = (k.length - 1) / 2, tmp = new Float32Array(W * H), out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let s = 0;
    for (let i = -r; i <= r; i++) s += k[i + r]! * src[y * W + Math.min(W - 1, Math.max(0, x + i))]!;
    tmp[y * W + x] = s;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let s = 0;
    for (let i = -r; i <= r; i++) s += k[i + r]! * tmp[Math.min(H - 1, Math.max(0, y + i)) * W + x]!;
    out[y * W + x] = s;
  }
  return out;
}

/** Mean SSIM of luma over the region's pixels (the windows see 5 px of context around the box). */
export function ssim(a: Raster, b: Raster, mask: Mask, box: Box): number {
  const W = a.width, pad = 5;
  const c: Box = { x: Math.max(0, box.x - pad), y: Math.max(0, box.y - pad), w: 0, h: 0 };
  c.w = Math.min(W, box.x + box.w + pad) - c.x; c.h = Math.min(a.height, box.y + box.h + pad) - c.y;
  const x = luma(a, c), y = luma(b, c);
  const k = gaussian(1.5, 5);
  const mx = blur(x, c.w, c.h, k), my = blur(y, c.w, c.h, k);
  const xx = blur(x.map((v) => v * v), c.w, c.h, k), yy = blur(y.map((v) => v * v), c.w, c.h, k);
  const xy = blur(x.map((v, i) => v * y[i]!), c.w, c.h, k);
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  let sum = 0, n = 0;
  inside(mask, box, (p) => {
    const i = (Math.floor(p / W) - c.y) * c.w + (p % W) - c.x;
    const vx = xx[i]! - mx[i]! ** 2, vy = yy[i]! - my[i]! ** 2, cov = xy[i]! - mx[i]! * my[i]!;
    sum += ((2 * mx[i]! * my[i]! + C1) * (2 * cov + C2)) / ((mx[i]! ** 2 + my[i]! ** 2 + C1) * (vx + vy + C2));
    n++;
  });
  return n ? sum / n : 1;
}

/** Sum of squared luma differences to the right and lower neighbour, both inside the region. */
export function gradientEnergy(r: Raster, mask: Mask, box: Box): number {
  const W = r.width, L = luma(r, box);
  let e = 0;
  // a neighbour outside the box is outside the region too (the box bounds the mask's pixels)
  inside(mask, box, (p) => {
    const x = (p % W) - box.x, y = Math.floor(p / W) - box.y, i = y * box.w + x;
    if (x + 1 < box.w && mask.data[p + 1]! > 127) e += (L[i + 1]! - L[i]!) ** 2;
    if (y + 1 < box.h && mask.data[p + W]! > 127) e += (L[i + box.w]! - L[i]!) ** 2;
  });
  return e;
}

export function regionScores(restored: Raster, original: Raster, mask: Mask, box: Box, brisque?: BrisqueScorer): RegionScores {
  const g0 = gradientEnergy(original, mask, box);
  return {
    psnr: psnr(restored, original, mask, box),
    ssim: ssim(restored, original, mask, box),
    gradientRatio: g0 ? gradientEnergy(restored, mask, box) / g0 : 1,
    ...(brisque ? { brisque: brisque.score(crop(restored, box.x, box.y, box.w, box.h)) } : {}),
  };
}

/** Means over cases (PSNR in dB, an exact match counted as 99 dB); BRISQUE only when every case has it. */
export function meanScores(all: RegionScores[]): RegionScores {
  const mean = (f: (s: RegionScores) => number) => all.reduce((a, s) => a + f(s), 0) / all.length;
  const out: RegionScores = { psnr: mean((s) => Math.min(s.psnr, 99)), ssim: mean((s) => s.ssim), gradientRatio: mean((s) => s.gradientRatio) };
  if (all.length && all.every((s) => s.brisque !== undefined)) out.brisque = mean((s) => s.brisque!);
  return out;
}
