// Converts the two TF.js graph models tessera used to run on TF.js into safetensors for its own engine,
// once: BlazeFace from @vladmandic/human (models/blazeface.json + .bin) → assets/blazeface.safetensors,
// nsfwjs' MobileNetV2 (width 1.4) classifier (dist/esm/models/mobilenet_v2_mid) →
// assets/nsfw-mobilenet-v2.safetensors. Run after `npx tsc` with the packages installed:
//   node scripts/convert-tfjs-models.mjs [OUT_DIR]   (default assets/)
// Each graph weight is matched to one module parameter by the graph's structure, its shape checked and
// its layout changed (TF HWIO → torch OIHW, depthwise HW C 1 → C 1 H W, dense in×out → out×in); a weight
// left over or a parameter left unset fails the conversion and nothing is written. nsfwjs stores its
// weights as uint8 (w = q · scale + min per tensor): they are kept that way, with each tensor's min and
// scale in the metadata, so loading reproduces TF.js's float32 weights bit for bit at a quarter the size.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { tensor } from '../dist/src/engine/index.js';
import { saveSafetensors } from '../dist/src/io/safetensors.js';
import { BlazeFace, blazeBlockPlan } from '../dist/src/models/blazeface.js';
import { MobileNetV2 } from '../dist/src/models/mobilenet-v2.js';

const require = createRequire(import.meta.url);
const outDir = process.argv[2] ?? 'assets';
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const fail = (why) => { console.error(`convert-tfjs-models: ${why}`); process.exit(1); };

function packageDir(name) {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) fail(`cannot find package ${name}`);
    dir = up;
  }
  return { dir, version: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version };
}

/** Raw weight bytes per name (still quantized where the manifest says so) and the manifest entries. */
function splitWeights(manifest, data) {
  const specs = manifest.flatMap((g) => g.weights);
  const out = new Map();
  let offset = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const bytes = n * (s.quantization ? { uint8: 1, uint16: 2, float16: 2 }[s.quantization.dtype] : 4);
    out.set(s.name, { spec: s, bytes: data.subarray(offset, offset + bytes) });
    offset += bytes;
  }
  if (offset !== data.length) fail(`weights manifest covers ${offset} bytes, the shards hold ${data.length}`);
  return out;
}

/** TF layout → torch layout: the permutation and the resulting shape. */
const LAYOUTS = {
  conv: { perm: [3, 2, 0, 1] },       // [kh, kw, in, out] → [out, in, kh, kw]
  depthwise: { perm: [2, 3, 0, 1] },  // [kh, kw, C, 1] → [C, 1, kh, kw]
  dense: { perm: [1, 0] },            // [in, out] → [out, in]
  vector: { perm: [0] },
};

function permute(values, shape, perm) {
  const out = new values.constructor(values.length);
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < perm.length; d++) src += idx[d] * strides[perm[d]];
    out[o] = values[src];
    for (let d = outShape.length - 1; d >= 0; d--) { if (++idx[d] < outShape[d]) break; idx[d] = 0; }
  }
  return { values: out, shape: outShape };
}

/**
 * Fills `params` (state-dict key → expected torch shape) from graph weights by the plan
 * [key, graph weight name, layout]; returns tensors (float32, or uint8 + quantization) and checks coverage.
 */
function convert(params, plan, weights, { keepQuantized }) {
  const tensors = new Map(), quantization = {}, used = new Set();
  for (const [key, name, layout] of plan) {
    const w = weights.get(name);
    if (!w) fail(`graph weight ${name} (for ${key}) not found`);
    if (used.has(name)) fail(`graph weight ${name} used twice`);
    used.add(name);
    const q = w.spec.quantization;
    let values;
    if (q && keepQuantized && q.dtype === 'uint8') values = Uint8Array.from(w.bytes);
    else if (!q && w.spec.dtype === 'float32') values = new Float32Array(w.bytes.buffer.slice(w.bytes.byteOffset, w.bytes.byteOffset + w.bytes.byteLength));
    else fail(`${name}: unsupported storage ${JSON.stringify(q ?? w.spec.dtype)}`);
    const p = permute(values, w.spec.shape, LAYOUTS[layout].perm);
    const want = params.get(key);
    if (!want) fail(`${key} is not a parameter of the network`);
    if (want.join() !== p.shape.join()) fail(`${key}: graph weight ${name} is [${p.shape}] after ${layout} layout, the network wants [${want}]`);
    tensors.set(key, tensor(p.values, p.shape, { dtype: values instanceof Uint8Array ? 'uint8' : 'float32' }));
    if (values instanceof Uint8Array) quantization[key] = [q.min, q.scale];
  }
  for (const key of params.keys()) if (!tensors.has(key)) fail(`${key}: no graph weight maps to it`);
  return { tensors, quantization, used };
}

const nodeName = (n) => n.replace(/^StatefulPartitionedCall\/functional_1\//, '').split(':')[0];
const decode = (b64) => Buffer.from(b64, 'base64').toString();

function blazeface() {
  const { dir, version } = packageDir('@vladmandic/human');
  const jsonFile = path.join(dir, 'models', 'blazeface.json');
  const json = fs.readFileSync(jsonFile);
  const model = JSON.parse(json);
  const shards = model.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(dir, 'models', p)));
  const data = Buffer.concat(shards);
  const weights = splitWeights(model.weightsManifest, new Uint8Array(data));
  const nodes = model.modelTopology.node.filter((n) => n.op !== 'Const');
  const byName = new Map(nodes.map((n) => [nodeName(n.name), n]));
  const outChannels = (n) => weights.get(n.input[1]).spec.shape[3];
  const stride = (n) => Number(n.attr.strides.list.i[1]);
  const plan = [];
  const net = new BlazeFace();
  const blocks = blazeBlockPlan();
  // stem: the one convolution reading the input
  const stem = nodes.find((n) => n.op === '_FusedConv2D' && nodeName(n.input[0]) === 'input');
  plan.push(['stem.weight', stem.input[1], 'conv'], ['stem.bias', stem.input[2], 'vector']);
  // depthwise_conv2d_i feeds block i's pointwise convolution; the 32nd is the 16×16 → 8×8 step
  for (let i = 0; i <= blocks.length; i++) {
    const dw = byName.get(`depthwise_conv2d${i ? `_${i}` : ''}/depthwise`);
    if (!dw) fail(`graph has no depthwise_conv2d_${i}`);
    const prefix = i < blocks.length ? `blocks.${i}` : 'down';
    const wantStride = i < blocks.length ? blocks[i][2] : 2;
    if (stride(dw) !== wantStride || decode(dw.attr.padding.s) !== 'SAME') fail(`${prefix}: graph's depthwise has stride ${stride(dw)}, padding ${decode(dw.attr.padding.s)}`);
    const pw = nodes.find((n) => n.op === '_FusedConv2D' && nodeName(n.input[0]) === nodeName(dw.name));
    plan.push([`${prefix}.depthwise.weight`, dw.input[1], 'depthwise'], [`${prefix}.pointwise.weight`, pw.input[1], 'conv'], [`${prefix}.pointwise.bias`, pw.input[2], 'vector']);
  }
  // heads: 1×1 convolutions on the last block's output (16×16) and on the down step's (8×8), told apart by width
  const lastBlock = 're_lu_30/Relu', downOut = 're_lu_31/Relu';
  const heads = { [`${lastBlock}:2`]: 'classifier16', [`${lastBlock}:32`]: 'regressor16', [`${downOut}:6`]: 'classifier8', [`${downOut}:96`]: 'regressor8' };
  for (const n of nodes.filter((n) => n.op === '_FusedConv2D')) {
    const key = heads[`${nodeName(n.input[0])}:${outChannels(n)}`];
    if (key && n.input.length === 3) plan.push([`${key}.weight`, n.input[1], 'conv'], [`${key}.bias`, n.input[2], 'vector']);
  }
  const params = new Map(net.namedParameters().map(([k, t]) => [k, t.shape]));
  const { tensors, used } = convert(params, plan, weights, { keepQuantized: false });
  const leftover = [...weights.keys()].filter((k) => !used.has(k) && weights.get(k).spec.dtype === 'float32');
  if (leftover.length) fail(`blazeface: graph weights not used: ${leftover.join(', ')}`);
  net.dispose();
  return {
    file: 'blazeface.safetensors', tensors, metadata: {
      'tessera.network': 'blazeface-back-256',
      'tessera.source': `@vladmandic/human@${version} models/blazeface.json (sha256 ${sha256(json)}) + blazeface.bin (sha256 ${sha256(data)})`,
      'tessera.licence': 'MediaPipe BlazeFace (Google, Apache-2.0), as converted and shipped by @vladmandic/human (MIT, Copyright (c) Vladimir Mandic)',
    },
  };
}

async function nsfwMobileNet() {
  const { dir, version } = packageDir('nsfwjs');
  const modelDir = path.join(dir, 'dist', 'esm', 'models', 'mobilenet_v2_mid');
  const mod = (f) => import(pathToFileURL(path.join(modelDir, f)).href);
  const model = await mod('model.min.js');
  const shardFiles = model.weightsManifest.flatMap((g) => g.paths).map((p) => `${p.replace(/\.bin$/, '')}.min.js`);
  const data = Buffer.concat(await Promise.all(shardFiles.map(async (f) => Buffer.from((await mod(f)).default, 'base64'))));
  const weights = splitWeights(model.weightsManifest, new Uint8Array(data));
  const nodes = model.modelTopology.node;
  const P = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/';
  // the graph's input scaling must be x · 2 − 1, which MobileNetV2.features applies
  const constOf = (op) => {
    const n = nodes.find((x) => x.op === op && x.name.endsWith(`hub_input/${op}`));
    const w = weights.get(n.input.find((i) => weights.has(i)));
    const q = w.spec.quantization;
    return q ? w.bytes[0] * q.scale + q.min : new Float32Array(w.bytes.slice().buffer)[0];
  };
  if (constOf('Mul') !== 2 || constOf('Sub') !== 1) fail(`nsfwjs: input scaling is x · ${constOf('Mul')} − ${constOf('Sub')}, not x · 2 − 1`);
  const net = new MobileNetV2(1.4);
  const plan = [['stem.weight', `${P}Conv/Conv2D_weights`, 'conv'], ['stem.bias', `${P}Conv/Conv2D_bn_offset`, 'vector']];
  net.blocks.forEach((b, i) => {
    const g = `${P}expanded_conv${i ? `_${i}` : ''}/`;
    if (b.expand) plan.push([`blocks.${i}.expand.weight`, `${g}expand/Conv2D_weights`, 'conv'], [`blocks.${i}.expand.bias`, `${g}expand/Conv2D_bn_offset`, 'vector']);
    plan.push([`blocks.${i}.depthwise.weight`, `${g}depthwise/depthwise_weights`, 'depthwise'], [`blocks.${i}.depthwise.bias`, `${g}depthwise/depthwise_bn_offset`, 'vector']);
    plan.push([`blocks.${i}.project.weight`, `${g}project/Conv2D_weights`, 'conv'], [`blocks.${i}.project.bias`, `${g}project/Conv2D_bn_offset`, 'vector']);
    const dw = nodes.find((n) => n.name === `${g}depthwise/depthwise`);
    if (Number(dw.attr.strides.list.i[1]) !== b.stride) fail(`blocks.${i}: graph stride ${dw.attr.strides.list.i[1]}, network ${b.stride}`);
  });
  plan.push(['head.weight', `${P}Conv_1/Conv2D_weights`, 'conv'], ['head.bias', `${P}Conv_1/Conv2D_bn_offset`, 'vector']);
  const dense = nodes.find((n) => n.op === '_FusedMatMul');
  plan.push(['classifier.weight', dense.input[1], 'dense'], ['classifier.bias', dense.input[2], 'vector']);
  const params = new Map(net.namedParameters().map(([k, t]) => [k, t.shape]));
  const { tensors, quantization, used } = convert(params, plan, weights, { keepQuantized: true });
  const leftover = [...weights.keys()].filter((k) => !used.has(k) && !/hub_input/.test(k) && weights.get(k).spec.shape.length > 0);
  if (leftover.length) fail(`nsfwjs: graph weights not used: ${leftover.join(', ')}`);
  net.dispose();
  return {
    file: 'nsfw-mobilenet-v2.safetensors', tensors, metadata: {
      'tessera.network': 'mobilenet-v2-1.4-nsfw',
      'tessera.classes': JSON.stringify(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']),
      'tessera.quantization': JSON.stringify(quantization),
      'tessera.source': `nsfwjs@${version} dist/esm/models/mobilenet_v2_mid (weights sha256 ${sha256(data)})`,
      'tessera.licence': 'nsfwjs (MIT, Copyright (c) 2019 Infinite Red, Inc.)',
    },
  };
}

for (const made of [blazeface(), await nsfwMobileNet()]) {
  const file = path.join(outDir, made.file);
  saveSafetensors(file, made.tensors, made.metadata);
  const n = [...made.tensors.values()].reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  console.log(`${file}: ${made.tensors.size} tensors, ${n} weights, ${fs.statSync(file).size} bytes`);
  for (const t of made.tensors.values()) t.dispose();
}
