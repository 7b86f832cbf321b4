import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellMeans, upsampleCells, type PlanarImage } from '../../src/image/cells.js';
import { pixelate } from '../../src/image/pixelate.js';
import { Mulberry32 } from '../../src/util/rng.js';
import { ResidualUnetGenerator, restorerInput } from '../../src/models/restorer.js';
import { initWeights } from '../../src/models/index.js';
import { manualSeed, noGrad, tensor } from '../../src/engine/index.js';

function noisePlanar(w: number, h: number, c = 3, seed = 1): PlanarImage {
  const rng = new Mulberry32(seed);
  return { data: Float32Array.from({ length: c * w * h }, () => rng.random() * 2 - 1), channels: c, width: w, height: h };
}

test('cellMeans recovers the colours pixelate gave each cell, for any grid phase and rect cells', () => {
  const W = 37, H = 29;
  const rng = new Mulberry32(5);
  const data = Uint8Array.from({ length: W * H * 3 }, () => Math.floor(rng.random() * 256));
  const mask = { data: new Uint8Array(W * H).fill(255), width: W, height: H };
  for (const [style, phase] of [['mean', [3, 5]], ['rect', [0, 0]], ['mean', [6, 1]]] as const) {
    const r = pixelate({ data, width: W, height: H, channels: 3 }, mask, { style, block: 7, phase: [...phase] });
    const planar: PlanarImage = { data: new Float32Array(3 * W * H), channels: 3, width: W, height: H };
    for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) planar.data[c * W * H + p] = r.image.data[p * 3 + c]!;
    const m = cellMeans(planar, null, { blockW: r.blockW, blockH: r.blockH, phaseX: r.phaseX, phaseY: r.phaseY });
    // every pixel of the mosaic equals its cell's mean (the cell is constant)
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const col = Math.floor((x - m.originX) / r.blockW), row = Math.floor((y - m.originY) / r.blockH);
      for (let c = 0; c < 3; c++)
        assert.equal(m.data[c * m.rows * m.cols + row * m.cols + col], r.image.data[(y * W + x) * 3 + c], `${style} pixel ${x},${y}`);
    }
  }
});

test('cellMeans averages only the masked pixels of a cell the mask touches', () => {
  const img: PlanarImage = { data: Float32Array.from([1, 2, 3, 4]), channels: 1, width: 4, height: 1 };
  const m = cellMeans(img, Float32Array.from([0, 1, 1, 0]), { blockW: 2, blockH: 1, phaseX: 0, phaseY: 0 });
  assert.deepEqual([...m.data], [2, 3]);
  const all = cellMeans(img, null, { blockW: 2, blockH: 1, phaseX: 0, phaseY: 0 });
  assert.deepEqual([...all.data], [1.5, 3.5]);
});

test('upsampleCells: 1-px cells at scale 1 give the image back; a linear ramp of cells stays linear', () => {
  const img = noisePlanar(9, 7);
  const same = upsampleCells(cellMeans(img, null, { blockW: 1, blockH: 1, phaseX: 0, phaseY: 0 }), 9, 7);
  for (let i = 0; i < img.data.length; i++) assert.ok(Math.abs(same.data[i]! - img.data[i]!) < 1e-6);
  // cells of 4 px whose means rise by 1 per cell: inside, bicubic (Keys, a = −0.5) reproduces the line
  // value(x) = (x + 0.5)/4 − 0.5 in cell units
  const W = 40;
  const ramp: PlanarImage = { data: Float32Array.from({ length: W }, (_, x) => Math.floor(x / 4)), channels: 1, width: W, height: 1 };
  const up = upsampleCells(cellMeans(ramp, null, { blockW: 4, blockH: 1, phaseX: 0, phaseY: 0 }), W, 1);
  for (let x = 8; x < W - 8; x++) assert.ok(Math.abs(up.data[x]! - ((x + 0.5) / 4 - 0.5)) < 1e-5, `x ${x}: ${up.data[x]}`);
  // at scale 2 the same ramp is sampled at half-pixel steps
  const up2 = upsampleCells(cellMeans(ramp, null, { blockW: 4, blockH: 1, phaseX: 0, phaseY: 0 }), 2 * W, 1, 2, 1);
  for (let x = 16; x < 2 * W - 16; x++) assert.ok(Math.abs(up2.data[x]! - ((x + 0.5) / 8 - 0.5)) < 1e-5);
});

test('the restorer generator passes pixels outside the mask through exactly and starts near bicubic', () => {
  manualSeed(3);
  const G = initWeights(new ResidualUnetGenerator(7, 3, 5, { ngf: 4, norm: 'batch' }), { type: 'normal', gain: 0.02 }).eval();
  const W = 32, H = 32;
  const mosaic = noisePlanar(W, H, 3, 2);
  const mask = Float32Array.from({ length: W * H }, (_, p) => (p % W > 10 && p % W < 25 && p / W > 8 ? 1 : 0));
  const input = restorerInput(mosaic, mask, { blockW: 8, blockH: 8, phaseX: 2, phaseY: 4 });
  const out = noGrad(() => G.forward(tensor(input, [1, 7, H, W]))).data() as Float32Array;
  let inside = 0, maxDiff = 0;
  for (let c = 0; c < 3; c++) for (let p = 0; p < W * H; p++) {
    const o = out[c * W * H + p]!;
    if (!mask[p]) assert.equal(o, mosaic.data[c * W * H + p], `outside pixel ${p} channel ${c}`);
    else { inside++; maxDiff = Math.max(maxDiff, Math.abs(o - Math.max(-1, Math.min(1, input[c * W * H + p]!)))); }
  }
  assert.ok(inside > 0);
  assert.ok(maxDiff < 0.2, `a fresh restorer stays near the bicubic baseline (max diff ${maxDiff})`);
  assert.throws(() => new ResidualUnetGenerator(6, 3, 5), /7 input channels/);
});
