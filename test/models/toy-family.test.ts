// docs/overview.md "How to add a network" and "How to add an option", kept true: one descriptor (with an
// option of its own) and one registration line are enough to list, train, load and export a new family.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import type { Tensor } from '../../src/engine/index.js';
import { exportNetwork, maxDifferenceFromEngine } from '../../src/export/index.js';
import { Conv2d, Module, Sequential, Tanh } from '../../src/nn/index.js';
import {
  generatorSpec, knownNames, loadGenerator, registerNetwork, requiredMultiple, unregisterNetwork, UNET,
  type GeneratorSpec, type NetworkDescriptor,
} from '../../src/models/index.js';
import { planTraining, runTraining } from '../../src/train/index.js';
import { registerTrain } from '../../src/cli/commands/train.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';

class ToyGenerator extends Module {
  readonly body: Sequential;
  constructor(inputNc: number, outputNc: number, width: number, readonly depth: number) {
    super();
    const layers: Module[] = [new Conv2d(inputNc, width, 3, { padding: 1 })];
    for (let i = 1; i < depth; i++) layers.push(new Conv2d(width, width, 3, { padding: 1 }));
    this.body = this.child('body', new Sequential(...layers, new Conv2d(width, outputNc, 1), new Tanh()));
  }
  forward(x: Tensor): Tensor { return this.body.forward(x); }
}

// the new file's whole content: name pattern, build, side multiple, role, ONNX form, its option schema
const TOY: NetworkDescriptor<{ depth: number }, GeneratorSpec> = {
  family: 'toy', module: ToyGenerator, role: 'generator', pattern: 'toy_<depth>', names: ['toy_2'],
  parse: (name) => (/^toy_([1-9])$/.test(name) ? { depth: Number(name.slice(4)) } : null),
  build: (p, s) => new ToyGenerator(s.inputNc, s.outputNc, s.options!.toyWidth as number, p.depth),
  sideMultiple: () => 2,
  onnx: [[ToyGenerator, (m: ToyGenerator, x, ctx) => ctx.emit(m.body, x)]],
  options: [{ key: 'toyWidth', flag: '--toy-width <n>', type: 'int', min: 1, default: 4, help: 'toy: filters of each layer' }],
};

test('a toy family is listed, trained with its own option, loaded without flags and exported after one registration line', async (t) => {
  registerNetwork(TOY);
  t.after(() => unregisterNetwork('toy'));
  // listed: the registry's names, its errors, the train command's help
  assert.match(knownNames(['generator']), /toy_2, .*toy_<depth>/);
  assert.throws(() => generatorSpec({ netG: 'toy_0' }), /unknown netG 'toy_0' \(expected .*toy_<depth>/);
  const help = (() => { const p = new Command(); registerTrain(p); return p.commands[0]!.helpInformation().replace(/\s+/g, ' '); })();
  assert.match(help, /--netG <name> generator: .*toy_2/);
  assert.match(help, /--toy-width <n> toy: filters of each layer \(default: 4\)/);
  assert.equal(requiredMultiple(generatorSpec({ netG: 'toy_3' })), 2);
  assert.deepEqual(generatorSpec({ netG: 'toy_3' }).options, { toyWidth: 4 }); // the family's default, recorded
  assert.throws(() => generatorSpec({ netG: 'unet_256', options: { toyWidth: 2 } }), /unet_256 has no option 'toyWidth'/);

  // trained: the option given by its key reaches the build and the checkpoint's metadata
  const dir = tempDir('tessera-toy-');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  await makeAlignedDataset(path.join(dir, 'data', 'train'), 2, 32, 32);
  const plan = planTraining('pix2pix', path.join(dir, 'data'), {
    netG: 'toy_2', toyWidth: 3, ndf: 4, loadSize: 32, cropSize: 32, iters: 2, sampleEvery: 0, saveEvery: 0, workers: 1,
  });
  assert.throws(() => planTraining('pix2pix', path.join(dir, 'data'), { netG: 'unet_256', toyWidth: 3 }), /option 'toyWidth' belongs to neither --netG unet_256 nor --netD basic/);
  const r = await runTraining({ ...plan, outDir: path.join(dir, 'run') });
  assert.equal(r.iteration, 2);
  const { net, spec } = loadGenerator(path.join(dir, 'run', 'checkpoints', 'latest', 'net_G.safetensors'));
  t.after(() => net.dispose());
  assert.ok(net instanceof ToyGenerator && net.depth === 2);
  assert.deepEqual(spec.options, { toyWidth: 3 });
  assert.deepEqual((net.body.stateDict().get('0.weight') as Tensor).shape, [3, 3, 3, 3]);

  // exported: its ONNX form comes from the descriptor, and onnxruntime agrees with the engine
  net.eval();
  const bytes = exportNetwork(net, { inputChannels: 3, height: 8, width: 8 });
  assert.ok((await maxDifferenceFromEngine(net, bytes, [1, 3, 8, 8])) <= 1e-4);
});

test('the registry refuses a taken family name, a name another family builds, and a listed name its family does not parse', () => {
  assert.throws(() => registerNetwork(UNET), /network family 'unet' is already registered/);
  assert.throws(() => registerNetwork({ ...TOY, family: 'unet_again', names: ['unet_256'], parse: (n: string) => (n === 'unet_256' ? { depth: 2 } : null) }),
    /network family 'unet_again': 'unet_256' is already a unet network/);
  assert.throws(() => registerNetwork({ ...TOY, names: ['toy_0'] }), /network family 'toy' lists 'toy_0', which it does not parse/);
  assert.throws(() => generatorSpec({ netG: 'toy_2' }), /unknown netG 'toy_2'/); // none of them stayed registered
});
