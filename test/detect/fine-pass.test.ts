// The native-size second look of the learned detector: which windows it opens (only around regions the
// shrunk pass half-believed, grown by the margin, on the codec grid, merged) and how it merges (max).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coarseLookScale, finePassWindows, raiseInWindow, raiseWhereSure } from '../../src/detect/fine-pass.js';
import { crop } from '../../src/image/sheet.js';

function probMap(W: number, H: number, blobs: { x: number; y: number; w: number; h: number; p: number }[]): Float32Array {
  const prob = new Float32Array(W * H).fill(0.05);
  for (const b of blobs) for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) prob[y * W + x] = b.p;
  return prob;
}

test('fine pass windows: around unsure regions only, grown by 96 px, starting on the codec grid, clipped to the image', () => {
  const W = 2000, H = 1200;
  const prob = probMap(W, H, [
    { x: 301, y: 205, w: 200, h: 150, p: 0.4 }, // unsure: looked at again
    { x: 1200, y: 600, w: 300, h: 300, p: 0.95 }, // already confident: not
    { x: 1800, y: 100, w: 5, h: 5, p: 0.5 }, // a speck under the region minimum: not
  ]);
  const windows = finePassWindows(prob, W, H, 900, 8);
  // x: 301 − 96 = 205 → 200 on the 8-px grid; right edge 301 + 200 + 96 = 597
  assert.deepEqual(windows, [{ x: 200, y: 104, w: 397, h: 347 }]);
  // at the border the margin is clipped
  const edge = finePassWindows(probMap(W, H, [{ x: 10, y: 1100, w: 100, h: 100, p: 0.3 }]), W, H, 900, 8);
  assert.deepEqual(edge, [{ x: 0, y: 1000, w: 206, h: 200 }]);
});

test('fine pass windows: overlapping windows merge into one box; too much of the image opens none', () => {
  const W = 1600, H = 1000;
  const two = finePassWindows(probMap(W, H, [{ x: 200, y: 200, w: 100, h: 100, p: 0.4 }, { x: 400, y: 250, w: 100, h: 100, p: 0.4 }]), W, H, 900, 8);
  assert.deepEqual(two, [{ x: 104, y: 104, w: 492, h: 342 }]);
  const most = finePassWindows(probMap(W, H, [{ x: 100, y: 100, w: 1200, h: 700, p: 0.4 }]), W, H, 900, 8);
  assert.deepEqual(most, []);
});

test('raiseInWindow keeps the larger probability pixel by pixel; the window is read with image/sheet crop', () => {
  const W = 6, prob = new Float32Array(W * 4).fill(0.5);
  raiseInWindow(prob, W, { x: 2, y: 1, w: 2, h: 2 }, Float32Array.from([0.9, 0.1, 0.6, 0.2]));
  assert.deepEqual([...prob.subarray(6, 12)].map((v) => +v.toFixed(2)), [0.5, 0.5, 0.9, 0.5, 0.5, 0.5]);
  assert.deepEqual([...prob.subarray(12, 18)].map((v) => +v.toFixed(2)), [0.5, 0.5, 0.6, 0.5, 0.5, 0.5]);
  const r = { data: Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i), width: 4, height: 3, channels: 3 };
  assert.deepEqual([...crop(r, 1, 1, 2, 2).data], [15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32]);
});

test('coarse look: raises the native probabilities only inside confident coarse components large enough', () => {
  const W = 400, H = 300;
  const native = probMap(W, H, [{ x: 50, y: 50, w: 100, h: 100, p: 0.2 }]);
  const coarse = probMap(W, H, [
    { x: 40, y: 40, w: 120, h: 120, p: 0.95 }, // sure: raised
    { x: 250, y: 50, w: 100, h: 100, p: 0.7 }, // over the threshold but not sure: left
    { x: 250, y: 200, w: 5, h: 5, p: 0.99 }, // sure but a speck: left
  ]);
  const prob = Float32Array.from(native);
  raiseWhereSure(prob, coarse, W, H, 0.6, 900);
  assert.ok(Math.abs(prob[100 * W + 100]! - 0.95) < 1e-6);
  assert.ok(Math.abs(prob[45 * W + 45]! - 0.95) < 1e-6);
  assert.ok(Math.abs(prob[100 * W + 300]! - 0.05) < 1e-6);
  assert.ok(Math.abs(prob[202 * W + 252]! - 0.05) < 1e-6);
  // a region the native pass found keeps its native outline, even where the coarse map reaches further
  const found = probMap(W, H, [{ x: 50, y: 50, w: 100, h: 100, p: 0.9 }]);
  raiseWhereSure(found, coarse, W, H, 0.6, 900);
  assert.ok(Math.abs(found[45 * W + 45]! - 0.05) < 1e-6);
  // half-believed (mean 0.7: over the pixel threshold, under a region gate of 0.75): raised only with that gate
  const half = () => probMap(W, H, [{ x: 40, y: 40, w: 120, h: 120, p: 0.7 }]);
  const byThreshold = half(), byGate = half();
  raiseWhereSure(byThreshold, coarse, W, H, 0.6, 900);
  raiseWhereSure(byGate, coarse, W, H, 0.6, 900, 0.75);
  assert.ok(Math.abs(byThreshold[100 * W + 100]! - 0.7) < 1e-6);
  assert.ok(Math.abs(byGate[100 * W + 100]! - 0.95) < 1e-6);
  // never lowers: where the native pass is surer, it stays
  const high = new Float32Array(W * H).fill(0.99);
  raiseWhereSure(high, coarse, W, H, 0.6, 900);
  assert.ok(high.every((v) => Math.abs(v - 0.99) < 1e-6));
});

test('coarse look scale: 0.4 at native size, half a shrunk working scale, none in between or when too small', () => {
  assert.equal(coarseLookScale(1, 800, 600), 0.4);
  assert.equal(coarseLookScale(0.4, 2560, 1600), 0.2);
  assert.equal(coarseLookScale(0.6, 1700, 1000), null);
  assert.equal(coarseLookScale(1, 300, 150), null); // 60 px a side at 0.4
  assert.equal(coarseLookScale(0.4, 1280, 720), 0.2); // a 720p frame: 144 px a side
});
