// The learned detector's working scale: the shrink keeps aligned cells flat, the upsampling keeps values
// in range, the scale rule never enlarges, and the lattice pick prefers the cell over its divisors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shrinkRaster, upsampleBilinear, workingScale } from '../../src/detect/working-scale.js';
import { chooseLattice } from '../../src/detect/region-grid.js';

test('workingScale: long side down to the working size (scale ≤ 0.4 once shrunk), never up; a forced scale wins; bad values refused', () => {
  assert.equal(workingScale(2560, 1600, {}, 1024), 0.4);
  assert.equal(workingScale(640, 480, {}, 1024), 1);
  assert.equal(workingScale(2560, 1600, { workingSize: 640 }, 1024), 0.25);
  assert.equal(workingScale(2560, 1600, { scale: 0.5, workingSize: 640 }, 1024), 0.5);
  // Shrunk at most to 0.4 (JPEG blocks ≤ 3.2 px), whatever the working size allows.
  assert.equal(workingScale(1920, 1080, {}, 1024), 0.4);
  assert.throws(() => workingScale(100, 100, { scale: 1.5 }, 1024), /scale must be in \(0, 1\]/);
  assert.throws(() => workingScale(100, 100, { workingSize: 0 }, 1024), /working size/);
});

test('shrinkRaster: area means (cells of 4 px → 1 px exactly), fractional factors keep the mean', () => {
  const W = 16, H = 8, data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = ((x >> 2) + (y >> 2)) * 40;
  const r = shrinkRaster({ data, width: W, height: H, channels: 1 }, 4, 2);
  assert.deepEqual([...r.data], [0, 40, 80, 120, 40, 80, 120, 160]);
  const f = shrinkRaster({ data, width: W, height: H, channels: 1 }, 6, 3);
  const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(f.data) - mean(data)) < 2, `mean ${mean(f.data)} vs ${mean(data)}`);
});

test('shrinkRaster: each output within one level of the exact area mean (float64, by hand), the three-channel path equal to each channel alone', () => {
  const W = 37, H = 23, w = 15, h = 9;
  const grey = new Uint8Array(W * H), rgb = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    grey[i] = (i * 97 + (i >> 3) * 31) & 255;
    rgb[3 * i] = grey[i]!; rgb[3 * i + 1] = 255 - grey[i]!; rgb[3 * i + 2] = (grey[i]! * 7) & 255;
  }
  // the area of input pixel [i, i+1) inside output pixel [o·n/m, (o+1)·n/m)
  const overlap = (i: number, o: number, n: number, m: number) => Math.max(0, Math.min(i + 1, ((o + 1) * n) / m) - Math.max(i, (o * n) / m));
  const g = shrinkRaster({ data: grey, width: W, height: H, channels: 1 }, w, h);
  for (let oy = 0; oy < h; oy++) for (let ox = 0; ox < w; ox++) {
    let s = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) s += overlap(x, ox, W, w) * overlap(y, oy, H, h) * grey[y * W + x]!;
    const exact = (s * w * h) / (W * H);
    assert.ok(Math.abs(g.data[oy * w + ox]! - exact) <= 1, `(${ox}, ${oy}): ${g.data[oy * w + ox]} vs ${exact}`);
  }
  const c = shrinkRaster({ data: rgb, width: W, height: H, channels: 3 }, w, h);
  for (let k = 0; k < 3; k++) {
    const alone = shrinkRaster({ data: Uint8Array.from({ length: W * H }, (_, i) => rgb[3 * i + k]!), width: W, height: H, channels: 1 }, w, h);
    assert.deepEqual([...alone.data], Array.from({ length: w * h }, (_, i) => c.data[3 * i + k]!), `channel ${k}`);
  }
});

test('upsampleBilinear: constant stays constant, a ramp stays within its ends and increasing', () => {
  assert.ok(upsampleBilinear(new Float32Array(6).fill(0.7), 3, 2, 9, 6).every((v) => Math.abs(v - 0.7) < 1e-6));
  const up = upsampleBilinear(Float32Array.from([0, 0.5, 1]), 3, 1, 12, 1);
  for (let i = 1; i < up.length; i++) assert.ok(up[i]! >= up[i - 1]! && up[i]! >= 0 && up[i]! <= 1);
});

test('chooseLattice: the largest family member near the best score (the cell, not its divisor); a multiple at half the score loses', () => {
  const per = [{ block: 12, phase: 3, score: 0.30 }, { block: 24, phase: 15, score: 0.29 }, { block: 48, phase: 15, score: 0.15 }, { block: 17, phase: 2, score: 0.05 }];
  assert.deepEqual(chooseLattice(per), { block: 24, phase: 15, score: 0.29 });
  assert.equal(chooseLattice([{ block: 8, phase: 0, score: 0.01 }]), null);
});
