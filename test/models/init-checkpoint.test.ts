// Initialisation statistics, registry errors and checkpoint round trips.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { call, noGrad, randn, tidy } from '../../src/engine/index.js';
import { BatchNorm2d, Conv2d, ConvTranspose2d } from '../../src/nn/index.js';
import { saveSafetensors } from '../../src/io/safetensors.js';
import {
  buildDiscriminator, buildGenerator, discriminatorSpec, generatorSpec, initWeights, loadGenerator, loadModel,
  requiredMultiple, saveModel,
} from '../../src/models/index.js';
import { maxAbsDiff } from './helpers.js';

/** Mean and std over every conv / transposed-conv weight of a net. */
function convStats(net: ReturnType<typeof buildGenerator>): { mean: number; std: number; n: number } {
  let sum = 0, sq = 0, n = 0;
  for (const [, m] of net.modules()) {
    if (!(m instanceof Conv2d || m instanceof ConvTranspose2d)) continue;
    for (const v of m.weight.data() as Float32Array) { sum += v; sq += v * v; n++; }
    if (m.bias) assert.ok((m.bias.data() as Float32Array).every((v) => v === 0), 'conv biases are 0');
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(sq / n - mean * mean), n };
}

test("'normal' init gives conv weights N(0, 0.02), BN weights N(1, 0.02), zero biases", () => {
  const net = initWeights(buildGenerator(generatorSpec({ netG: 'unet_128', ngf: 16 })), { seed: 1 });
  const s = convStats(net);
  assert.ok(s.n > 500_000);
  assert.ok(Math.abs(s.mean) < 1e-3, `mean ${s.mean}`);
  assert.ok(Math.abs(s.std - 0.02) < 5e-4, `std ${s.std}`);
  let bnSum = 0, bnN = 0;
  for (const [, m] of net.modules()) {
    if (!(m instanceof BatchNorm2d)) continue;
    for (const v of m.weight!.data() as Float32Array) { bnSum += v; bnN++; assert.ok(Math.abs(v - 1) < 0.15); }
    assert.ok((m.bias!.data() as Float32Array).every((v) => v === 0));
  }
  assert.ok(Math.abs(bnSum / bnN - 1) < 0.01);
  net.dispose();
});

test('xavier, kaiming and orthogonal init follow their formulas; the same seed gives the same weights', () => {
  const conv = () => new Conv2d(64, 128, 3);
  const std = (c: Conv2d) => tidy(() => c.weight.var([0, 1, 2, 3]).sqrt().item());
  const x = initWeights(conv(), { type: 'xavier', gain: 1 });
  assert.ok(Math.abs(std(x) - Math.sqrt(2 / (64 * 9 + 128 * 9))) < 1e-3);
  const k = initWeights(conv(), { type: 'kaiming' });
  assert.ok(Math.abs(std(k) - Math.sqrt(2 / (64 * 9))) < 2e-3);
  // Orthogonal: the 128 rows of the flattened weight are orthonormal (times gain²).
  const o = initWeights(conv(), { type: 'orthogonal', gain: 2 });
  tidy(() => {
    const w = o.weight.reshape(128, 64 * 9);
    const gram = w.matmul(w.permute(1, 0));
    const eye = call('aten::eye', [128]).mul(4);
    assert.ok(maxAbsDiff(gram, eye) < 1e-4);
  });
  const a = initWeights(conv(), { seed: 7 }), b = initWeights(conv(), { seed: 7 });
  assert.equal(maxAbsDiff(a.weight, b.weight), 0);
  for (const m of [x, k, o, a, b]) m.dispose();
  assert.throws(() => initWeights(conv(), { type: 'bogus' as never }), /unknown init 'bogus'/);
});

test('registry: names, padding multiples and clear errors', () => {
  assert.equal(requiredMultiple(generatorSpec({ netG: 'unet_256' })), 256);
  assert.equal(requiredMultiple(generatorSpec({ netG: 'unet_128' })), 128);
  assert.equal(requiredMultiple(generatorSpec({ netG: 'resnet_9blocks' })), 4);
  assert.throws(() => generatorSpec({ netG: 'unet_100' }), /unknown netG 'unet_100'/);
  assert.throws(() => generatorSpec({ netG: 'resnet_6blocks', norm: 'group' as never }), /unknown norm 'group'/);
  assert.throws(() => discriminatorSpec({ netD: 'huge' }), /unknown netD 'huge'/);
  const d = buildDiscriminator(discriminatorSpec({ netD: 'n_layers', nLayers: 5, ndf: 4 }));
  // n_layers 5: the first conv, 4 stride-2 convs, 1 stride-1 conv, the output conv; a BN after 5 of them.
  assert.equal([...d.stateDict().keys()].filter((k) => k.endsWith('weight')).length, 7 + 5);
  d.dispose();
});

test('saveModel / loadModel rebuild the network from metadata alone and give the same output', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-ckpt-'));
  const spec = generatorSpec({ netG: 'resnet_6blocks', ngf: 4, norm: 'instance' });
  const net = initWeights(buildGenerator(spec), { seed: 3 }).eval();
  const file = path.join(dir, 'g.safetensors');
  saveModel(file, net, spec, { epoch: '7' });
  const loaded = loadGenerator(file);
  assert.deepEqual(loaded.spec, spec);
  assert.equal(loaded.metadata.epoch, '7');
  loaded.net.eval();
  noGrad(() => tidy(() => {
    const x = randn([1, 3, 16, 16]);
    assert.equal(maxAbsDiff(net.forward(x), loaded.net.forward(x)), 0);
  }));
  const dspec = discriminatorSpec({ netD: 'pixel', ndf: 4 });
  const d = buildDiscriminator(dspec);
  const dfile = path.join(dir, 'd.safetensors');
  saveModel(dfile, d, dspec);
  assert.throws(() => loadGenerator(dfile), /holds a discriminator \(pixel\), not a generator/);
  const plain = path.join(dir, 'plain.safetensors');
  saveSafetensors(plain, net.stateDict());
  assert.throws(() => loadModel(plain), /plain\.safetensors: no 'tessera.arch' metadata/);
  saveModel(plain, d, spec as never);
  assert.throws(() => loadModel(plain), /plain\.safetensors: keys do not match the model/);
  for (const m of [net, loaded.net, d]) m.dispose();
  fs.rmSync(dir, { recursive: true });
});
