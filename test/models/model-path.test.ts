// --model's one resolver: a weights file, a checkpoint folder or a run folder, each to the network file a
// command wants; ambiguous or empty folders are refused naming what they hold. Translator.load and
// Restorer.load go through it, so every command that takes --model does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildModel, discriminatorSpec, generatorSpec, saveModel, type ArchSpec } from '../../src/models/index.js';
import { MosaicNet } from '../../src/models/mosaic-net.js';
import { saveMosaicNet } from '../../src/models/mosaic-weights.js';
import { Restorer } from '../../src/restore/restorer.js';
import { resolveModelFile } from '../../src/models/model-path.js';
import { Translator } from '../../src/translate/index.js';

function save(file: string, spec: ArchSpec): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const net = buildModel(spec);
  saveModel(file, net, spec);
  net.dispose();
  return file;
}

const G = generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' });
const D = discriminatorSpec({ netD: 'pixel', ndf: 2 });

test('a file, a checkpoint folder and a run folder resolve to the generator file', () => {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-model-path-'));
  try {
    const latest = path.join(run, 'checkpoints', 'latest');
    const g = save(path.join(latest, 'net_G.safetensors'), G);
    save(path.join(latest, 'net_D.safetensors'), D);
    fs.writeFileSync(path.join(latest, 'train_state.json'), '{}');
    assert.equal(resolveModelFile(g), g);
    assert.equal(resolveModelFile(latest), g);
    assert.equal(resolveModelFile(run), g);
    assert.equal(resolveModelFile(run, 'any'), g, 'export also takes the generator of a GAN run');
    // the library loaders use it: a run folder loads like its generator file
    const t = Translator.load(run);
    assert.equal(t.spec.netG, 'resnet_1blocks');
    t.dispose();
    // a discriminator named directly is refused by the generator loader, clearly
    assert.throws(() => Translator.load(path.join(latest, 'net_D.safetensors')), /net_D\.safetensors: holds a discriminator \(pixel\), not a generator/);
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
});

test("CycleGAN's two generators, a detector run, an empty folder and a missing path are refused naming what is there", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-model-path-'));
  try {
    const cyc = path.join(dir, 'cyc', 'checkpoints', 'latest');
    for (const n of ['G_A', 'G_B']) save(path.join(cyc, `net_${n}.safetensors`), G);
    for (const n of ['D_A', 'D_B']) save(path.join(cyc, `net_${n}.safetensors`), D);
    assert.throws(() => resolveModelFile(path.join(dir, 'cyc')), (e: Error) =>
      e.message === `${path.join(dir, 'cyc')}: holds 2 generators (net_G_A.safetensors, net_G_B.safetensors); name one, e.g. --model ${path.join(cyc, 'net_G_A.safetensors')}`);

    const det = path.join(dir, 'det', 'checkpoints', 'latest');
    fs.mkdirSync(det, { recursive: true });
    const net = new MosaicNet({ net: 'mosaic-unet', widths: [2, 2], inputs: 'rgb' });
    saveMosaicNet(path.join(det, 'net_net.safetensors'), net);
    net.dispose();
    assert.equal(resolveModelFile(path.join(dir, 'det'), 'any'), path.join(det, 'net_net.safetensors'));
    assert.throws(() => resolveModelFile(path.join(dir, 'det')), /det: no generator in this checkpoint \(it holds net_net\.safetensors\)/);

    fs.mkdirSync(path.join(dir, 'empty'));
    assert.throws(() => resolveModelFile(path.join(dir, 'empty')), /empty: a folder that is neither a checkpoint \(net_\*\.safetensors\) nor a run folder/);
    assert.throws(() => resolveModelFile(path.join(dir, 'nope')), /nope: no such file or folder/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Restorer.load (restore, demo, eval restore) takes a restorer run folder, and refuses a GAN one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-model-path-'));
  try {
    save(path.join(dir, 'r', 'checkpoints', 'latest', 'net_G.safetensors'), generatorSpec({ netG: 'restorer_cells_1blocks', ngf: 4, inputNc: 7 }));
    const r = Restorer.load(path.join(dir, 'r'));
    assert.equal(r.spec.netG, 'restorer_cells_1blocks');
    r.net.dispose();
    save(path.join(dir, 'p', 'checkpoints', 'latest', 'net_G.safetensors'), G);
    assert.throws(() => Restorer.load(path.join(dir, 'p')), /net_G\.safetensors: holds a resnet_1blocks generator, not a mosaic restorer/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
