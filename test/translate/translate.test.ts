// Image <-> tensor helpers, padding to the generator's multiple, the Translator and `tessera translate`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { F, liveTensors, manualSeed, noGrad, randn, tidy } from '../../src/engine/index.js';
import { imageToTensor, readImage, tensorToImage, writeRaster as writeImage, type Raster as RawImage } from '../../src/image/index.js';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { cropBack, padToMultiple, planJobs, SafetyRefusal, Translator } from '../../src/translate/index.js';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/cli/main.js');

function gradient(width: number, height: number, seed = 0): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + seed * 11 + (i % 7) * 19) % 256;
  return { data, width, height, channels: 3 };
}

// Smooth ramps for the CLI runs: the real safety checker judges them as the plain pictures they are
// (the pseudo-noise above, JPEG-compressed at 9×11, is beyond what a 224-pixel classifier can judge).
function ramp(width: number, height: number, seed = 0): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let k = 0; k < 3; k++) data[(y * width + x) * 3 + k] = (x * 7 * seed + y * 13 + k * 50) % 256;
  return { data, width, height, channels: 3 };
}

test('image <-> tensor: 0 → −1, 255 → 1, HWC → CHW, and back exactly', () => {
  const img: RawImage = { data: new Uint8Array([0, 255, 51, 255, 0, 102]), width: 2, height: 1, channels: 3 };
  tidy(() => {
    const t = imageToTensor(img);
    assert.deepEqual(t.shape, [1, 3, 1, 2]);
    // channel 0 holds pixel 0's R and pixel 1's R
    assert.deepEqual(t.toArray().map((v) => Math.round(v * 1e4) / 1e4), [-1, 1, 1, -1, -0.6, -0.2]);
    assert.deepEqual(tensorToImage(t), img);
    const big = gradient(13, 9);
    assert.deepEqual(tensorToImage(imageToTensor(big)), big);
  });
});

test('padToMultiple pads by reflection, evenly, even past the image size, and cropBack undoes it', () => {
  tidy(() => {
    const x = randn([1, 2, 5, 7]);
    const p = padToMultiple(x, 4);
    assert.deepEqual(p.x.shape, [1, 2, 8, 8]);
    assert.deepEqual([p.top, p.left], [1, 0]);
    // the row above the image is the reflection of row 1
    assert.deepEqual(p.x.select(2, 0).slice(2, 0, 7).toArray(), x.select(2, 1).toArray());
    assert.deepEqual(cropBack(p.x, p).toArray(), x.toArray());
    const small = randn([1, 1, 3, 2]);
    const q = padToMultiple(small, 16);
    assert.deepEqual(q.x.shape, [1, 1, 16, 16]);
    assert.deepEqual(cropBack(q.x, q).toArray(), small.toArray());
    assert.deepEqual(padToMultiple(randn([1, 1, 1, 1]), 4).x.shape, [1, 1, 4, 4]);
  });
});

test('Translator: any size in, same size out, equal to running the net on the padded input', () => {
  const spec = generatorSpec({ netG: 'unet_32', ngf: 4, norm: 'instance' });
  const net = initWeights(buildGenerator(spec), { seed: 5, gain: 0.3 });
  const t = new Translator(net, spec, { mode: 'eval' });
  noGrad(() => tidy(() => {
    const x = randn([1, 3, 20, 40]).tanh();
    const y = t.translateTensor(x);
    assert.deepEqual(y.shape, [1, 3, 20, 40]);
    const manual = net.forward(F.pad2d(x, [12, 12, 6, 6], 'reflect')).slice(2, 6, 26).slice(3, 12, 52);
    assert.ok(y.sub(manual).abs().max().item() < 1e-6);
  }));
  // batched same-size images equal one-by-one results
  const a = gradient(24, 16, 1), b = gradient(24, 16, 2);
  const live = liveTensors();
  const both = t.translate([a, b]);
  assert.equal(liveTensors(), live, 'translate leaves no tensors behind');
  assert.deepEqual(both, [t.translate([a])[0], t.translate([b])[0]]);
  assert.equal(both[0]!.width, 24);
  t.dispose();
});

test("'reference' mode keeps dropout on but seeded, and restores the caller's RNG", () => {
  // unet_64: one ngf×8 block with dropout (unet_32 has none)
  const spec = generatorSpec({ netG: 'unet_64', ngf: 2, norm: 'batch', dropout: true });
  const t = new Translator(initWeights(buildGenerator(spec), { seed: 1, gain: 0.3 }), spec);
  assert.equal(t.canBatch, false);
  const img = gradient(40, 24);
  const first = t.translate([img])[0]!;
  assert.deepEqual(t.translate([img])[0], first);
  const other = new Translator(t.net, spec, { seed: 9 }).translate([img])[0]!;
  assert.notDeepEqual(other.data, first.data);
  // translating in between does not change what the caller's seeded generator produces next
  manualSeed(42);
  const plain = tidy(() => randn([4]).toArray());
  manualSeed(42);
  t.translate([img]);
  assert.deepEqual(tidy(() => randn([4]).toArray()), plain);
  t.dispose();
});

test('the safety hook can refuse an image, naming it', () => {
  const spec = generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' });
  const t = new Translator(buildGenerator(spec), spec, { safety: { name: 'test', check: () => ({ allowed: false, reason: 'test refusal' }) } });
  assert.throws(() => t.translate([gradient(8, 8)], ['a.png']), (e: Error) => e instanceof SafetyRefusal && /a\.png: refused by the safety checker \(test refusal\)/.test(e.message));
  t.dispose();
});

test('tessera translate: folders and files of any size, never onto an input, same pixels as the library', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-translate-'));
  const spec = generatorSpec({ netG: 'resnet_2blocks', ngf: 4, norm: 'instance' });
  const net = initWeights(buildGenerator(spec), { seed: 2, gain: 0.2 });
  const ckpt = path.join(dir, 'g.safetensors');
  saveModel(ckpt, net, spec);
  fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
  await writeImage(path.join(dir, 'in', 'a.png'), ramp(30, 18, 1));
  await writeImage(path.join(dir, 'in', 'b.png'), ramp(30, 18, 2));
  await writeImage(path.join(dir, 'in', 'sub', 'c.webp'), ramp(17, 23, 3));
  await writeImage(path.join(dir, 'in', 'sub', 'd.jpg'), ramp(9, 11, 4));
  const r = spawnSync(process.execPath, [CLI, 'translate', '--model', ckpt, path.join(dir, 'in'), '-o', path.join(dir, 'out'), '--batch-size', '3'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /translate 4\/4 100%/);
  assert.match(r.stdout, /safety checker: classifier/);
  for (const [f, w, h] of [['a.png', 30, 18], ['b.png', 30, 18], ['sub/c.webp', 17, 23], ['sub/d.jpg', 9, 11]] as const) {
    const m = await sharp(path.join(dir, 'out', f)).metadata();
    assert.deepEqual([m.width, m.height], [w, h], f);
  }
  const t = new Translator(net, spec);
  const want = t.translate([await readImage(path.join(dir, 'in', 'b.png'))])[0]!;
  assert.deepEqual(await readImage(path.join(dir, 'out', 'b.png')), want);
  // one file to one file; onto itself is refused and the input stays as it was
  const single = spawnSync(process.execPath, [CLI, 'translate', '--model', ckpt, path.join(dir, 'in', 'a.png'), '-o', path.join(dir, 'one.png')], { encoding: 'utf8' });
  assert.equal(single.status, 0, single.stderr);
  const before = fs.readFileSync(path.join(dir, 'in', 'a.png'));
  const self = spawnSync(process.execPath, [CLI, 'translate', '--model', ckpt, path.join(dir, 'in', 'a.png'), '-o', path.join(dir, 'in', 'a.png')], { encoding: 'utf8' });
  assert.notEqual(self.status, 0);
  assert.match(self.stderr, /a\.png: would overwrite an input/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'in', 'a.png')), before);
  assert.throws(() => planJobs([path.join(dir, 'in')], path.join(dir, 'in')), /would overwrite an input/);
  assert.throws(() => planJobs([path.join(dir, 'nope.png')], path.join(dir, 'o')), /nope\.png: no such file or folder/);
  const bad = spawnSync(process.execPath, [CLI, 'translate', '--model', path.join(dir, 'in', 'a.png'), path.join(dir, 'in'), '-o', path.join(dir, 'o2')], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /a\.png: not a valid safetensors file/);
  t.dispose();
  fs.rmSync(dir, { recursive: true });
});

test('tessera translate: a bad file in a folder is named at the end, the rest is translated; several inputs need a folder output', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-translate-fail-'));
  const spec = generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' });
  const ckpt = path.join(dir, 'g.safetensors');
  saveModel(ckpt, initWeights(buildGenerator(spec), { seed: 1 }), spec);
  fs.mkdirSync(path.join(dir, 'in'));
  fs.writeFileSync(path.join(dir, 'in', 'a-broken.png'), 'not a png');
  await writeImage(path.join(dir, 'in', 'b.png'), ramp(16, 12, 1));
  await writeImage(path.join(dir, 'in', 'c.png'), ramp(16, 12, 2));
  const r = spawnSync(process.execPath, [CLI, 'translate', '--model', ckpt, path.join(dir, 'in'), '-o', path.join(dir, 'out'), '--batch-size', '3'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('tessera:'));
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /a-broken\.png/);
  assert.match(lines[1]!, /1 of 3 files failed/);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'out')).sort(), ['b.png', 'c.png']);
  const two = spawnSync(process.execPath, [CLI, 'translate', '--model', ckpt, path.join(dir, 'in', 'b.png'), path.join(dir, 'in', 'c.png'), '-o', path.join(dir, 'x.png')], { encoding: 'utf8' });
  assert.equal(two.status, 1);
  assert.match(two.stderr, /x\.png: names one image file, but the inputs are 2 files or folders; give a folder/);
  assert.ok(!fs.existsSync(path.join(dir, 'x.png')));
  fs.rmSync(dir, { recursive: true });
});
