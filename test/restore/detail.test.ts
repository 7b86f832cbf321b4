// The detail dial: a pair file holds the fidelity and realism weight sets of one restorer; the Restorer
// loads it once and mixes (1 − α)·fidelity + α·realism per call. At α = 0 and α = 1 the network holds each
// set bit for bit (and restores exactly as the single-set file does), in any order of calls; in between
// each weight is the interpolation. A plain file takes α = 0 only; pack-restorer refuses what cannot mix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadPhoto } from '../../src/detect/evaluate.js';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { buildGenerator, generatorSpec, initWeights, saveModel, loadModel, loadRestorerWeights, disposeWeights, PAIR_KEY } from '../../src/models/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import type { Tensor } from '../../src/engine/index.js';
import { OnnxRestorer, Restorer, targetCrops } from '../../src/restore/index.js';
import { judgedStyle, type CellStyle } from '../../src/restore/consistency.js';
import { fidelityStyle } from '../../src/restore/restorer.js';
import { packRestorerPair } from '../../src/restore/pack.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { pix2pixFile, tinyRestorerPair } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const BOX = { x: 64, y: 48, w: 128, h: 96 };

const bits = (t: Tensor) => Buffer.from((t.data() as Float32Array).slice().buffer);

/** The network's live weights, key by key, as bytes (float ones). */
function snapshot(r: Restorer): Map<string, Buffer> {
  return new Map([...r.net.stateDict()].filter(([, t]) => t.dtype === 'float32').map(([k, t]) => [k, bits(t)]));
}

function fileWeights(file: string): Map<string, Buffer> {
  const m = loadModel(file);
  try {
    return new Map([...m.net.stateDict()].filter(([, t]) => t.dtype === 'float32').map(([k, t]) => [k, bits(t)]));
  } finally { m.net.dispose(); }
}

async function crop() {
  const img = await loadPhoto(evaluationPhotos()[8]!, 320);
  const mask = boxesToMask(img.width, img.height, [BOX]);
  const p = pixelate(img, mask, { block: 8, phase: [3, 5] });
  const grid = { blockW: 8, blockH: 8, phaseX: 3, phaseY: 5 };
  return { image: p.image, mask, grid, r: [...targetCrops(p.image, mask, [{ box: BOX, grid }])][0]! };
}

test('a pair at detail 0 and 1 holds each weight set bit for bit, in any order; 0.5 holds the mean', () => {
  const files = tinyRestorerPair();
  const fid = fileWeights(files.fidelity), real = fileWeights(files.realism);
  const r = Restorer.load(files.pair);
  try {
    assert.ok(r.isPair);
    assert.equal(r.detail, 0);
    const same = (got: Map<string, Buffer>, want: Map<string, Buffer>) => {
      assert.deepEqual([...got.keys()], [...want.keys()]);
      for (const [k, b] of want) assert.ok(got.get(k)!.equals(b), `${k} differs`);
    };
    same(snapshot(r), fid);
    r.useDetail(1); same(snapshot(r), real);
    r.useDetail(0.5);
    const half = r.net.stateDict(), f = loadModel(files.fidelity), g = loadModel(files.realism);
    try {
      let differs = 0;
      for (const [k, t] of half) {
        if (t.dtype !== 'float32') continue;
        const a = f.net.stateDict().get(k)!.data() as Float32Array, b = g.net.stateDict().get(k)!.data() as Float32Array, m = t.data() as Float32Array;
        for (let i = 0; i < m.length; i++) {
          assert.ok(Math.abs(m[i]! - (0.5 * a[i]! + 0.5 * b[i]!)) <= 1e-6 * (1 + Math.abs(a[i]!) + Math.abs(b[i]!)), `${k}[${i}]`);
          differs += +(a[i] !== b[i]);
        }
      }
      assert.ok(differs > 100, 'the two sets should differ');
    } finally { f.net.dispose(); g.net.dispose(); }
    r.useDetail(0); same(snapshot(r), fid);
    r.useDetail(0.3); r.useDetail(1); same(snapshot(r), real);
  } finally { r.dispose(); }
});

test('a pair restores at detail 0 / 1 exactly as the single-set files do; a plain file refuses detail ≠ 0', async () => {
  const files = tinyRestorerPair(), { r: c } = await crop();
  const pair = Restorer.load(files.pair), a = Restorer.load(files.fidelity), b = Restorer.load(files.realism);
  try {
    // style mean: auto judges detail ≠ 0 by the fidelity end, which a realism-only file does not hold (next test)
    const out = (x: Restorer, detail?: number) => Buffer.from(x.restoreCrop(c.crop, c.inside, c.grid, { detail, style: 'mean' }).data.buffer);
    assert.ok(out(pair, 1).equals(out(b)));
    assert.ok(out(pair, 0).equals(out(a)));
    assert.ok(!out(pair, 0.5).equals(out(a)));
    assert.ok(out(pair).equals(out(a)), 'default detail of this pair is DEFAULT_DETAIL = 0');
    assert.throws(() => a.restoreCrop(c.crop, c.inside, c.grid, { detail: 0.5 }), /holds one weight set/);
    assert.throws(() => Restorer.load(files.fidelity, { detail: 1 }), /holds one weight set/);
    assert.throws(() => pair.restoreCrop(c.crop, c.inside, c.grid, { detail: 1.5 }), /detail must be between 0 and 1/);
    const fixed = Restorer.load(files.pair, { detail: 1 });
    try { assert.ok(out(fixed).equals(out(b))); } finally { fixed.dispose(); }
  } finally { pair.dispose(); a.dispose(); b.dispose(); }
});

test('auto at detail ≠ 0 is judged by the fidelity end\'s result; at detail 0 by the result itself', async () => {
  const files = tinyRestorerPair(), { r: c } = await crop();
  const pair = Restorer.load(files.pair);
  try {
    const run = (detail: number, style: CellStyle) => pair.restoreCrop(c.crop, c.inside, c.grid, { detail, style });
    const fromFidelity = judgedStyle(run(0, 'none'), c.crop, c.inside, c.grid);
    assert.equal(await fidelityStyle(pair, c.crop, c.inside, c.grid), fromFidelity);
    for (const detail of [0.5, 1]) assert.deepEqual(run(detail, 'auto').data, run(detail, fromFidelity).data, `detail ${detail}`);
    assert.deepEqual(run(0, 'auto').data, run(0, fromFidelity).data);
    assert.equal(await fidelityStyle(pair, c.crop, c.inside, c.grid, { style: 'sample' }), 'sample', 'a style given stays');
  } finally { pair.dispose(); }
});

test('the ONNX runtime honours detail: each value within 1e-4 of libtorch', async () => {
  const files = tinyRestorerPair(), { r: c } = await crop();
  const lt = Restorer.load(files.pair), ox = await OnnxRestorer.load(files.pair);
  try {
    for (const detail of [0, 1, 0.5, 0]) {
      const want = lt.restoreCrop(c.crop, c.inside, c.grid, { detail, style: 'none' }).data;
      const got = (await ox.restoreCrop(c.crop, c.inside, c.grid, { detail, style: 'none' })).data;
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - got[i]!));
      assert.ok(worst <= 1e-4, `detail ${detail}: ${worst}`);
    }
    const a = lt.restoreCrop(c.crop, c.inside, c.grid, { detail: 0, style: 'none' }).data, b = lt.restoreCrop(c.crop, c.inside, c.grid, { detail: 1, style: 'none' }).data;
    assert.ok(a.some((v, i) => Math.abs(v - b[i]!) > 1e-3), 'the two ends differ');
  } finally { lt.dispose(); ox.dispose(); }
});

test('pack-restorer: the file format, --half (fp16 storage, fp32 in memory), refusals; the CLI writes atomically', () => {
  const files = tinyRestorerPair();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pack-'));
  const raw = loadSafetensors(files.pair);
  try {
    assert.ok(raw.metadata[PAIR_KEY]);
    assert.ok([...raw.tensors.keys()].every((k) => /^(fidelity|realism)\./.test(k)));
  } finally { for (const t of raw.tensors.values()) t.dispose(); }
  const halfFile = path.join(dir, 'half.safetensors');
  const r = run('pack-restorer', '--fidelity', files.fidelity, '--realism', files.realism, '-o', halfFile, '--half');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.statSync(halfFile).size < 0.6 * fs.statSync(files.pair).size);
  const w = loadRestorerWeights(halfFile), full = loadRestorerWeights(files.pair);
  try {
    for (const [k, t] of w.realism!) {
      if (!t.dtype.startsWith('float')) continue;
      assert.equal(t.dtype, 'float32');
      const want = full.realism!.get(k)!.to('float16').to('float32');
      assert.ok(bits(want).equals(bits(t)), k);
      want.dispose();
    }
  } finally { disposeWeights(w); disposeWeights(full); }
  const fails = (pattern: RegExp, ...args: string[]) => {
    const out = path.join(dir, 'x.safetensors');
    const f = run('pack-restorer', ...args, '-o', out);
    assert.equal(f.status, 1, f.stderr);
    assert.equal(f.stderr.trim().split('\n').length, 1, f.stderr);
    assert.match(f.stderr, pattern);
    assert.ok(!fs.existsSync(out));
  };
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 4, norm: 'batch', dropout: false });
  const narrow = path.join(dir, 'narrow.safetensors'), net = initWeights(buildGenerator(spec), { seed: 1 });
  saveModel(narrow, net, spec);
  net.dispose();
  fails(/architecture .* differs/, '--fidelity', files.fidelity, '--realism', narrow);
  const other = pix2pixFile(dir);
  fails(/not a mosaic restorer/, '--fidelity', files.fidelity, '--realism', other);
  fails(/already a restorer pair/, '--fidelity', files.pair, '--realism', files.realism);
  assert.throws(() => packRestorerPair(files.fidelity, files.realism, files.realism), /is an input/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['half.safetensors', 'narrow.safetensors', 'pix2pix.safetensors']);
});
