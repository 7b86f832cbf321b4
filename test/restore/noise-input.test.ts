// restorer_cells --noise-input: the position-keyed field against a BigInt reference and its statistics, the
// network with the option off unchanged, eval deterministic and training random, a noise-free checkpoint
// grown with zero weights, and a few CLI training steps (from scratch and from a noise-free checkpoint), packed
// with the noise-free fidelity end it was fine-tuned from.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tinyPairs } from '../helpers/restorers.js';
import { manualSeed, noGrad, randn, type Tensor } from '../../src/engine/index.js';
import { buildGenerator, CellRestorerGenerator, disposeWeights, generatorSpec, initWeights, loadModel, loadRestorerWeights } from '../../src/models/index.js';
import { positionNoise } from '../../src/models/position-noise.js';
import { referenceNoise } from '../helpers/position-noise.js';
import { growNoiseInputs } from '../../src/train/run.js';

const spec = (noise?: boolean) => generatorSpec({ netG: 'restorer_cells_1blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'none', dropout: false,
  ...(noise === undefined ? {} : { options: { noise } }) });
const built = (noise?: boolean, seed = 3) => { manualSeed(seed); return initWeights(buildGenerator(spec(noise)), { type: 'xavier', gain: 1, seed }); };
const values = (t: Tensor) => Array.from(t.data() as Float32Array);

test('the position noise equals its reference, is standard normal and does not repeat at 1 or 8 px', () => {
  const H = 384, W = 512, z = values(positionNoise(H, W));
  for (const [x, y] of [[0, 0], [1, 0], [0, 1], [7, 8], [511, 383], [300, 17]] as const)
    assert.ok(Math.abs(z[y * W + x]! - referenceNoise(x, y)) < 1e-4, `(${x}, ${y}): ${z[y * W + x]} vs ${referenceNoise(x, y)}`);
  const n = z.length, mean = z.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  assert.ok(Math.abs(mean) < 0.01 && Math.abs(std - 1) < 0.01, `mean ${mean}, std ${std}`);
  const within1 = z.filter((v) => Math.abs(v) < 1).length / n;
  assert.ok(Math.abs(within1 - 0.6827) < 0.005, `${within1} within one sigma`);
  for (const [dx, dy] of [[1, 0], [0, 1], [8, 0], [0, 8], [8, 8], [16, 0]] as const) {
    let s = 0, m = 0;
    for (let y = 0; y + dy < H; y++) for (let x = 0; x + dx < W; x++, m++) s += (z[y * W + x]! - mean) * (z[(y + dy) * W + x + dx]! - mean);
    const r = s / m / std ** 2;
    console.log(`autocorrelation at (${dx}, ${dy}): ${r.toFixed(4)}`);
    assert.ok(Math.abs(r) < 0.01, `autocorrelation at (${dx}, ${dy}): ${r}`);
  }
  // a field cut from a larger one is the larger one's corner: the key is the position, not the size
  const small = values(positionNoise(16, 24));
  for (let y = 0; y < 16; y++) for (let x = 0; x < 24; x++) assert.equal(small[y * 24 + x], z[y * W + x]);
});

test('without --noise-input the network and its spec are as before: 7·64 head inputs, no noise option recorded', () => {
  assert.deepEqual(spec().options, { cellScales: 1 });
  const plain = built(), off = built(false), on = built(true);
  assert.equal(plain.stateDict().get('head.weight')!.shape[1], 7 * 64);
  assert.equal(on.stateDict().get('head.weight')!.shape[1], 8 * 64);
  manualSeed(5);
  const x = randn([2, 7, 16, 24]);
  const [a, b] = [plain, off].map((g) => values(noGrad(() => g.eval().forward(x))));
  assert.deepEqual(a, b);
  for (const k of plain.stateDict().keys()) assert.deepEqual(values(plain.stateDict().get(k)!), values(off.stateDict().get(k)!), k);
});

test('with --noise-input: eval gives one output per input, training a fresh draw each call, reproducible from the seed', () => {
  const G = built(true);
  manualSeed(6);
  const x = randn([2, 7, 16, 24]);
  const run = () => values(noGrad(() => G.forward(x)));
  G.eval();
  const a = run(), b = run();
  assert.deepEqual(a, b);
  // the batch's two items read the same field: equal inputs give equal outputs
  const same = values(noGrad(() => G.forward(x.slice(0, 0, 1).expand(2, 7, 16, 24).contiguous())));
  assert.deepEqual(same.slice(0, same.length / 2), same.slice(same.length / 2));
  G.train();
  manualSeed(7);
  const c = run(), d = run();
  manualSeed(7);
  const e = run();
  assert.ok(c.some((v, i) => v !== d[i]), 'two training calls differ');
  assert.deepEqual(c, e, 'the same seed draws the same noise');
  assert.ok(c.some((v, i) => v !== a[i]));
});

test('a noise-free checkpoint grows zero noise weights: the grown network restores as the old one (to float rounding)', () => {
  const old = built(undefined, 8), G = built(true, 9);
  const sd = new Map([...old.stateDict()].map(([k, t]) => [k, t.clone()] as const));
  assert.ok(growNoiseInputs(G, sd));
  G.loadStateDict(sd);
  const head = values(G.stateDict().get('head.weight')!), [w, cin] = G.stateDict().get('head.weight')!.shape as [number, number];
  for (let o = 0; o < w; o++) for (let i = 7 * 64; i < cin; i++) for (let k = 0; k < 9; k++) assert.equal(head[(o * cin + i) * 9 + k], 0);
  manualSeed(10);
  const x = randn([1, 7, 24, 32]);
  const a = values(noGrad(() => G.eval().forward(x))), b = values(noGrad(() => old.eval().forward(x)));
  // equal up to the convolution's summation order over 512 inputs rather than 448 (a few float32 ulps)
  const d = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
  console.log(`grown vs old: max abs ${d}`);
  assert.ok(d < 1e-5, `grown vs old: max abs ${d}`);
  // nothing else grows: a checkpoint of another width, or into a network without noise, is left to loadStateDict's error
  assert.equal(growNoiseInputs(built(), new Map(old.stateDict())), false);
  const wide = initWeights(new CellRestorerGenerator(7, 3, 1, { width: 16 }), { type: 'normal', gain: 0.02 });
  const wsd = new Map(wide.stateDict());
  assert.equal(growNoiseInputs(G, wsd), false);
  assert.throws(() => G.loadStateDict(wsd), /head\.weight has shape/);
});

test('tessera train restorer --noise-input runs, records the option, and fine-tunes from a noise-free checkpoint', async () => {
  const cli = path.resolve('dist/src/cli/main.js');
  const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-noise-'));
  try {
    await tinyPairs(dir);
    const base = (out: string, iters = 2) => ['train', 'restorer', '--data', path.join(dir, 'pairs'), '--out', path.join(dir, out), '--netG', 'restorer_cells_1blocks',
      '--ngf', '4', '--ndf', '2', '--batch-size', '2', '--iters', String(iters), '--save-every', '0', '--sample-every', '0', '--workers', '1'];
    const plain = tessera(...base('plain'));
    assert.equal(plain.status, 0, plain.stderr);
    const noisy = tessera(...base('noisy'), '--noise-input');
    assert.equal(noisy.status, 0, noisy.stderr);
    const saved = loadModel(path.join(dir, 'noisy', 'checkpoints', 'latest', 'net_G.safetensors'));
    assert.equal(saved.spec.options?.noise, true);
    assert.equal(saved.net.stateDict().get('head.weight')!.shape[1], 8 * 64);
    // a resume that leaves the flag out keeps the run's network
    const resumed = tessera(...base('noisy', 3), '--resume');
    assert.equal(resumed.status, 0, resumed.stderr);
    const tuned = tessera(...base('tuned'), '--noise-input', '--init-from', path.join(dir, 'plain'), '--init-nets', 'G');
    assert.equal(tuned.status, 0, tuned.stderr);
    assert.match(tuned.stdout + tuned.stderr, /has no noise input; its head starts with zero weights/);
    // the pair of the noise-free fidelity end and its noise fine-tune: the fidelity end gains zero weights for the plane
    const pair = path.join(dir, 'pair.safetensors');
    const packed = tessera('pack-restorer', '--fidelity', path.join(dir, 'plain'), '--realism', path.join(dir, 'tuned'), '-o', pair);
    assert.equal(packed.status, 0, packed.stderr);
    const w = loadRestorerWeights(pair), before = loadModel(path.join(dir, 'plain', 'checkpoints', 'latest', 'net_G.safetensors'));
    assert.equal(w.spec.options?.noise, true);
    const grown = w.fidelity.get('head.weight')!, was = before.net.stateDict().get('head.weight')!;
    const [o, cin] = grown.shape as [number, number], g = values(grown), v = values(was);
    assert.equal(cin, 8 * 64);
    for (let i = 0; i < o; i++) for (let c = 0; c < cin; c++) for (let k = 0; k < 9; k++)
      assert.equal(g[(i * cin + c) * 9 + k], c < 7 * 64 ? v[(i * 7 * 64 + c) * 9 + k] : 0);
    disposeWeights(w);
    // the other way round (a noise fidelity end, a noise-free realism end) is not a fine-tune: refused
    const back = tessera('pack-restorer', '--fidelity', path.join(dir, 'tuned'), '--realism', path.join(dir, 'plain'), '-o', path.join(dir, 'back.safetensors'));
    assert.notEqual(back.status, 0);
    assert.match(back.stderr, /differs from .*weights mix only between a model and its own fine-tune/);
    // without --noise-input the same start is refused as any other mismatch
    const wrong = tessera(...base('wrong'), '--init-from', path.join(dir, 'noisy'), '--init-nets', 'G');
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /head\.weight has shape/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
