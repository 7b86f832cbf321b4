import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { cellMeans, upsampleCells } from '../../src/image/cells.js';
import { boxesToMask, insideDistance } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import type { Raster } from '../../src/image/raster.js';
import { FEATHER, featherWeights } from '../../src/restore/consistency.js';
import { blendInto, finishCrop, maskCrop, planarCrop, planCrop, targetCrops, type NetworkTile } from '../../src/restore/restorer.js';
import { Mulberry32 } from '../../src/util/rng.js';

// The restorer's work around the network was rewritten for speed (typed arrays, no per-pixel closures or
// lists, one tile copied instead of weighted, no same-size copies). Its outputs must not move: this digest
// of planCrop's tiles, finishCrop after a fixed stand-in network, blendInto, cellMeans, upsampleCells,
// featherWeights, planarCrop and maskCrop over seeded mosaics (one and several tiles, mean / circle /
// center mosaics, mean and sample projections) is the one the implementation before the rewrite gave
// (commit 839db0f), byte for byte — with the exact mean projection, as it then was. Session 12's smooth start
// to the mean projection (smooth-correction.ts) moved the mean cases on purpose: with it switched off this
// test gave the old digest (c142ac87…), so the digest below, taken with it on, moved for that alone.
// Session 13 made the sample rule a half-way centre correction (it was a uniform shift into the cell's range):
// the last case, the one sample projection, moved for that (digest before it: 24f19f2a…).
const BEFORE_REWRITE = 'a8f7e9d3415de893dea3a27dcb7c8c1049dac1f483488ab53eab0f28cf86ab4b';

test('the pipeline around the network gives the bytes the implementation before the rewrite gave', () => {
const h = crypto.createHash('sha256');
const rng = new Mulberry32(42);
const fake = (t: NetworkTile) => { const plane = t.width * t.height, out = new Float32Array(3 * plane); for (let c = 0; c < 3; c++) for (let p = 0; p < plane; p++) { const x = t.data[c * plane + p], y = t.data[(3 + c) * plane + p]; out[c * plane + p] = 0.6 * x + 0.3 * y - 0.2 * x * y; } return out; };
for (const [W, H, box, block, style, tile, cstyle] of ([
  [200, 150, { x: 40, y: 30, w: 96, h: 72 }, 8, 'mean', 640, 'mean'],
  [200, 150, { x: 0, y: 5, w: 120, h: 90 }, 8, 'mean', 128, 'mean'],
  [160, 160, { x: 37, y: 21, w: 90, h: 100 }, 8, 'circle', 640, 'mean'],
  [160, 120, { x: 20, y: 20, w: 100, h: 80 }, 8, 'center', 128, 'sample'],
] as const)) {
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.random() * 256);
  const image: Raster = { data, width: W, height: H, channels: 3 };
  const mask = boxesToMask(W, H, [box]);
  const mosaic = pixelate(image, mask, { block, style, phase: 'box', seed: 3 }).image;
  const grid = { blockW: block, blockH: block, phaseX: box.x % block, phaseY: box.y % block };
  for (const r of targetCrops(mosaic, mask, [{ box, grid }])) {
    const plan = planCrop(r.crop, r.inside, r.grid, { multiple: 8, tile }, cstyle);
    for (const t of plan.tiles) h.update(new Uint8Array(t.data.buffer));
    const done = finishCrop(plan, plan.tiles.map(fake));
    h.update(new Uint8Array(done.data.buffer));
    h.update(blendInto(mosaic, mask, r.c, done).data);
    const means = cellMeans(r.crop, r.inside, r.grid);
    h.update(new Uint8Array(means.data.buffer));
    h.update(new Uint8Array(upsampleCells(means, r.crop.width, r.crop.height, 1.5, 1.25).data.buffer));
    h.update(new Uint8Array(featherWeights(r.inside, r.crop.width, r.crop.height).buffer));
    h.update(new Uint8Array(planarCrop(mosaic, r.c).data.buffer));
    h.update(new Uint8Array(maskCrop(mask, r.c).buffer));
  }
}
  assert.equal(h.digest('hex'), BEFORE_REWRITE);
});

test('featherWeights is min(1, inside distance / FEATHER), the distance map\'s definition, on random masks', () => {
  const rng = new Mulberry32(9);
  for (let k = 0; k < 20; k++) {
    const w = 5 + Math.floor(rng.random() * 40), h = 5 + Math.floor(rng.random() * 40);
    const inside = new Float32Array(w * h);
    for (let i = 0; i < inside.length; i++) inside[i] = rng.random() < 0.75 ? 1 : 0;
    if (k % 2) inside.fill(1); // a crop that is all region: the crop's edge is its outside
    const dist = insideDistance({ data: Uint8Array.from(inside, (v) => (v > 0.5 ? 255 : 0)), width: w, height: h });
    const want = Float32Array.from(inside, (v, i) => (v > 0.5 ? Math.min(1, dist[i]! / FEATHER) : 0));
    assert.deepEqual(featherWeights(inside, w, h), want, `mask ${k} (${w}×${h})`);
  }
});
