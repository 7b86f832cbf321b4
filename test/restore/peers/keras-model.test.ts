import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tensor, tidy } from '../../../src/engine/index.js';
import { KerasGraph, KerasModelError, readKerasModel } from '../../../src/restore/peers/keras-model.js';
import { Mulberry32 } from '../../../src/util/rng.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-keras-'));
const rng = new Mulberry32(3);
const rand = (n: number) => Float32Array.from({ length: n }, () => rng.random() * 2 - 1);

type Layer = { class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: unknown[] };
const layer = (class_name: string, name: string, inputs: string[], config: Record<string, unknown> = {}): Layer =>
  ({ class_name, name, config: { name, ...config }, inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [] });

/**
 * in (2 channels) → conv: Conv2D 2×2 'same' + relu (1 filter) → cat: Concatenate(in, conv) → sum: Add(cat, cat)
 * → out: Activation linear. A 2×2 kernel pads only at the bottom and right in TensorFlow.
 */
function writeModel(name: string, o: { layers?: Layer[]; paths?: string[]; weights?: object[]; bytes?: Uint8Array } = {}) {
  const kernel = rand(2 * 2 * 2), bias = rand(1);
  const layers = o.layers ?? [
    layer('InputLayer', 'in', [], { batch_input_shape: [null, null, null, 2] }),
    layer('Conv2D', 'conv', ['in'], { filters: 1, kernel_size: [2, 2], strides: [1, 1], padding: 'same', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true }),
    layer('Concatenate', 'cat', ['in', 'conv'], { axis: -1 }),
    layer('Add', 'sum', ['cat', 'cat']),
    layer('Activation', 'out', ['sum'], { activation: 'linear' }),
  ];
  const folder = fs.mkdtempSync(path.join(dir, `${name}-`));
  const bytes = o.bytes ?? new Uint8Array(Buffer.concat([Buffer.from(kernel.buffer), Buffer.from(bias.buffer)]));
  fs.writeFileSync(path.join(folder, 'shard1.bin'), bytes);
  const weights = o.weights ?? [{ name: 'conv/kernel', shape: [2, 2, 2, 1], dtype: 'float32' }, { name: 'conv/bias', shape: [1], dtype: 'float32' }];
  const json = {
    format: 'layers-model',
    modelTopology: { model_config: { class_name: 'Functional', config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: [['out', 0, 0]] } } },
    weightsManifest: [{ paths: o.paths ?? ['shard1.bin'], weights }],
  };
  const file = path.join(folder, 'model.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return { file, kernel, bias };
}

test('KerasGraph runs Conv2D (same padding, relu), Concatenate, Add and Activation as Keras defines them (NHWC by hand)', () => {
  const { file, kernel, bias } = writeModel('ok');
  const H = 3, W = 4, C = 2;
  const x = rand(H * W * C); // NHWC
  const at = (y: number, xx: number, c: number) => (y < H && xx < W ? x[(y * W + xx) * C + c]! : 0);
  const expected = new Float32Array(3 * H * W); // NCHW
  for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) {
    let s = bias[0]!;
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) for (let c = 0; c < C; c++) s += kernel[((dy * 2 + dx) * C + c)]! * at(y + dy, xx + dx, c);
    for (let c = 0; c < C; c++) expected[c * H * W + y * W + xx] = 2 * at(y, xx, c);
    expected[2 * H * W + y * W + xx] = 2 * Math.max(0, s);
  }
  const net = new KerasGraph(readKerasModel(file));
  try {
    assert.deepEqual([...net.stateDict().keys()], ['conv.weight', 'conv.bias']);
    const nchw = new Float32Array(C * H * W);
    for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) nchw[c * H * W + p] = x[p * C + c]!;
    const y = tidy(() => net.forward(tensor(nchw, [1, C, H, W])).data() as Float32Array);
    assert.equal(y.length, expected.length);
    for (let i = 0; i < y.length; i++) assert.ok(Math.abs(y[i]! - expected[i]!) < 1e-5, `value ${i}: ${y[i]} vs ${expected[i]}`);
  } finally {
    net.dispose();
  }
});

test('readKerasModel and KerasGraph refuse what they cannot take, naming the file', () => {
  const base = () => [
    layer('InputLayer', 'in', []),
    layer('Conv2D', 'conv', ['in'], { kernel_size: [2, 2], strides: [1, 1], padding: 'same', dilation_rate: [1, 1], activation: 'linear' }),
    layer('Activation', 'out', ['conv'], { activation: 'relu' }),
  ];
  const read = (m: ReturnType<typeof writeModel>) => readKerasModel(m.file);
  const cases: [() => unknown, RegExp][] = [
    [() => read(writeModel('escape', { paths: ['../shard1.bin'] })), /not a file name beside model\.json/],
    [() => read(writeModel('missing', { paths: ['nope.bin'] })), /weight shard nope\.bin: cannot read/],
    [() => read(writeModel('short', { bytes: new Uint8Array(8) })), /runs past the end of its shards/],
    [() => read(writeModel('long', { bytes: new Uint8Array(64) })), /the shards hold 64 bytes, the weights 36/],
    [() => read(writeModel('quant', { weights: [{ name: 'conv/kernel', shape: [2, 2, 2, 1], dtype: 'float32', quantization: { dtype: 'uint8' } }] })), /only unquantized float32/],
    [() => read(writeModel('cycle', { layers: [layer('Add', 'out', ['a']), layer('Add', 'a', ['out'])] })), /cycle/],
    [() => read(writeModel('undefined', { layers: [layer('Add', 'out', ['ghost'])] })), /layer ghost is read but not defined/],
    [() => new KerasGraph(read(writeModel('custom', { layers: [...base().slice(0, 2), layer('Swish', 'out', ['conv'])] }))), /layer out \(Swish\): layer class Swish is not supported/],
    [() => new KerasGraph(read(writeModel('stride', { layers: base().map((l) => (l.name === 'conv' ? { ...l, config: { ...l.config, strides: [2, 2] } } : l)) }))), /only stride 1/],
    [() => new KerasGraph(read(writeModel('axis', { layers: [...base().slice(0, 2), layer('Concatenate', 'out', ['in', 'conv'], { axis: 1 })] }))), /only concatenation on the channel axis/],
    [() => new KerasGraph(read(writeModel('unused', { layers: [layer('InputLayer', 'in', []), layer('Activation', 'out', ['in'], { activation: 'relu' })] }))), /weights no layer reads: conv\/kernel/],
  ];
  for (const [f, re] of cases) {
    assert.throws(f, (e: Error) => re.test(e.message) && e.message.includes('model.json') && !e.message.includes('\n'), String(re));
  }
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"format": "layers-model", "format": 1}');
  assert.throws(() => readKerasModel(path.join(dir, 'bad.json')), (e: Error) => e instanceof KerasModelError && /bad\.json: .*duplicate/i.test(e.message));
});
