// .pth import: files written by torch.save (zip, deflated zip, legacy) give PyTorch's outputs; the
// architecture is inferred from keys; malicious globals are refused and never run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { noGrad, tidy } from '../../src/engine/index.js';
import { unpickle } from '../../src/io/pickle.js';
import { readPth } from '../../src/io/pth.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { generatorSpec, importPth, inferArchSpec, loadGenerator, type ArchSpec } from '../../src/models/index.js';
import { FIXTURES, maxAbsDiff } from './helpers.js';

const fixture = (f: string) => path.join(FIXTURES, f);
const CLI = path.resolve(FIXTURES, '../../../dist/src/cli/main.js');

function expectPyTorchOutput(pth: string, expected: string): ArchSpec {
  const { net, spec } = importPth(fixture(pth));
  const { tensors } = loadSafetensors(fixture(expected));
  net.eval();
  noGrad(() => tidy(() => {
    const d = maxAbsDiff(net.forward(tensors.get('input')!), tensors.get('out_eval')!);
    assert.ok(d < 1e-4, `${pth}: output differs from PyTorch by ${d}`);
  }));
  for (const t of tensors.values()) t.dispose();
  net.dispose();
  return spec;
}

test('a U-Net .pth from torch.save (zip, deflated zip, legacy format) imports and matches PyTorch', () => {
  const want = generatorSpec({ netG: 'unet_32', ngf: 2, norm: 'batch', dropout: true });
  for (const f of ['unet_32_batch.pth', 'unet_32_batch.deflated.pth', 'unet_32_batch.legacy.pth'])
    assert.deepEqual(expectPyTorchOutput(f, 'unet_32_batch.expected.safetensors'), want, f);
});

test('a ResNet .pth imports with its block count, norm and channels inferred, and matches PyTorch', () => {
  assert.deepEqual(expectPyTorchOutput('resnet_3blocks_instance.pth', 'resnet_3blocks_instance.expected.safetensors'),
    generatorSpec({ netG: 'resnet_3blocks', ngf: 2, norm: 'instance', dropout: false }));
});

test("a state dict nested under 'state_dict' with DataParallel 'module.' keys, and one with old instance-norm stats, import", () => {
  assert.deepEqual(expectPyTorchOutput('pixel_wrapped.pth', 'pixel_wrapped.expected.safetensors'),
    { netD: 'pixel', inputNc: 6, ndf: 4, norm: 'batch', nLayers: 3 });
  assert.deepEqual(expectPyTorchOutput('resnet_1blocks_oldstats.pth', 'resnet_1blocks_oldstats.expected.safetensors'),
    generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance', dropout: false }));
});

test('the architecture is inferred from the keys of every reference network', () => {
  const all = JSON.parse(fs.readFileSync(fixture('keys.json'), 'utf8')) as Record<string, { spec: ArchSpec; keys: [string, number[]][] }>;
  for (const [name, { spec, keys }] of Object.entries(all)) {
    const inferred = inferArchSpec(new Map(keys), { dropout: (spec as { dropout?: boolean }).dropout });
    assert.deepEqual(inferred, spec, name);
  }
  assert.equal(inferArchSpec(new Map([['foo.weight', [1]]])), null);
});

test('a .pth with a malicious global is refused and its command never runs', () => {
  const marker = '/tmp/tessera-pth-evil-marker';
  fs.rmSync(marker, { force: true });
  assert.throws(() => readPth(fixture('evil.pth')), /evil\.pth: refused global 'posix\.system'.*nothing was executed/);
  assert.throws(() => importPth(fixture('evil.pth')), /refused global 'posix\.system'/);
  assert.equal(fs.existsSync(marker), false);
});

test('files that are not PyTorch checkpoints fail with one clear line naming the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-badpth-'));
  const text = path.join(dir, 'notes.pth');
  fs.writeFileSync(text, 'hello');
  assert.throws(() => readPth(text), /notes\.pth: neither a zip PyTorch checkpoint nor a legacy one/);
  const cut = path.join(dir, 'cut.pth');
  const whole = fs.readFileSync(fixture('unet_32_batch.pth'));
  fs.writeFileSync(cut, whole.subarray(0, whole.length - 100));
  assert.throws(() => readPth(cut), /cut\.pth: not a readable zip archive/);
  assert.throws(() => readPth(path.join(dir, 'missing.pth')), /missing\.pth: cannot read \(ENOENT\)/);
  fs.rmSync(dir, { recursive: true });
});

test('the unpickler refuses other globals and object-building opcodes', () => {
  const hooks = { findGlobal: () => undefined, call: () => assert.fail('never called') };
  // builtins.eval('1+1') with GLOBAL + REDUCE (protocol 2)
  const evalPickle = Buffer.from('\x80\x02cbuiltins\neval\nX\x03\x00\x00\x001+1\x85R.', 'latin1');
  assert.throws(() => unpickle(evalPickle, hooks, 'x.pkl'), /x\.pkl: refused global 'builtins\.eval'/);
  // the same through STACK_GLOBAL (protocol 4)
  const stackGlobal = Buffer.from('\x80\x04\x8c\x02os\x8c\x06system\x93.', 'latin1');
  assert.throws(() => unpickle(stackGlobal, hooks), /refused global 'os\.system'/);
  // INST names a class inline: refused as an unsupported opcode
  assert.throws(() => unpickle(Buffer.from('(ios\nsystem\n.', 'latin1'), hooks), /unsupported pickle opcode 0x69/);
  // plain data passes
  const ok = unpickle(Buffer.from('\x80\x02}q\x00(X\x01\x00\x00\x00aK\x07X\x01\x00\x00\x00b]q\x01(\x88G?\xf8\x00\x00\x00\x00\x00\x00eu.', 'latin1'), hooks);
  assert.deepEqual(ok.value, new Map<unknown, unknown>([['a', 7], ['b', [true, 1.5]]]));
});

test('tessera import writes a checkpoint that loads without flags; bad files fail with one line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-import-'));
  const out = path.join(dir, 'g.safetensors');
  const r = spawnSync(process.execPath, [CLI, 'import', fixture('resnet_3blocks_instance.pth'), '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /resnet_3blocks/);
  const g = loadGenerator(out);
  assert.equal(g.spec.netG, 'resnet_3blocks');
  g.net.dispose();
  const bad = spawnSync(process.execPath, [CLI, 'import', fixture('evil.pth'), '-o', path.join(dir, 'e.safetensors')], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /^tessera: .*evil\.pth: refused global 'posix\.system'/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.equal(fs.existsSync(path.join(dir, 'e.safetensors')), false);
  const wrong = spawnSync(process.execPath, [CLI, 'import', fixture('resnet_3blocks_instance.pth'), '-o', path.join(dir, 'w.safetensors'), '--netG', 'unet_32'], { encoding: 'utf8' });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /keys do not match the model/);
  fs.rmSync(dir, { recursive: true });
});
