// tessera translate through onnxruntime: the same pixels as the engine in eval mode (within one level of
// 8-bit rounding), batches of one size, a run folder as --model (it failed with EISDIR before), and the
// reference mode refused where it would differ.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readImage, writeRaster, type Raster } from '../../src/image/index.js';
import { buildGenerator, generatorSpec, saveModel } from '../../src/models/index.js';
import { OnnxTranslator, Translator } from '../../src/translate/index.js';
import { manualSeed } from '../../src/engine/index.js';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/cli/main.js');

function ramp(width: number, height: number, seed: number): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++)
    for (let k = 0; k < 3; k++) data[(y * width + x) * 3 + k] = (x * 7 * seed + y * 13 + k * 50) % 256;
  return { data, width, height, channels: 3 };
}

/** Largest difference of two 8-bit images, in levels. */
function maxLevels(a: Raster, b: Raster): number {
  assert.deepEqual([a.width, a.height, a.channels], [b.width, b.height, b.channels]);
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
  return d;
}

test('OnnxTranslator gives the eval-mode engine pixels, for a batch of one size and for mixed sizes', async () => {
  manualSeed(4);
  const spec = generatorSpec({ netG: 'unet_32', ngf: 4, norm: 'batch', dropout: true });
  const net = buildGenerator(spec);
  const engine = new Translator(net, spec, { mode: 'eval' });
  const onnx = await OnnxTranslator.fromNetwork(net, spec, { mode: 'eval' });
  try {
    const images = [ramp(40, 30, 1), ramp(40, 30, 2), ramp(17, 23, 3)];
    const want = engine.translate(images);
    const got = await onnx.translate(images);
    for (let i = 0; i < images.length; i++) assert.ok(maxLevels(got[i]!, want[i]!) <= 1, `image ${i}: ${maxLevels(got[i]!, want[i]!)} levels`);
    // the reference mode (train-mode batch norm, dropout) would differ: refused, naming the fix
    await assert.rejects(OnnxTranslator.fromNetwork(net, spec, {}), /runs unet_32 in eval mode .*; add --eval/);
  } finally {
    onnx.dispose();
    engine.dispose();
  }
});

test('OnnxTranslator crops an SRResNet ×2 output at twice the input size, as the engine does', async () => {
  manualSeed(6);
  const spec = generatorSpec({ netG: 'srresnet_1blocks_x2', ngf: 4, norm: 'instance' });
  const net = buildGenerator(spec);
  const engine = new Translator(net, spec, { mode: 'eval' });
  const onnx = await OnnxTranslator.fromNetwork(net, spec, { mode: 'eval' });
  try {
    const images = [ramp(19, 13, 1)];
    const [want] = engine.translate(images), [got] = await onnx.translate(images);
    assert.deepEqual([got!.width, got!.height], [38, 26]);
    assert.ok(maxLevels(got!, want!) <= 1, `${maxLevels(got!, want!)} levels`);
  } finally {
    onnx.dispose();
    engine.dispose();
  }
});

test('tessera translate --runtime onnx --model RUN (a run folder) writes what --runtime libtorch writes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-translate-onnx-'));
  try {
    manualSeed(5);
    const spec = generatorSpec({ netG: 'resnet_2blocks', ngf: 4, norm: 'instance' });
    const net = buildGenerator(spec);
    const latest = path.join(dir, 'run', 'checkpoints', 'latest');
    fs.mkdirSync(latest, { recursive: true });
    saveModel(path.join(latest, 'net_G.safetensors'), net, spec);
    net.dispose();
    await writeRaster(path.join(dir, 'in', 'a.png'), ramp(30, 18, 1));
    await writeRaster(path.join(dir, 'in', 'b.png'), ramp(21, 26, 2));
    const run = (runtime: string, model: string, out: string) =>
      spawnSync(process.execPath, [CLI, 'translate', '--model', model, path.join(dir, 'in'), '-o', path.join(dir, out), '--runtime', runtime], { encoding: 'utf8' });
    // instance norm, no dropout: reference and eval mode agree, so no --eval is needed
    const o = run('onnx', path.join(dir, 'run'), 'onnx');
    assert.equal(o.status, 0, o.stderr);
    assert.match(o.stdout, /wrote 2 images .*\(onnx; safety checker: classifier/);
    const l = run('libtorch', latest, 'torch'); // the checkpoint folder, as in the issue
    assert.equal(l.status, 0, l.stderr);
    for (const f of ['a.png', 'b.png'])
      assert.ok(maxLevels(await readImage(path.join(dir, 'onnx', f)), await readImage(path.join(dir, 'torch', f))) <= 1, f);
    const bad = run('tensorflow', latest, 'x');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--runtime must be one of libtorch, onnx, got 'tensorflow'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
