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
