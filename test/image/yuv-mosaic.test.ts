import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { pixelateYuv420, yuvMosaicFits } from '../../src/image/yuv-mosaic.js';
import { writeRgbToYuv420, yuv420Layout, yuv420ToRgb } from '../../src/image/yuv.js';
import { Mulberry32 } from '../../src/util/rng.js';

/** A yuv420p frame of smooth colours (in gamut, so RGB does not clamp) with some noise. */
function frame(W: number, H: number, seed: number): Uint8Array {
  const rng = new Mulberry32(seed), L = yuv420Layout(W, H), f = new Uint8Array(L.bytes);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) f[y * W + x] = 60 + ((x * 3 + y * 2) % 120) + Math.floor(rng.random() * 8);
  for (let i = L.u; i < L.bytes; i++) f[i] = 110 + Math.floor(rng.random() * 36);
  return f;
}

test('by hand: a whole cell takes the mean Y of its pixels and the mean of their chroma samples', () => {
  const W = 8, H = 4, L = yuv420Layout(W, H), f = new Uint8Array(L.bytes);
  for (let i = 0; i < W * H; i++) f[i] = 16 + i; // Y 16..47
  for (let i = 0; i < 8; i++) { f[L.u + i] = 100 + 4 * i; f[L.v + i] = 200 - 4 * i; }
  const win = { x: 0, y: 0, w: W, h: H };
  const mask = new Uint8Array(W * H).fill(255);
  pixelateYuv420(f, W, H, win, mask, { block: 4, phase: [0, 0] });
  // cell (0,0): x 0..3, y 0..3: Y = 16 + y·8 + x, mean 16 + 12 + 1.5 = 29.5 → 30; chroma samples (0,0), (1,0), (0,1), (1,1)
  // are U 100, 104, 116, 120 (each for 4 pixels): mean 110
  assert.equal(f[0], 30);
  assert.equal(f[3 * W + 3], 30);
  assert.equal(f[L.u], 110);
  assert.equal(f[L.v], 190);
  // cell (1,0): Y mean 29.5 + 4 = 33.5 → 34; U 108, 112, 124, 128 → 118
  assert.equal(f[4], 34);
  assert.equal(f[L.u + 2], 118);
});

test('against pixelate on the RGB frame: within a grey level or two, and nothing outside the mask changes', () => {
  const W = 96, H = 64;
  for (const [box, opts] of [
    [{ x: 10, y: 8, w: 50, h: 40 }, { block: 8 }],
    [{ x: 13, y: 7, w: 61, h: 33 }, { block: 'auto' as const, autoDivisor: 6 }],
    [{ x: 0, y: 0, w: 96, h: 30 }, { block: 7, phase: [3, 5] as [number, number] }],
  ] as const) {
    const yuv = frame(W, H, 5), before = yuv.slice();
    const win = { x: 0, y: 0, w: W, h: H };
    const mask = boxesToMask(W, H, [box]);
    assert.ok(yuvMosaicFits(opts, mask.data));
    // the RGB path: convert, pixelate, write the masked pixels back
    const viaRgb = yuv.slice();
    const rgb = yuv420ToRgb(viaRgb, W, H, win);
    const r = pixelate({ data: rgb, width: W, height: H, channels: 3 }, mask, opts);
    writeRgbToYuv420(viaRgb, W, H, win, r.image.data, mask.data);
    const lattice = pixelateYuv420(yuv, W, H, win, mask.data, opts);
    assert.deepEqual([lattice.blockW, lattice.blockH, lattice.phaseX, lattice.phaseY], [r.blockW, r.blockH, r.phaseX, r.phaseY]);
    let sum = 0, n = 0, max = 0;
    for (let i = 0; i < yuv.length; i++) {
      const d = Math.abs(yuv[i]! - viaRgb[i]!);
      if (viaRgb[i] !== before[i] || yuv[i] !== before[i]) { sum += d; n++; max = Math.max(max, d); }
    }
    assert.ok(n > 0 && sum / n < 1 && max <= 3, `box ${JSON.stringify(box)}: mean ${(sum / n).toFixed(2)}, max ${max} from the RGB path`);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const inside = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
      if (!inside) assert.equal(yuv[y * W + x], before[y * W + x], `Y at ${x},${y} outside the box`);
    }
  }
});

test('soft masks, feathers and other styles are not its job', () => {
  const hard = new Uint8Array([0, 255]), soft = new Uint8Array([0, 128]);
  assert.equal(yuvMosaicFits({}, hard), true);
  assert.equal(yuvMosaicFits({}, soft), false);
  assert.equal(yuvMosaicFits({ feather: 2 }, hard), false);
  assert.equal(yuvMosaicFits({ style: 'circle' }, hard), false);
});
