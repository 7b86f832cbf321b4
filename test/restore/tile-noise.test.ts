// The noise plane of a tiled crop: restorer_cells --noise-input keys its field by the pixel's place in the whole
// crop (tile origin + offset), so overlapping tiles read the same noise and tiles do not repeat each other. The
// field read from an origin against slices of the whole field and the BigInt reference (wrap included); a noise
// network run tile by tile against the whole input run at once; the ONNX graph's 'noise_origin' against the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import { manualSeed, noGrad, randn, tidy, type Tensor } from '../../src/engine/index.js';
import { exportFeeds, exportNetwork } from '../../src/export/index.js';
import { buildGenerator, CellRestorerGenerator, generatorSpec, initWeights } from '../../src/models/index.js';
import { NOISE_ORIGIN_INPUT, positionNoise, type NoiseOrigin } from '../../src/models/position-noise.js';
import { OnnxRestorer, planCrop, Restorer } from '../../src/restore/index.js';
import { referenceNoise } from '../helpers/position-noise.js';

const values = (t: Tensor) => tidy(() => Array.from(t.data() as Float32Array));
const spec = (noise: boolean) => generatorSpec({ netG: 'restorer_cells_1blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'none', dropout: false, options: { noise } });
const built = (noise = true, seed = 3) => { manualSeed(seed); return initWeights(buildGenerator(spec(noise)), { type: 'xavier', gain: 1, seed }) as CellRestorerGenerator; };
const grid = { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 };

/** A crop of W × H random pixels in [−1, 1], all inside the mask. */
function randomCrop(W: number, H: number, seed: number) {
  manualSeed(seed);
  const data = tidy(() => Float32Array.from(randn([3 * W * H]).mul(0.5).clamp(-1, 1).data() as Float32Array));
  return { crop: { data, channels: 3, width: W, height: H }, inside: new Float32Array(W * H).fill(1) };
}

test('the field read from an origin is the whole field\'s slice there, the reference\'s too, and wraps at 2¹⁴ rows and 2¹⁶ columns', () => {
  const H = 96, W = 160, whole = values(positionNoise(H, W));
  for (const [[oy, ox], h, w] of [[[0, 0], 96, 160], [[24, 40], 40, 64], [[8, 96], 88, 64], [[57, 3], 39, 150]] as [NoiseOrigin, number, number][]) {
    const part = values(positionNoise(h, w, 'cpu', [oy, ox]));
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++)
      assert.equal(part[y * w + x], whole[(oy + y) * W + ox + x], `origin [${oy}, ${ox}] at (${x}, ${y})`);
  }
  // across both wraps: the reference keys (y mod 2¹⁴)·2¹⁶ + (x mod 2¹⁶)
  const oy = 16381, ox = 65532, edge = values(positionNoise(6, 8, 'cpu', [oy, ox]));
  for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++)
    assert.ok(Math.abs(edge[y * 8 + x]! - referenceNoise(ox + x, oy + y)) < 1e-4, `(${ox + x}, ${oy + y})`);
  assert.deepEqual(values(positionNoise(4, 5, 'cpu', [16384, 65536 + 7])), values(positionNoise(4, 5, 'cpu', [0, 7])));
  // keys k and p − k square alike: rows wrapping at 2¹⁵ would make row 2¹⁴ + r row 2¹⁴ − 1 − r mirrored
  // (column x ↔ 2¹⁶ − 1 − x); wrapped at 2¹⁴, row 2¹⁴ is row 0 and no row mirrors another
  const next = values(positionNoise(1, 64, 'cpu', [16384, 0])), mirror = values(positionNoise(1, 64, 'cpu', [16383, 65536 - 64]));
  assert.ok(next.every((v, i) => v !== mirror[63 - i]), 'row 2¹⁴ mirrors row 2¹⁴ − 1');
  assert.throws(() => positionNoise(4, 4, 'cpu', [-8, 0]), /origin must be whole pixels ≥ 0/);
  assert.throws(() => positionNoise(4, 4, 'cpu', [0, 1.5]), /origin must be whole pixels ≥ 0/);
});

test('planCrop gives each tile its origin; overlapping tiles read the same noise where they overlap, and tiles do not repeat it', () => {
  const { crop, inside } = randomCrop(200, 168, 1);
  const plan = planCrop(crop, inside, grid, { multiple: 8, tile: 128 });
  assert.equal(plan.tiles.length, 6); // starts x 0, 64, 72; y 0, 40
  const planes = plan.tiles.map((t, i) => {
    const p = plan.places[i]!;
    assert.deepEqual(t.origin, [p.y, p.x]);
    return values(positionNoise(t.height, t.width, 'cpu', t.origin));
  });
  let compared = 0;
  for (const [i, a] of plan.places.entries()) for (const [j, b] of plan.places.entries()) {
    if (j <= i) continue;
    const x0 = Math.max(a.x, b.x), x1 = Math.min(a.x + a.w, b.x + b.w), y0 = Math.max(a.y, b.y), y1 = Math.min(a.y + a.h, b.y + b.h);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++, compared++) {
      const ta = plan.tiles[i]!, tb = plan.tiles[j]!;
      assert.equal(planes[i]![(y - a.y) * ta.width + x - a.x], planes[j]![(y - b.y) * tb.width + x - b.x], `tiles ${i} and ${j} at (${x}, ${y})`);
    }
  }
  assert.ok(compared > 10_000, `${compared} overlapping pixels compared`);
  // the same offset in two tiles is not the same noise (the period a viewer would see)
  const same = planes[0]!.filter((v, k) => v === planes[1]![k]).length;
  assert.ok(same < 10, `${same} of ${planes[0]!.length} values repeat from tile 0 to tile 1`);
  // one tile: origin [0, 0], the noise as it was before tiles had origins
  const single = planCrop(crop, inside, grid, { multiple: 8, tile: 640 });
  assert.deepEqual(single.tiles.map((t) => t.origin), [[0, 0]]);
});

test('a noise network run tile by tile gives the whole crop\'s output away from the cuts; read from [0, 0] each tile would not', () => {
  const { crop, inside } = randomCrop(200, 168, 2);
  const restorer = new Restorer(built(), spec(true), 'tiny noise restorer', { tile: 128 });
  try {
    const whole = planCrop(crop, inside, grid, { multiple: 8, tile: 640 }), tiled = planCrop(crop, inside, grid, restorer);
    const W = whole.canonical.width, H = whole.canonical.height, wt = whole.tiles[0]!;
    assert.deepEqual([wt.width, wt.height], [W, H]);
    const all = restorer.runTile(wt);
    // the default origin is [0, 0]: a tile without one is read as today's single pass
    assert.deepEqual(Array.from(restorer.runTile({ data: wt.data, width: W, height: H })), Array.from(all));
    // 1 block: 4 convolutions over the cells, so a cell 4 cells (32 px) from a cut edge sees no padding
    const MARGIN = 32;
    let maxAbs = 0, atZero = 0, n = 0;
    for (const [i, t] of tiled.tiles.entries()) {
      const p = tiled.places[i]!, y = restorer.runTile(t), z = restorer.runTile({ ...t, origin: [0, 0] });
      const P = t.width * t.height;
      for (let ly = p.y ? MARGIN : 0; ly < (p.y + p.h < H ? p.h - MARGIN : p.h); ly++)
        for (let lx = p.x ? MARGIN : 0; lx < (p.x + p.w < W ? p.w - MARGIN : p.w); lx++, n++)
          for (let c = 0; c < 3; c++) {
            const want = all[c * W * H + (p.y + ly) * W + p.x + lx]!, k = c * P + ly * t.width + lx;
            maxAbs = Math.max(maxAbs, Math.abs(y[k]! - want));
            if (p.x || p.y) atZero = Math.max(atZero, Math.abs(z[k]! - want));
          }
    }
    console.log(`tiles vs the whole over ${n} interior pixels: max abs ${maxAbs.toExponential(2)} at their origins, ${atZero.toFixed(3)} read from [0, 0]`);
    assert.ok(n > 20_000, `${n} pixels compared`);
    assert.ok(maxAbs < 1e-5, `tiles at their origins differ from the whole by ${maxAbs}`);
    assert.ok(atZero > 0.05, `tiles read from [0, 0] differ from the whole by only ${atZero}: the comparison would say little`);
  } finally {
    restorer.dispose();
  }
});

test('ONNX: a noise network takes noise_origin (int64 [y, x]) and matches the engine at nonzero and wrapping origins', async () => {
  const net = built(true, 5);
  const plain = exportNetwork(built(false, 5), { inputChannels: 7, height: 16, width: 16, dynamic: true });
  const bytes = exportNetwork(net, { inputChannels: 7, height: 16, width: 16, dynamic: true });
  const session = await ort.InferenceSession.create(bytes), old = await ort.InferenceSession.create(plain);
  try {
    assert.deepEqual(session.inputNames, ['input', NOISE_ORIGIN_INPUT]);
    // a network without noise (and any export made before the input existed) is fed its image alone
    assert.deepEqual(old.inputNames, ['input']);
    assert.deepEqual(Object.keys(exportFeeds(old, new ort.Tensor('float32', new Float32Array(7 * 64), [1, 7, 8, 8]), [8, 16])), ['input']);
    manualSeed(6);
    for (const [[h, w, n], origin] of [[[24, 40, 1], [0, 0]], [[24, 40, 1], [40, 72]], [[32, 16, 2], [600, 8]], [[16, 24, 1], [16376, 65520]]] as [[number, number, number], NoiseOrigin][]) {
      const x = randn([n, 7, h, w]);
      const input = new ort.Tensor('float32', tidy(() => Float32Array.from(x.data() as Float32Array)), [n, 7, h, w]);
      const want = noGrad(() => values(net.forward(x, origin)));
      x.dispose();
      const got = (await session.run(exportFeeds(session, input, origin))).output!.data as Float32Array;
      const fromZero = (await session.run(exportFeeds(session, input))).output!.data as Float32Array;
      let d = 0, z = 0;
      for (let i = 0; i < want.length; i++) { d = Math.max(d, Math.abs(got[i]! - want[i]!)); z = Math.max(z, Math.abs(fromZero[i]! - want[i]!)); }
      console.log(`onnx vs engine, ${n}×${w}×${h} at [${origin.join(', ')}]: max abs ${d.toExponential(2)} (read from [0, 0]: ${z.toExponential(2)})`);
      assert.ok(d <= 1e-5, `[${origin.join(', ')}]: max abs ${d}`);
      if (origin[0] || origin[1]) assert.ok(z > 1e-2, `the graph ignored noise_origin [${origin.join(', ')}]: ${z}`);
    }
  } finally {
    await session.release();
    await old.release();
    net.dispose();
  }
});

test('OnnxRestorer and Restorer restore a tiled crop alike with a noise network', async () => {
  const { crop, inside } = randomCrop(200, 168, 3);
  const net = built(true, 7);
  const onnx = await OnnxRestorer.fromNetwork(net, spec(true), 'tiny noise restorer', { tile: 128 });
  const torch = new Restorer(net, spec(true), 'tiny noise restorer', { tile: 128 });
  try {
    const a = torch.restoreCrop(crop, inside, grid), b = await onnx.restoreCrop(crop, inside, grid);
    let d = 0;
    for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
    console.log(`restoreCrop, 6 tiles: onnx vs libtorch max abs ${d.toExponential(2)}`);
    assert.ok(d < 1e-4, `max abs ${d}`);
  } finally {
    torch.dispose();
    onnx.dispose();
  }
});
