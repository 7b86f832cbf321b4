// jumpMap (image/jumps.ts) walks the pixels in memory order on either axis; it must give the map its
// definition gives, written here per (g, r) as the doc comment states it, on random luma with steps of all
// sizes, on both axes, on and off the codec grid, on thin and square images.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JUMP_TUNING, jumpMap } from '../../src/image/jumps.js';
import { luma, lumaWithin } from '../../src/image/raster.js';

/** The definition: pixel (g, r) is 1 when the jump from g−1 to g on line r is isolated and continues on line r+1. */
function jumpMapByDefinition(L: Float32Array, W: number, H: number, transpose: boolean, codecGrid: number): number[] {
  const at = (g: number, r: number) => L[transpose ? g * W + r : r * W + g]!;
  const map = new Array<number>(W * H).fill(0);
  const [n, m] = transpose ? [H, W] : [W, H];
  for (let g = 2; g < n - 1; g++) for (let r = 0; r < m - 1; r++) {
    const jump = at(g, r) - at(g - 1, r), size = Math.abs(jump);
    const floor = g % codecGrid === 0 ? JUMP_TUNING.codecStep : JUMP_TUNING.evStep;
    const beside = Math.max(Math.abs(at(g - 1, r) - at(g - 2, r)), Math.abs(at(g + 1, r) - at(g, r)));
    const next = at(g, r + 1) - at(g - 1, r + 1);
    if (size >= floor && size >= JUMP_TUNING.evRatio * beside && Math.abs(next - jump) <= JUMP_TUNING.evCont * size + 1) map[transpose ? g * W + r : r * W + g] = 1;
  }
  return map;
}

test('jumpMap equals its definition on random luma, both axes, with and without a codec grid', () => {
  let s = 7;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  let ones = 0;
  for (const [W, H] of [[1, 1], [3, 8], [8, 3], [4, 4], [33, 17], [64, 40]] as const) {
    // flat cells of random size and level plus noise: isolated steps, steps beside steps, smooth runs
    const L = new Float32Array(W * H), cell = 2 + Math.floor(rand() * 6);
    const level = Array.from({ length: Math.ceil(W / cell) * Math.ceil(H / cell) }, () => rand() * 255);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) L[y * W + x] = level[Math.floor(y / cell) * Math.ceil(W / cell) + Math.floor(x / cell)]! + (rand() - 0.5) * 6;
    for (const transpose of [false, true]) for (const codecGrid of [8, 4, 1 << 30]) {
      const map = jumpMap(L, W, H, transpose, codecGrid);
      assert.deepEqual([...map], jumpMapByDefinition(L, W, H, transpose, codecGrid), `${W}×${H} transpose ${transpose} grid ${codecGrid}`);
      ones += map.reduce((a, v) => a + v, 0);
    }
  }
  assert.ok(ones > 100, `only ${ones} jumps: the cases test little`);
});

test('lumaWithin: the luma inside the boxes, 0 outside', () => {
  const W = 9, H = 6, data = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
  const image = { data, width: W, height: H, channels: 3 };
  const boxes = [{ x: 1, y: 1, w: 3, h: 2 }, { x: 2, y: 2, w: 7, h: 4 }];
  const full = luma(image), got = lumaWithin(image, boxes);
  const inBox = (i: number) => boxes.some((b) => i % W >= b.x && i % W < b.x + b.w && Math.floor(i / W) >= b.y && Math.floor(i / W) < b.y + b.h);
  assert.deepEqual([...got], [...full].map((v, i) => (inBox(i) ? v : 0)));
});
