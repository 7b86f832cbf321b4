// Consistency with the mosaic (restore/consistency.ts): pixelated again on the same grid, a restored region
// gives back the input's cells (mean style: RMS ≤ 0.5 grey levels, partial cells at the region's edge and the
// [0, 255] clamp included); the projection never moves the final pixels away from a truth whose cell means
// equal the input (Pythagoras on an affine set, checked on random data and on a photo); the center rule puts
// each centre pixel on its value, the sample rule half-way; auto tells averaged cells from point-sampled ones by the result; cells that are not flat (circle discs) stay the network's; the bicubic baseline
// stays plain bicubic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPhoto } from '../../src/detect/evaluate.js';
import type { PlanarImage } from '../../src/image/cells.js';
import { boxesToMask, type Mask } from '../../src/image/mask.js';
import { pixelate, type MosaicStyle } from '../../src/image/pixelate.js';
import type { Raster } from '../../src/image/raster.js';
import { DEFAULT_CELL_STYLE, featherWeights, looksPointSampled, meanShift, projectOntoCells } from '../../src/restore/consistency.js';
import { bicubicRestorer, restoreBicubic, targetCrops } from '../../src/restore/index.js';
import { repixelatedRms as evalRepixelatedRms } from '../../src/restore/evaluate.js';
import { blendInto } from '../../src/restore/restorer.js';
import { Mulberry32 } from '../../src/util/rng.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { loadTinyRestorer } from '../helpers/restorers.js';

const BOX = { x: 61, y: 45, w: 131, h: 101 }; // cuts cells on every side
const GRID = { blockW: 8, blockH: 8, phaseX: 3, phaseY: 5 };

async function mosaicOf(style: MosaicStyle = 'mean', grid = GRID) {
  const photo = await loadPhoto(evaluationPhotos()[8]!, 320);
  const mask = boxesToMask(photo.width, photo.height, [BOX]);
  const mosaic = pixelate(photo, mask, { style, block: grid.blockH, phase: [grid.phaseX, grid.phaseY] }).image;
  return { photo, mask, mosaic, r: [...targetCrops(mosaic, mask, [{ box: BOX, grid }])][0]! };
}

/** RMS (grey levels) over the mask between the restored image pixelated again on the grid and the mosaic; `worst` its largest difference. */
function repixelated(out: Raster, mask: Mask, mosaic: Raster, style: MosaicStyle = 'mean', grid = GRID): { rms: number; worst: number } {
  const again = pixelate(out, mask, { style, block: grid.blockH, phase: [grid.phaseX, grid.phaseY] }).image;
  let s = 0, n = 0, worst = 0;
  for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) for (let k = 0; k < 3; k++) {
    const d = Math.abs(again.data[p * 3 + k]! - mosaic.data[p * 3 + k]!);
    s += d * d; n++; worst = Math.max(worst, d);
  }
  return { rms: Math.sqrt(s / n), worst };
}
const repixelatedRms = (...a: Parameters<typeof repixelated>) => repixelated(...a).rms;

function noise(like: PlanarImage, seed: number, around: (i: number) => number, amp: number): PlanarImage {
  const rng = new Mulberry32(seed), data = new Float32Array(like.data.length);
  for (let i = 0; i < data.length; i++) data[i] = around(i) + amp * (2 * rng.random() - 1);
  return { ...like, data };
}

test('mean style: any restoration, projected, pixelates back to the input cells (partial cells and the clamp included)', async () => {
  const { mask, mosaic, r } = await mosaicOf();
  for (const [name, restored] of [
    ['noise', noise(r.crop, 1, (i) => r.crop.data[i]!, 0.8)],
    ['white', { ...r.crop, data: new Float32Array(r.crop.data.length).fill(1) }], // every cell needs the clamp
    ['dark', noise(r.crop, 2, () => -0.9, 0.3)],
  ] as const) {
    const raw = repixelatedRms(blendInto(mosaic, mask, r.c, restored), mask, mosaic);
    const { rms, worst } = repixelated(blendInto(mosaic, mask, r.c, projectOntoCells(restored, r.crop, r.inside, r.grid, 'mean')), mask, mosaic);
    assert.ok(rms <= 0.5, `${name}: RMS ${rms.toFixed(3)} after projection (before ${raw.toFixed(2)})`);
    assert.ok(worst <= 1, `${name}: a cell is off by ${worst} (only the 8-bit rounding may move one by 1)`);
    assert.ok(raw > 5, `${name}: the unprojected restoration should be off (${raw.toFixed(2)})`);
  }
});

test('mean style end to end: the Restorer (tiny network) and rect cells are consistent; style none is not', async () => {
  const restorer = loadTinyRestorer();
  try {
    for (const grid of [GRID, { blockW: 16, blockH: 8, phaseX: 11, phaseY: 2 }]) {
      const style: MosaicStyle = grid.blockW === grid.blockH ? 'mean' : 'rect';
      const { mask, mosaic } = await mosaicOf(style, grid);
      const target = [{ box: BOX, grid }];
      assert.ok(repixelatedRms(restorer.restore(mosaic, mask, target, { style: 'mean' }), mask, mosaic, style, grid) <= 0.5);
      assert.ok(repixelatedRms(restorer.restore(mosaic, mask, target, { style: 'none' }), mask, mosaic, style, grid) > 1);
    }
  } finally { restorer.dispose(); }
});

/** ‖final − truth‖² over the crop's region, the final pixels being the blend a·r + (1 − a)·m. */
function finalError(r: PlanarImage, m: PlanarImage, truth: PlanarImage, a: Float32Array): number {
  const plane = m.width * m.height;
  let s = 0;
  for (let p = 0; p < plane; p++) if (a[p]) for (let k = 0; k < 3; k++) {
    const i = k * plane + p, rv = Math.max(-1, Math.min(1, r.data[i]!));
    s += (a[p]! * rv + (1 - a[p]!) * m.data[i]! - truth.data[i]!) ** 2;
  }
  return s;
}

/** The input a mean mosaic of `truth` would be (float cell means of the whole cell inside the mask, no rounding). */
function exactMosaic(truth: PlanarImage, inside: Float32Array, grid: typeof GRID): PlanarImage {
  const { width: W, height: H } = truth, plane = W * H, data = new Float32Array(truth.data);
  const cell = (x: number, y: number) => `${Math.floor((x - grid.phaseX) / grid.blockW)},${Math.floor((y - grid.phaseY) / grid.blockH)}`;
  const sums = new Map<string, number[]>();
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const s = sums.get(cell(x, y)) ?? [0, 0, 0, 0];
    for (let k = 0; k < 3; k++) s[k]! += truth.data[k * plane + y * W + x]!;
    s[3]!++;
    sums.set(cell(x, y), s);
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inside[y * W + x]! > 0.5) {
    const s = sums.get(cell(x, y))!;
    for (let k = 0; k < 3; k++) data[k * plane + y * W + x] = s[k]! / s[3]!;
  }
  return { ...truth, data };
}

test('the exact mean projection never raises the L2 error against a truth whose cell means equal the input: random data and a photo', async () => {
  const { photo, r } = await mosaicOf();
  const a = featherWeights(r.inside, r.crop.width, r.crop.height), exact = { smooth: false };
  // random truths near a level per trial (so the half-blended edge ring can reach them), restorations far off
  for (let seed = 1; seed <= 20; seed++) {
    const level = 0.6 * (new Mulberry32(seed).random() - 0.5);
    const truth = noise(r.crop, 100 + seed, () => level, 0.3);
    const input = exactMosaic(truth, r.inside, r.grid);
    // restorations off by a bias and noise; odd seeds: the clamp binds
    const restored = noise(truth, 200 + seed, (i) => truth.data[i]! + 0.25, seed % 2 ? 1.2 : 0.4);
    const before = finalError(restored, input, truth, a), after = finalError(projectOntoCells(restored, input, r.inside, r.grid, 'mean', exact), input, truth, a);
    assert.ok(after <= before + 1e-6, `seed ${seed}: ${after} > ${before}`);
    assert.ok(after < 0.9 * before, `seed ${seed}: the projection should help (${after} vs ${before})`);
  }
  // a photo: its own crop is the truth, the bicubic base and the tiny network the restorations
  const truth = [...targetCrops(photo, boxesToMask(photo.width, photo.height, [BOX]), [{ box: BOX, grid: GRID }])][0]!.crop;
  const input = exactMosaic(truth, r.inside, r.grid);
  const restorer = loadTinyRestorer();
  try {
    for (const restored of [restorer.restoreCrop(input, r.inside, r.grid, { style: 'none' }), noise(truth, 9, (i) => truth.data[i]!, 0.2)]) {
      const before = finalError(restored, input, truth, a), after = finalError(projectOntoCells(restored, input, r.inside, r.grid, 'mean', exact), input, truth, a);
      assert.ok(after <= before + 1e-6, `photo: ${after} > ${before}`);
    }
  } finally { restorer.dispose(); }
});

test('meanShift is the clamped projection: a shift λ with every free value moved by it', () => {
  const f = Float64Array.from([0.9, 0.2, -0.5, 0.95]), lo = new Float64Array(4).fill(-1), hi = new Float64Array(4).fill(1);
  meanShift(f, lo, hi, 4, 3.4);
  // by hand: Σ clamp(f + λ, −1, 1) = 3.4 at λ = 0.9 (1 + 1 + 0.4 + 1): three values end at the bound
  assert.deepEqual([...f].map((v) => +v.toFixed(9)), [1, 1, 0.4, 1]);
  const d = Float64Array.from([0.5, -0.5]);
  meanShift(d, lo, hi, 2, -0.4); // no bound reached: a plain shift of −0.2
  assert.deepEqual([...d].map((v) => +v.toFixed(9)), [0.3, -0.7]);
});

test('sample style: each centre pixel moves half-way to its cell value, a free pixel with it', async () => {
  const { photo, mask, mosaic, r } = await mosaicOf('center');
  const { width: W, height: H } = r.crop;
  const truth = [...targetCrops(photo, mask, [{ box: BOX, grid: GRID }])][0]!.crop;
  const restored = { ...truth, data: truth.data.map((v, i) => { const x = i % W, y = Math.floor(i / W) % H; return v + 0.15 + 0.1 * Math.sin(x / 17 + y / 23); }) };
  const raw = blendInto(mosaic, mask, r.c, restored);
  const half = blendInto(mosaic, mask, r.c, projectOntoCells(restored, r.crop, r.inside, r.grid, 'sample'));
  const full = blendInto(mosaic, mask, r.c, projectOntoCells(restored, r.crop, r.inside, r.grid, 'center'));
  // at every whole cell's centre pixel inside the region (a = 1): sample = (raw + centre) / 2, to the 8-bit rounding
  let checked = 0;
  for (let cy = GRID.phaseY - 8; cy + 8 <= photo.height; cy += 8) for (let cx = GRID.phaseX - 8; cx + 8 <= photo.width; cx += 8) {
    if (cx < BOX.x + 2 || cy < BOX.y + 2 || cx + 8 > BOX.x + BOX.w - 2 || cy + 8 > BOX.y + BOX.h - 2) continue;
    const p = (cy + 3) * photo.width + cx + 3;
    for (let k = 0; k < 3; k++) {
      const want = (raw.data[p * 3 + k]! + full.data[p * 3 + k]!) / 2;
      assert.ok(Math.abs(half.data[p * 3 + k]! - want) <= 1, `cell at ${cx},${cy}: ${half.data[p * 3 + k]} against ${want}`);
    }
    checked++;
  }
  assert.ok(checked > 100, `${checked} cells`);
  assert.ok(byteDistance(raw, full) > 10 * 3, 'the centre correction moves the result');
});

/** Largest difference between two images' bytes. */
function byteDistance(a: Raster, b: Raster): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
  return d;
}

test('center style: each centre pixel gets its cell value exactly, and a smooth error goes with it', async () => {
  const { photo, mask, mosaic, r } = await mosaicOf('center');
  const { width: W, height: H } = r.crop;
  // the truth's crop, offset by a smooth error (what a network that is a little off gives)
  const truth = [...targetCrops(photo, mask, [{ box: BOX, grid: GRID }])][0]!.crop;
  const restored = { ...truth, data: truth.data.map((v, i) => { const x = i % W, y = Math.floor(i / W) % H; return v + 0.15 + 0.1 * Math.sin(x / 17 + y / 23); }) };
  const out = blendInto(mosaic, mask, r.c, projectOntoCells(restored, r.crop, r.inside, r.grid, 'center'));
  const { rms, worst } = repixelated(out, mask, mosaic, 'center');
  assert.ok(rms <= 0.5 && worst <= 1, `centre pixels: RMS ${rms.toFixed(3)}, worst ${worst}`);
  const err = (img: Raster) => {
    let s = 0, n = 0;
    for (let p = 0; p < mask.data.length; p++) if (mask.data[p]) for (let k = 0; k < 3; k++) { s += (img.data[p * 3 + k]! - photo.data[p * 3 + k]!) ** 2; n++; }
    return Math.sqrt(s / n);
  };
  const before = err(blendInto(mosaic, mask, r.c, restored)), after = err(out);
  assert.ok(before > 15 && after < 0.1 * before, `error against the photo ${before.toFixed(2)} → ${after.toFixed(2)} grey levels`);
  // the evaluation's consistency figure pixelates a centre mosaic's result again with centre cells
  const target = { box: BOX, grid: GRID };
  assert.ok(evalRepixelatedRms(out, mosaic, mask, target, 'center') <= 0.5);
  assert.ok(evalRepixelatedRms(out, mosaic, mask, target, 'mean') > 2, 'mean cells of a centre mosaic\'s result are not its values');
});

test('cells that are not flat (circle discs) stay the network\'s; the bicubic baseline stays plain bicubic', async () => {
  const { mask, mosaic, r } = await mosaicOf('circle');
  const restored = noise(r.crop, 4, (i) => r.crop.data[i]!, 0.3);
  const projected = projectOntoCells(restored, r.crop, r.inside, r.grid, 'mean');
  let same = 0, total = 0;
  for (let p = 0; p < r.inside.length; p++) if (r.inside[p]) { total++; same += +(projected.data[p] === restored.data[p]); }
  assert.ok(same > 0.8 * total, `${same} of ${total} pixels kept`);
  const target = [{ box: BOX, grid: GRID }];
  const plain = restoreBicubic(mosaic, mask, target);
  assert.deepEqual((await bicubicRestorer.restore(mosaic, mask, target, { style: 'mean' })).data, plain.data);
  const m = await mosaicOf();
  assert.ok(repixelatedRms(restoreBicubic(m.mosaic, m.mask, target), m.mask, m.mosaic) > 0.5, 'bicubic is not projected');
});

/** A 3×3 box blur of a planar crop: a result smoother than the truth, as a network's is. */
function blurred(img: PlanarImage): PlanarImage {
  const { width: W, height: H } = img, plane = W * H, data = new Float32Array(img.data.length);
  for (let k = 0; k < 3; k++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let s = 0, n = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const yy = y + dy, xx = x + dx;
      if (yy >= 0 && yy < H && xx >= 0 && xx < W) { s += img.data[k * plane + yy * W + xx]!; n++; }
    }
    data[k * plane + y * W + x] = s / n;
  }
  return { ...img, data };
}

test('auto style: a result with the truth\'s cell means is held to them; one whose cells hold a pixel of it gets the sample style', async () => {
  assert.equal(DEFAULT_CELL_STYLE, 'auto');
  // (centre cells are left out: on this 320-px photo most are smooth, their middle pixel near their mean, and
  // the evidence is weak either way, as it should be: the projection moves them little)
  for (const style of ['mean', 'random'] as const) {
    const { photo, mask, r } = await mosaicOf(style);
    const truth = [...targetCrops(photo, mask, [{ box: BOX, grid: GRID }])][0]!.crop;
    for (const [name, restored] of [['truth', truth], ['blurred truth', blurred(truth)]] as const) {
      const sampled = looksPointSampled(restored, r.crop, r.inside, r.grid);
      assert.equal(sampled, style !== 'mean', `${style} mosaic, ${name} as the result: judged ${sampled ? 'point-sampled' : 'averaged'}`);
      const auto = projectOntoCells(restored, r.crop, r.inside, r.grid, 'auto');
      assert.deepEqual(auto.data, projectOntoCells(restored, r.crop, r.inside, r.grid, sampled ? 'sample' : 'mean').data);
    }
  }
});

test('auto style: a result with no texture says nothing, and the cells are held to their means', async () => {
  const { r } = await mosaicOf('center');
  assert.equal(looksPointSampled(r.crop, r.crop, r.inside, r.grid), false); // the mosaic itself: flat cells, no evidence
});

test('mean style closes the gaps smoothly: a flat result held to the cells has no step at the cell edges, the exact projection a step at each', async () => {
  const { mask, mosaic, r } = await mosaicOf();
  const flat = { ...r.crop, data: new Float32Array(r.crop.data.length) }; // mid grey: every cell's mean off
  /** Mean |difference| between horizontal neighbours inside the region, across a cell edge and within a cell. */
  const steps = (img: PlanarImage) => {
    const { width: W } = img;
    let edge = 0, ne = 0, within = 0, nw = 0;
    for (let y = 0; y < img.height; y++) for (let x = 1; x < W; x++) {
      const p = y * W + x;
      if (!(r.inside[p]! > 0.5 && r.inside[p - 1]! > 0.5)) continue;
      const d = Math.abs(img.data[p]! - img.data[p - 1]!);
      if ((x - r.grid.phaseX) % 8 === 0) { edge += d; ne++; } else { within += d; nw++; }
    }
    return { edge: edge / ne, within: within / nw };
  };
  const smooth = projectOntoCells(flat, r.crop, r.inside, r.grid, 'mean'), exact = projectOntoCells(flat, r.crop, r.inside, r.grid, 'mean', { smooth: false });
  for (const out of [smooth, exact]) assert.ok(repixelatedRms(blendInto(mosaic, mask, r.c, out), mask, mosaic) <= 0.5);
  const s = steps(smooth), e = steps(exact);
  assert.ok(e.edge > 3 * e.within, `exact: within ${e.within}, at edges ${e.edge}`); // within: only the blend ring at the region's edge
  assert.ok(s.edge < 0.5 * e.edge, `smooth: at edges ${s.edge.toFixed(4)}, exact ${e.edge.toFixed(4)}`);
  assert.ok(s.edge < 2 * s.within, `smooth: a step at the edges (${s.edge.toFixed(4)}) against ${s.within.toFixed(4)} within cells`);
});
