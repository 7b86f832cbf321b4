// 8-bit planar YUV 4:2:0 (video's own format: a full-size Y plane, then U and V at half width and height) and
// RGB, for one rectangle of a frame at a time: a video edit reads the part it changes as RGB and writes back
// only the pixels it changed, so the rest of the frame keeps the decoder's bytes and no colour conversion of
// the whole frame is paid. Limited range (Y 16–235, U/V 16–240), BT.601 or BT.709 weights.
import type { Box } from '../util/box.js';

export type YuvMatrix = 'bt601' | 'bt709';

interface Weights { kr: number; kb: number }
const WEIGHTS: Record<YuvMatrix, Weights> = { bt601: { kr: 0.299, kb: 0.114 }, bt709: { kr: 0.2126, kb: 0.0722 } };

/** The plane offsets of a yuv420p frame of even width and height. */
export function yuv420Layout(width: number, height: number): { y: number; u: number; v: number; bytes: number } {
  if (width % 2 || height % 2) throw new Error(`yuv420p needs even sides, got ${width}×${height}`);
  const luma = width * height, chroma = luma / 4;
  return { y: 0, u: luma, v: luma + chroma, bytes: luma + 2 * chroma };
}

/** The box grown outward to even coordinates (a 2×2 chroma block is either wholly in it or not at all). */
export function evenBox(box: Box): Box {
  const x0 = box.x & ~1, y0 = box.y & ~1;
  const x1 = (box.x + box.w + 1) & ~1, y1 = (box.y + box.h + 1) & ~1;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * The RGB pixels of `box` (even coordinates, inside the frame) of a yuv420p frame: each 2×2 block shares its
 * chroma sample, as ffmpeg's own unscaled conversion does.
 */
export function yuv420ToRgb(frame: Uint8Array, width: number, height: number, box: Box, matrix: YuvMatrix = 'bt601'): Uint8Array {
  checkBox(box, width, height);
  const L = yuv420Layout(width, height), cw = width >> 1;
  const { y: tY, rV, gU, gV, bU } = tablesFor(matrix);
  // plain views of the planes: one element kind in the loop whether a Buffer or a Uint8Array came in
  const fY = new Uint8Array(frame.buffer, frame.byteOffset, L.u), fU = new Uint8Array(frame.buffer, frame.byteOffset + L.u, L.v - L.u);
  const fV = new Uint8Array(frame.buffer, frame.byteOffset + L.v, L.v - L.u);
  const out = new Uint8Array(box.w * box.h * 3);
  const clamped = new Uint8ClampedArray(out.buffer); // stores clamp to 0–255 by themselves
  const rowBytes = box.w * 3;
  for (let y = 0; y < box.h; y += 2) { // two rows share each chroma sample
    const fy = box.y + y;
    let yi = fy * width + box.x, ci = (fy >> 1) * cw + (box.x >> 1), o = y * rowBytes;
    for (let x = 0; x < box.w; x += 2, ci++, yi += 2, o += 6) { // and so do two pixels of a row
      const u = fU[ci]!, v = fV[ci]!;
      const r = rV[v]! + HALF, g = gU[u]! + gV[v]! + HALF, b = bU[u]! + HALF;
      let l = tY[fY[yi]!]!;
      clamped[o] = (l + r) >> 16; clamped[o + 1] = (l + g) >> 16; clamped[o + 2] = (l + b) >> 16;
      l = tY[fY[yi + 1]!]!;
      clamped[o + 3] = (l + r) >> 16; clamped[o + 4] = (l + g) >> 16; clamped[o + 5] = (l + b) >> 16;
      const o2 = o + rowBytes, yi2 = yi + width;
      l = tY[fY[yi2]!]!;
      clamped[o2] = (l + r) >> 16; clamped[o2 + 1] = (l + g) >> 16; clamped[o2 + 2] = (l + b) >> 16;
      l = tY[fY[yi2 + 1]!]!;
      clamped[o2 + 3] = (l + r) >> 16; clamped[o2 + 4] = (l + g) >> 16; clamped[o2 + 5] = (l + b) >> 16;
    }
  }
  return out;
}

const HALF = 1 << 15;
interface Tables { y: Int32Array; rV: Int32Array; gU: Int32Array; gV: Int32Array; bU: Int32Array }
const TABLES = new Map<YuvMatrix, Tables>();

/** Each sample's contribution to R, G and B in 16.16 fixed point (the conversion is a sum of one term per sample). */
function tablesFor(matrix: YuvMatrix): Tables {
  let t = TABLES.get(matrix);
  if (t) return t;
  const { kr, kb } = WEIGHTS[matrix], kg = 1 - kr - kb;
  const ys = 255 / 219, cs = 255 / 224;
  const table = (f: (s: number) => number) => Int32Array.from({ length: 256 }, (_, s) => Math.round(f(s) * 65536));
  t = {
    y: table((s) => (s - 16) * ys),
    rV: table((s) => 2 * (1 - kr) * cs * (s - 128)),
    gU: table((s) => -(2 * (1 - kb) * kb / kg) * cs * (s - 128)),
    gV: table((s) => -(2 * (1 - kr) * kr / kg) * cs * (s - 128)),
    bU: table((s) => 2 * (1 - kb) * cs * (s - 128)),
  };
  TABLES.set(matrix, t);
  return t;
}

/**
 * Writes RGB pixels of `box` (even coordinates) back into a yuv420p frame where `mask` (box-sized, one byte a
 * pixel) is non-zero: Y per pixel, U and V per 2×2 block that holds at least one such pixel, from the mean of
 * the block's four RGB pixels. Every other byte of the frame is left as it was.
 */
export function writeRgbToYuv420(frame: Uint8Array, width: number, height: number, box: Box, rgb: Uint8Array, mask: Uint8Array,
  matrix: YuvMatrix = 'bt601'): void {
  checkBox(box, width, height);
  const L = yuv420Layout(width, height), cw = width >> 1, bw = box.w;
  const { yR, yG, yB, uR, uG, uB, vR, vG, vB } = inverseFor(matrix);
  const dst = new Uint8ClampedArray(frame.buffer, frame.byteOffset, frame.length);
  rgb = new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length);
  mask = new Uint8Array(mask.buffer, mask.byteOffset, mask.length);
  const Y0 = (16 << 16) + HALF, C0 = (128 << 16) + HALF;
  for (let y = 0; y < box.h; y += 2) {
    const yRow = L.y + (box.y + y) * width + box.x, cRow = ((box.y + y) >> 1) * cw + (box.x >> 1);
    for (let x = 0; x < bw; x += 2) {
      const p = y * bw + x; // the 2×2 block's pixels: p, p + 1, p + bw, p + bw + 1
      const m0 = mask[p]!, m1 = mask[p + 1]!, m2 = mask[p + bw]!, m3 = mask[p + bw + 1]!;
      if (!(m0 | m1 | m2 | m3)) continue;
      const i0 = p * 3, i1 = i0 + 3, i2 = (p + bw) * 3, i3 = i2 + 3;
      const r0 = rgb[i0]!, g0 = rgb[i0 + 1]!, b0 = rgb[i0 + 2]!, r1 = rgb[i1]!, g1 = rgb[i1 + 1]!, b1 = rgb[i1 + 2]!;
      const r2 = rgb[i2]!, g2 = rgb[i2 + 1]!, b2 = rgb[i2 + 2]!, r3 = rgb[i3]!, g3 = rgb[i3 + 1]!, b3 = rgb[i3 + 2]!;
      const yi = yRow + x;
      if (m0) dst[yi] = (yR * r0 + yG * g0 + yB * b0 + Y0) >> 16;
      if (m1) dst[yi + 1] = (yR * r1 + yG * g1 + yB * b1 + Y0) >> 16;
      if (m2) dst[yi + width] = (yR * r2 + yG * g2 + yB * b2 + Y0) >> 16;
      if (m3) dst[yi + width + 1] = (yR * r3 + yG * g3 + yB * b3 + Y0) >> 16;
      const sr = r0 + r1 + r2 + r3, sg = g0 + g1 + g2 + g3, sb = b0 + b1 + b2 + b3;
      const c = cRow + (x >> 1);
      dst[L.u + c] = (uR * sr + uG * sg + uB * sb + C0) >> 16;
      dst[L.v + c] = (vR * sr + vG * sg + vB * sb + C0) >> 16;
    }
  }
}

interface Inverse { yR: number; yG: number; yB: number; uR: number; uG: number; uB: number; vR: number; vG: number; vB: number }
const INVERSES = new Map<YuvMatrix, Inverse>();

/** RGB → Y per pixel, and RGB sums of a 2×2 block → U, V, in 16.16 fixed point. */
function inverseFor(matrix: YuvMatrix): Inverse {
  let t = INVERSES.get(matrix);
  if (t) return t;
  const { kr, kb } = WEIGHTS[matrix], kg = 1 - kr - kb;
  const fx = (v: number) => Math.round(v * 65536);
  const ys = 219 / 255, cs = 224 / 255, us = cs / (2 * (1 - kb)) / 4, vs = cs / (2 * (1 - kr)) / 4;
  t = {
    yR: fx(ys * kr), yG: fx(ys * kg), yB: fx(ys * kb),
    uR: fx(-us * kr), uG: fx(-us * kg), uB: fx(us * (1 - kb)),
    vR: fx(vs * (1 - kr)), vG: fx(-vs * kg), vB: fx(-vs * kb),
  };
  INVERSES.set(matrix, t);
  return t;
}

function checkBox(box: Box, width: number, height: number): void {
  if (box.x % 2 || box.y % 2 || box.w % 2 || box.h % 2 || box.x < 0 || box.y < 0 || box.x + box.w > width || box.y + box.h > height) {
    throw new Error(`yuv420p box ${box.w}×${box.h} at (${box.x}, ${box.y}) must have even coordinates inside the ${width}×${height} frame`);
  }
}
