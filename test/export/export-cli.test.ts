// tessera export: a run folder becomes its generator's .onnx, a discriminator file and the shipped
// detector export too; each file runs in onnxruntime with the engine's output; bad options are one line
// and write nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import { manualSeed, noGrad, randn, tidy } from '../../src/engine/index.js';
import { buildModel, discriminatorSpec, generatorSpec, loadModel, saveModel, type ArchSpec } from '../../src/models/index.js';
import { shippedDetectorFile } from '../../src/models/mosaic-weights.js';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

function save(file: string, spec: ArchSpec): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const net = buildModel(spec);
  saveModel(file, net, spec);
  net.dispose();
}

test('tessera export: a run folder, a discriminator, the shipped detector; dynamic files run at any multiple', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-export-'));
  try {
    manualSeed(9);
    const latest = path.join(dir, 'run', 'checkpoints', 'latest');
    save(path.join(latest, 'net_G.safetensors'), generatorSpec({ netG: 'unet_32', ngf: 4, norm: 'batch', dropout: true }));
    save(path.join(latest, 'net_D.safetensors'), discriminatorSpec({ netD: 'basic', ndf: 4 }));

    const g = tessera('export', path.join(dir, 'run'), '-o', path.join(dir, 'g.onnx'), '--dynamic');
    assert.equal(g.status, 0, g.stderr);
    assert.match(g.stdout, /g\.onnx: generator unet_32, opset 17, input \[N, 3, H, W\], [\d.]+ MiB; max \|onnxruntime − engine\| = [\d.]+e-\d+ at 256×256/);
    // the file on its own, at a size the export never saw, against the checkpoint run by the engine
    const { net } = loadModel(path.join(latest, 'net_G.safetensors'));
    net.eval();
    const x = randn([2, 3, 64, 96]);
    const want = noGrad(() => tidy(() => net.forward(x).data() as Float32Array));
    const s = await ort.InferenceSession.create(path.join(dir, 'g.onnx'));
    const got = (await s.run({ input: new ort.Tensor('float32', x.data() as Float32Array, [2, 3, 64, 96]) })).output!;
    await s.release();
    x.dispose();
    net.dispose();
    assert.deepEqual(got.dims, [2, 3, 64, 96]);
    let d = 0;
    for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs((got.data as Float32Array)[i]! - want[i]!));
    assert.ok(d <= 1e-4, `max abs ${d}`);

    const dd = tessera('export', path.join(latest, 'net_D.safetensors'), '-o', path.join(dir, 'd.onnx'), '--size', '96x64', '--opset', '13');
    assert.equal(dd.status, 0, dd.stderr);
    assert.match(dd.stdout, /discriminator basic, opset 13, input \[1, 6, 64, 96\]/);

    const m = tessera('export', shippedDetectorFile(), '-o', path.join(dir, 'm.onnx'), '--size', '128');
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /mosaic detector mosaic-unet, opset 17, input \[1, 7, 128, 128\]/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tessera export refuses a size off the side multiple, an unknown opset, and writing over its input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-export-bad-'));
  try {
    const g = path.join(dir, 'g.safetensors');
    save(g, generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' }));
    const oneLine = (r: ReturnType<typeof tessera>, re: RegExp) => {
      assert.equal(r.status, 1);
      const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('tessera:') || l.startsWith('error:'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, re);
    };
    oneLine(tessera('export', g, '-o', path.join(dir, 'x.onnx'), '--size', '30'), /--size 30x30: resnet_1blocks needs sides that are multiples of 4/);
    oneLine(tessera('export', g, '-o', path.join(dir, 'x.onnx'), '--opset', '12'), /--opset must be a whole number ≥ 13 and ≤ 21, got "12"/);
    oneLine(tessera('export', g, '-o', g), /g\.safetensors: the output would overwrite the input/);
    oneLine(tessera('export', path.join(dir, 'none.safetensors'), '-o', path.join(dir, 'x.onnx')), /none\.safetensors: no such file or folder/);
    assert.deepEqual(fs.readdirSync(dir), ['g.safetensors']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tessera export: a CoGAN generator takes its noise [N, 100, 1, 1] (--size refused), an SRGAN discriminator gives [N, 1]', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-export-noise-'));
  try {
    manualSeed(4);
    const g = path.join(dir, 'cogan.safetensors'), d = path.join(dir, 'srgan.safetensors');
    save(g, generatorSpec({ netG: 'cogan_16', ngf: 4 }));
    save(d, discriminatorSpec({ netD: 'srgan', ndf: 2, inputNc: 3 }));
    const r = tessera('export', g, '-o', path.join(dir, 'g.onnx'), '--dynamic');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /generator cogan_16, opset 17, input \[N, 100, 1, 1\], .* at 1×1/);
    const s = await ort.InferenceSession.create(path.join(dir, 'g.onnx'));
    const z = new Float32Array(2 * 100).map(() => Math.random() * 2 - 1);
    const got = (await s.run({ input: new ort.Tensor('float32', z, [2, 100, 1, 1]) })).output!;
    await s.release();
    assert.deepEqual(got.dims, [2, 3, 16, 16]);

    const bad = tessera('export', g, '-o', path.join(dir, 'x.onnx'), '--size', '16');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--size: cogan_16 takes noise \[N, 100, 1, 1\], not an image; leave --size out/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.onnx')));

    const dd = tessera('export', d, '-o', path.join(dir, 'd.onnx'), '--size', '96', '--dynamic');
    assert.equal(dd.status, 0, dd.stderr);
    assert.match(dd.stdout, /discriminator srgan, opset 17, input \[N, 3, H, W\]/);
    const sd = await ort.InferenceSession.create(path.join(dir, 'd.onnx'));
    const logits = (await sd.run({ input: new ort.Tensor('float32', new Float32Array(3 * 3 * 40 * 72).fill(0.5), [3, 3, 40, 72]) })).output!;
    await sd.release();
    assert.deepEqual(logits.dims, [3, 1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
