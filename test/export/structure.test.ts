// The writer's bytes, checked without onnxruntime: the protobuf encoder against hand-worked encodings
// (the protobuf encoding guide's examples), and whole exported models decoded by protobufjs against the
// ONNX message definitions (onnx-subset.proto) and checked field by field, as onnx.checker would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { manualSeed } from '../../src/engine/index.js';
import { exportNetwork, irVersionFor, ProtoWriter } from '../../src/export/index.js';
import { buildModel, generatorSpec } from '../../src/models/index.js';

const PROTO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../test/export/onnx-subset.proto');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('varints, strings, floats, negative and large integers encode as the protobuf guide works them out', () => {
  assert.equal(hex(new ProtoWriter().varint(1, 150).finish()), '089601');
  assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
  assert.equal(hex(new ProtoWriter().varint(1, -1).finish()), '08ffffffffffffffffff01'); // int64 −1: ten bytes
  assert.equal(hex(new ProtoWriter().varint(1, 2 ** 40).finish()), '08' + '8080808080' + '20');
  assert.equal(hex(new ProtoWriter().float(3, 1.5).finish()), '1d0000c03f'); // fixed32 little-endian
  // an embedded message: tag, length, then its bytes (the guide's "Test3" with a = 150 at field 3)
  assert.equal(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish()), '1a03089601');
  assert.throws(() => new ProtoWriter().varint(0, 1), /bad field number/);
  assert.throws(() => new ProtoWriter().varint(1, 2 ** 60), /not a safe integer/);
});

test('random messages read back through protobufjs with every value intact', () => {
  const root = protobuf.parse('syntax = "proto2"; message M { repeated int64 a = 1; repeated string s = 2; repeated float f = 3; repeated M child = 4; }').root;
  const M = root.lookupType('M');
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 20; round++) {
    const a = Array.from({ length: 5 }, () => Math.floor((rnd() - 0.3) * 2 ** (1 + Math.floor(rnd() * 50))));
    const s = Array.from({ length: 3 }, () => 'ü'.repeat(Math.floor(rnd() * 200)));
    const f = Array.from({ length: 4 }, () => Math.fround((rnd() - 0.5) * 1e6));
    const w = new ProtoWriter();
    a.forEach((v) => w.varint(1, v)); s.forEach((v) => w.string(2, v)); f.forEach((v) => w.float(3, v));
    w.message(4, new ProtoWriter().varint(1, 7).string(2, 'inner'));
    const back = M.toObject(M.decode(w.finish()), { longs: Number }) as { a: number[]; s: string[]; f: number[]; child: { a: number[]; s: string[] }[] };
    assert.deepEqual(back.a, a);
    assert.deepEqual(back.s, s);
    assert.deepEqual(back.f, f);
    assert.deepEqual(back.child, [{ a: [7], s: ['inner'] }]);
  }
});

interface Decoded {
  ir_version: number; opset_import: { domain?: string; version: number }[]; producer_name: string;
  graph: {
    name: string;
    node: { input: string[]; output: string[]; name: string; op_type: string; attribute: { name: string; type: number; i?: number; f?: number; s?: Uint8Array; ints: number[] }[] }[];
    initializer: { name: string; dims: number[]; data_type: number; raw_data: Uint8Array }[];
    input: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: { dim_value?: number; dim_param?: string }[] } } } }[];
    output: Decoded['graph']['input'];
  };
  metadata_props: { key: string; value: string }[];
}

const decode = (bytes: Uint8Array): Decoded => {
  const ModelProto = protobuf.parse(fs.readFileSync(PROTO, 'utf8'), { keepCase: true }).root.lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, arrays: true, defaults: false }) as Decoded;
};

test('an exported U-Net decodes as a well-formed ModelProto: versions, shapes, weights by key, nodes in order', () => {
  manualSeed(0);
  const net = buildModel(generatorSpec({ netG: 'unet_32', ngf: 2, norm: 'batch', dropout: true })).eval();
  try {
    const m = decode(exportNetwork(net, { inputChannels: 3, height: 32, width: 32, dynamic: true, opset: 15, metadata: { 'tessera.arch': 'x' } }));
    assert.equal(m.ir_version, irVersionFor(15));
    assert.deepEqual(m.opset_import, [{ domain: '', version: 15 }]);
    assert.equal(m.producer_name, 'tessera');
    assert.deepEqual(m.metadata_props, [{ key: 'tessera.arch', value: 'x' }]);
    const dims = (v: Decoded['graph']['input'][0]) => v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value);
    assert.deepEqual(m.graph.input.map((v) => [v.name, v.type.tensor_type.elem_type, dims(v)]), [['input', 1, ['N', 3, 'H', 'W']]]);
    assert.deepEqual(m.graph.output.map((v) => [v.name, dims(v)]), [['output', ['N', 3, 'H', 'W']]]);

    // every float tensor of the state dict is an initializer under its own key, with its shape and bytes
    const inits = new Map(m.graph.initializer.map((t) => [t.name, t]));
    assert.equal(inits.size, m.graph.initializer.length, 'initializer names are unique');
    for (const [k, t] of net.stateDict()) {
      if (t.dtype !== 'float32') continue; // num_batches_tracked: not part of inference
      const init = inits.get(k);
      assert.ok(init, `initializer ${k}`);
      assert.equal(init.data_type, 1);
      assert.deepEqual(init.dims, t.shape, k);
      assert.equal(Buffer.compare(Buffer.from(init.raw_data), Buffer.from(new Uint8Array((t.data() as Float32Array).buffer))), 0, `${k} bytes`);
    }

    // single assignment, and each node reads only values defined before it (graph input, initializer, or
    // an earlier node's output): the graph is topologically sorted, as the ONNX IR requires
    const defined = new Set(['input', ...inits.keys()]);
    for (const n of m.graph.node) {
      for (const i of n.input) if (i !== '') assert.ok(defined.has(i), `${n.name} (${n.op_type}) reads ${i} before it is defined`);
      for (const o of n.output) { assert.ok(!defined.has(o), `${o} assigned twice`); defined.add(o); }
    }
    assert.ok(defined.has('output'));
    const ops = new Set(m.graph.node.map((n) => n.op_type));
    assert.deepEqual([...ops].sort(), ['BatchNormalization', 'Concat', 'Conv', 'ConvTranspose', 'Identity', 'LeakyRelu', 'Relu', 'Tanh']);
    assert.ok(!ops.has('Dropout'), 'eval mode has no dropout');
    // attributes carry their AttributeType: Conv's kernel_shape INTS (7), LeakyRelu's alpha FLOAT (1), Concat's axis INT (2)
    const attr = (op: string, name: string) => m.graph.node.find((n) => n.op_type === op)!.attribute.find((a) => a.name === name)!;
    assert.deepEqual([attr('Conv', 'kernel_shape').type, attr('Conv', 'kernel_shape').ints], [7, [4, 4]]);
    assert.deepEqual([attr('Conv', 'pads').ints, attr('Conv', 'strides').ints], [[1, 1, 1, 1], [2, 2]]);
    assert.deepEqual([attr('LeakyRelu', 'alpha').type, attr('LeakyRelu', 'alpha').f], [1, Math.fround(0.2)]);
    assert.deepEqual([attr('Concat', 'axis').type, attr('Concat', 'axis').i], [2, 1]);
  } finally {
    net.dispose();
  }
});

test('opsets outside 13–21 are refused', () => {
  assert.throws(() => irVersionFor(12), /opset 12 is not supported/);
  assert.throws(() => irVersionFor(22), /opset 22 is not supported/);
  assert.equal(fs.existsSync(PROTO), true);
});
