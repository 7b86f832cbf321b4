import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, manualSeed, noGrad, tensor } from '../../src/engine/index.js';
import type { PlanarImage } from '../../src/image/cells.js';
import { buildGenerator, CellRestorerGenerator, generatorSpec, initWeights, restorerInput } from '../../src/models/index.js';
import { canonicalScale, cellAligned, planCrop, Restorer } from '../../src/restore/restorer.js';
import { Mulberry32 } from '../../src/util/rng.js';

function noisePlanar(w: number, h: number, c = 3, seed = 1): PlanarImage {
  const rng = new Mulberry32(seed);
  return { data: Float32Array.from({ length: c * w * h }, () => rng.random() * 2 - 1), channels: c, width: w, height: h };
}

test('pixelUnshuffle puts each 8×8 block into 64 channels (c·64 + dy·8 + dx) and pixelShuffle undoes it', () => {
  const C = 2, H = 16, W = 24;
  const x = Float32Array.from({ length: C * H * W }, (_, i) => i);
  const u = F.pixelUnshuffle(tensor(x, [1, C, H, W]), 8);
  assert.deepEqual(u.shape, [1, C * 64, H / 8, W / 8]);
  const d = u.data() as Float32Array;
  // channel 1, row offset 3, column offset 5 of the block at cell (1, 2)
  const ch = 1 * 64 + 3 * 8 + 5, cy = 1, cx = 2;
  assert.equal(d[(ch * (H / 8) + cy) * (W / 8) + cx], x[(1 * H + cy * 8 + 3) * W + cx * 8 + 5]);
  assert.deepEqual([...(F.pixelShuffle(u, 8).data() as Float32Array)], [...x]);
});

test('the per-cell restorer keeps outside pixels exactly, starts near bicubic, and needs sides of whole cells', () => {
  manualSeed(4);
  const G = initWeights(new CellRestorerGenerator(7, 3, 2, { width: 8 }), { type: 'normal', gain: 0.02 }).eval();
  const W = 40, H = 24;
  const mosaic = noisePlanar(W, H, 3, 5);
  const mask = Float32Array.from({ length: W * H }, (_, p) => (p % W > 6 && p % W < 30 && p / W > 5 ? 1 : 0));
  const input = restorerInput(mosaic, mask, { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 });
  const out = noGrad(() => G.forward(tensor(input, [1, 7, H, W]))).data() as Float32Array;
  let maxDiff = 0;
  for (let c = 0; c < 3; c++) for (let p = 0; p < W * H; p++) {
    if (!mask[p]) assert.equal(out[c * W * H + p], mosaic.data[c * W * H + p], `outside pixel ${p}`);
    else maxDiff = Math.max(maxDiff, Math.abs(out[c * W * H + p]! - Math.max(-1, Math.min(1, input[c * W * H + p]!))));
  }
  // 448 inputs per head unit: a fresh network strays further than the U-Net, but stays a residual
  assert.ok(maxDiff > 0 && maxDiff < 0.5, `near the bicubic baseline at initialisation (max diff ${maxDiff})`);
  assert.throws(() => noGrad(() => G.forward(tensor(new Float32Array(7 * 20 * 20), [1, 7, 20, 20]))));
  assert.throws(() => new CellRestorerGenerator(6, 3, 2), /7 input channels/);
});

test('cellAligned grows a crop to start on a grid line and span whole cells, the new pixels outside the mask', () => {
  const crop = noisePlanar(29, 17, 3, 7);
  const inside = new Float32Array(29 * 17).fill(1);
  for (const grid of [{ blockW: 6, blockH: 6, phaseX: 4, phaseY: 1 }, { blockW: 12, blockH: 6, phaseX: 7, phaseY: -2 }, { blockW: 5, blockH: 5, phaseX: 0, phaseY: 0 }]) {
    const a = cellAligned(crop, inside, grid);
    const m = Math.min(grid.blockW, grid.blockH);
    assert.equal(a.crop.width % m, 0);
    assert.equal(a.crop.height % m, 0);
    // the original grid lines sit at multiples of the cell in the grown crop
    assert.equal((((grid.phaseX + a.left) % grid.blockW) + grid.blockW) % grid.blockW, 0, `x lines for ${JSON.stringify(grid)}`);
    assert.equal((((grid.phaseY + a.top) % grid.blockH) + grid.blockH) % grid.blockH, 0, `y lines for ${JSON.stringify(grid)}`);
    assert.ok(a.left < grid.blockW && a.top < grid.blockH);
    let inMask = 0;
    for (let y = 0; y < a.crop.height; y++) for (let x = 0; x < a.crop.width; x++) {
      const real = x >= a.left && x < a.left + 29 && y >= a.top && y < a.top + 17;
      assert.equal(a.inside[y * a.crop.width + x], real ? 1 : 0);
      if (real) {
        inMask++;
        assert.equal(a.crop.data[y * a.crop.width + x], crop.data[(y - a.top) * 29 + x - a.left]);
      }
    }
    assert.equal(inMask, 29 * 17);
  }
});

for (const { block, blockStep } of [{ block: [8, 8] as [number, number], blockStep: 1 }, { block: [8, 24] as [number, number], blockStep: 8 }])
test(`restorer pairs with alignCells (cells ${block.join('-')} step ${blockStep}): side − 8 px, cells of the mosaic channels on the 8-px blocks`, async () => {
  const { default: fs } = await import('node:fs');
  const { default: os } = await import('node:os');
  const { default: path } = await import('node:path');
  const { default: sharp } = await import('sharp');
  const { makePairs } = await import('../../src/censor/pairs.js');
  const { openRestorePairs, DecoderPool } = await import('../../src/data/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cellpairs-'));
  fs.mkdirSync(path.join(dir, 'photos'));
  const rng = new Mulberry32(9);
  const px = Uint8Array.from({ length: 96 * 96 * 3 }, () => Math.floor(rng.random() * 256));
  await sharp(px, { raw: { width: 96, height: 96, channels: 3 } }).png().toFile(path.join(dir, 'photos', 'noise.png'));
  const records = await makePairs(path.join(dir, 'photos'), path.join(dir, 'ds'), { count: 6, size: 64, block, blockStep, styles: ['mean'], seed: 3, testFraction: 0 });
  for (const r of records) assert.ok(r.block % 8 === 0 && r.block >= block[0] && r.block <= block[1], `cell ${r.block} is a multiple of 8 in ${block.join('-')}`);
  if (blockStep === 8) assert.ok(records.some((r) => r.block > 8), 'some cells larger than 8 px');
  const ds = openRestorePairs(path.join(dir, 'ds'), 'train', Infinity, { alignCells: true });
  const pool = new DecoderPool(1);
  try {
    for (let i = 0; i < ds.length; i++) {
      const [a, b] = ds.finish!(i, await pool.decode(ds.jobs(i, new Mulberry32(i))[0]!));
      assert.deepEqual(a!.shape, [7, 56, 56]);
      assert.deepEqual(b!.shape, [3, 56, 56]);
      const P = 56 * 56, d = a!.data;
      // a block wholly inside the mask is one cell of a `mean` mosaic: one colour (the PNG is lossless)
      let checked = 0;
      for (let by = 0; by < 7; by++) for (let bx = 0; bx < 7; bx++) {
        const at = (x: number, y: number) => (by * 8 + y) * 56 + bx * 8 + x;
        let all = true;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (d[6 * P + at(x, y)]! <= 0) all = false;
        if (!all) continue;
        checked++;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) assert.equal(d[3 * P + at(x, y)], d[3 * P + at(0, 0)], `pair ${i} block ${bx},${by}`);
      }
      assert.ok(checked > 0, `pair ${i} has a block inside its region`);
    }
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a crop larger than a tile is restored in overlapping passes that agree with one pass (no seams)', () => {
  manualSeed(6);
  const spec = generatorSpec({ netG: 'restorer_cells_2blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'none', dropout: false });
  const net = initWeights(buildGenerator(spec), { type: 'normal', gain: 0.02, seed: 6 });
  const one = new Restorer(net, spec, 'tiny'), tiled = new Restorer(net, spec, 'tiny', { tile: 128 });
  // a smooth picture with edges, 8-px cells: 200 × 152 canonical pixels, so 128-px tiles need 3 × 2 passes
  const W = 200, H = 152, plane = W * H;
  const crop: PlanarImage = { data: new Float32Array(3 * plane), channels: 3, width: W, height: H };
  for (let c = 0; c < 3; c++) for (let p = 0; p < plane; p++) crop.data[c * plane + p] = Math.sin((p % W) / 9 + c) * Math.cos(Math.floor(p / W) / 13) * 0.8;
  const inside = Float32Array.from({ length: plane }, (_, p) => (p % W > 16 && p % W < 184 && p / W > 16 && p / W < 136 ? 1 : 0));
  const grid = { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 };
  let passes = 0;
  const forward = net.forward.bind(net);
  net.forward = (x) => { passes++; return forward(x); };
  const a = one.restoreCrop(crop, inside, grid);
  assert.equal(passes, 1);
  const b = tiled.restoreCrop(crop, inside, grid);
  assert.equal(passes, 1 + 3 * 2, 'three by two tiles');
  let sum = 0, max = 0, residual = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    sum += d; max = Math.max(max, d);
    residual = Math.max(residual, Math.abs(a.data[i]! - crop.data[i]!));
  }
  assert.ok(residual > 0.05, `the network changes the region (max ${residual}), so a misplaced tile would show`);
  assert.ok(sum / a.data.length < 1e-3 && max < 0.02, `tiled vs one pass: mean ${sum / a.data.length}, max ${max}`);
  assert.throws(() => new Restorer(net, spec, 'tiny', { tile: 100 }), /tile must be a whole number ≥ 128/);
  net.dispose();
});

test('canonicalScale brings cells to 8 px, or with --cell-scales k to the nearest of 8, 16 … 8k px', () => {
  const g = (blockW: number, blockH = blockW) => ({ blockW, blockH, phaseX: 0, phaseY: 0 });
  // one scale: every cell to 8 px
  for (const c of [6, 8, 12, 16, 60]) assert.equal(canonicalScale(g(c), 1), 8 / c);
  // three: 6 and 8 → 8 px, 12 → 16 (round(1.5) = 2), 16 → itself, 20 → 24 (round(2.5) = 3), 60 → 24 (the largest)
  assert.deepEqual([6, 8, 12, 16, 20, 60].map((c) => canonicalScale(g(c), 3)), [8 / 6, 1, 16 / 12, 1, 24 / 20, 24 / 60]);
  // rect cells: the shorter side decides
  assert.equal(canonicalScale(g(32, 16), 3), 1);
});

test('a restorer with --cell-scales 3 reads a 16-px mosaic at its own size; one without halves it', () => {
  manualSeed(2);
  const crop = noisePlanar(64, 48, 3, 11), inside = new Float32Array(64 * 48).fill(1);
  const grid = { blockW: 16, blockH: 16, phaseX: 0, phaseY: 0 };
  for (const [cellScales, side] of [[1, 32], [3, 64]] as const) {
    const spec = generatorSpec({ netG: 'restorer_cells_1blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'none', dropout: false, options: { cellScales } });
    const r = new Restorer(initWeights(buildGenerator(spec), { type: 'normal', gain: 0.02, seed: 2 }), spec, 'tiny');
    assert.equal(r.cellScales, cellScales);
    const plan = planCrop(crop, inside, grid, r);
    assert.equal(plan.canonical.width, side);
    const out = r.restoreCrop(crop, inside, grid);
    assert.deepEqual([out.width, out.height], [64, 48]);
  }
  assert.equal(generatorSpec({ netG: 'restorer_cells_1blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'none', dropout: false }).options?.cellScales, 1);
});
