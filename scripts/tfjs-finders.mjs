// The TF.js path the face finder and the classifier ran on before they moved to tessera's engine, kept
// only as the reference that scripts/make-finder-fixture.mjs records (test/finders/engine-parity.test.ts
// checks the engine against that record). Needs the dev dependencies @tensorflow/tfjs-core,
// -converter, -backend-wasm, @vladmandic/human (BlazeFace's graph) and nsfwjs (the classifier's graph);
// nothing under src/ imports it. Run after `npx tsc` (it reuses the finders' pre-processing from dist/).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { decodeBlazeface, letterboxInput, toImagePixels } from '../dist/src/finders/blazeface.js';
import { CAM_CLASSES } from '../dist/src/finders/cam.js';
import { nonMaxSuppression } from '../dist/src/finders/nms.js';
import { resizeAlignCorners } from '../dist/src/finders/resample.js';
import { rgbPixels } from '../dist/src/image/raster.js';

const require = createRequire(import.meta.url);
let ready = null;

/** TF.js core on the wasm backend (TESSERA_TFJS_BACKEND=cpu: the pure-JS one), loaded once. */
export function getTf() {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    if ((process.env.TESSERA_TFJS_BACKEND ?? 'wasm') === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
      if (await tf.setBackend('wasm').catch(() => false)) { await tf.ready(); return tf; }
    }
    await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: no usable backend (wasm or cpu)');
    await tf.ready();
    return tf;
  })();
  return ready;
}

/** Root folder of an installed package (works for packages whose `exports` hide package.json). */
export function packageRoot(name) {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
  return dir;
}

export async function loadGraphModel(artifacts, weightData) {
  const tf = await getTf();
  const { loadGraphModel: load } = await import('@tensorflow/tfjs-converter');
  const buf = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength);
  return load(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightsManifest.flatMap((g) => g.weights), weightData: buf }));
}

/** A graph model saved as model.json + the binary shards its weightsManifest lists. */
export async function loadGraphModelFile(jsonFile) {
  const artifacts = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  const shards = artifacts.weightsManifest.flatMap((g) => g.paths ?? []).map((p) => fs.readFileSync(path.join(path.dirname(jsonFile), p)));
  return loadGraphModel(artifacts, Buffer.concat(shards));
}

export const defaultBlazefaceModel = () => path.join(packageRoot('@vladmandic/human'), 'models', 'blazeface.json');

/** BlazeFace on TF.js: the same letterbox, decoding and NMS as the engine's EngineFaceDetector. */
export class TfjsFaceDetector {
  constructor(model, tf) { this.model = model; this.tf = tf; }
  static async load() { return new TfjsFaceDetector(await loadGraphModelFile(defaultBlazefaceModel()), await getTf()); }

  detect(image, { minScore = 0.6, iouThreshold = 0.3, maxFaces = 100 } = {}) {
    const tf = this.tf, side = Math.max(image.width, image.height);
    const outputs = tf.tidy(() => this.model.execute(tf.tensor4d(letterboxInput(rgbPixels(image), side, 256), [1, 256, 256, 3])));
    // (scores, regressors) for the 16x16 grid (512 anchors) and the 8x8 grid (384)
    const byShape = (n, d) => outputs.find((t) => t.shape[1] === n && t.shape[2] === d).dataSync();
    const scores = new Float32Array(896), regs = new Float32Array(896 * 16);
    scores.set(byShape(512, 1), 0); scores.set(byShape(384, 1), 512);
    regs.set(byShape(512, 16), 0); regs.set(byShape(384, 16), 512 * 16);
    tf.dispose(outputs);
    return nonMaxSuppression(decodeBlazeface(scores, regs, minScore), iouThreshold, maxFaces).map((f) => toImagePixels(f, side, image.width, image.height));
  }
}

/** Walks back from the softmax: dense (MatMul + bias) ← squeeze/reshape ← global average pool ← features. */
export function findCamHead(nodes) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const src = (n) => byName.get((n.input ?? [])[0]?.split(':')[0] ?? '');
  const softmax = nodes.find((n) => n.op === 'Softmax');
  if (!softmax) throw new Error('CAM: model has no Softmax');
  const dense = src(softmax);
  if (!dense || !/MatMul/.test(dense.op) || (dense.input ?? []).length < 3) throw new Error('CAM: the layer before Softmax is not a dense layer with bias');
  let n = src(dense);
  while (n && (n.op === 'Squeeze' || n.op === 'Reshape' || n.op === 'Identity')) n = src(n);
  if (!n || !(n.op === 'AvgPool' || n.op === 'Mean')) throw new Error(`CAM: expected global average pooling before the dense layer, found ${n?.op}`);
  const feature = src(n);
  if (!feature) throw new Error('CAM: no feature map before the pooling');
  return { featureNode: feature.name, kernelName: dense.input[1], biasName: dense.input[2] };
}

/** sum_k w[k, c] · F[y, x, k] over the grid (kernel [channels, classes], features [gridH, gridW, channels]). */
export function rawCam(f, classIndex) {
  const n = f.gridH * f.gridW, classes = f.kernel.length / f.channels, out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let k = 0; k < f.channels; k++) s += f.kernel[k * classes + classIndex] * f.features[p * f.channels + k];
    out[p] = s;
  }
  return out;
}

/** nsfwjs' MobileNetV2 "mid" graph on TF.js: one pass gives the feature map, the head and the probabilities. */
export class TfjsClassifier {
  constructor(model, featureNode, kernel, bias, channels, tf) { Object.assign(this, { model, featureNode, kernel, bias, channels, tf }); }

  static async load() {
    const dir = path.join(packageRoot('nsfwjs'), 'dist', 'esm', 'models', 'mobilenet_v2_mid');
    const mod = (f) => import(pathToFileURL(path.join(dir, f)).href);
    const artifacts = await mod('model.min.js');
    const shards = await Promise.all(['group1-shard1of2.min.js', 'group1-shard2of2.min.js'].map(async (f) => Buffer.from((await mod(f)).default, 'base64')));
    const model = await loadGraphModel(artifacts, Buffer.concat(shards));
    const { featureNode, kernelName, biasName } = findCamHead(artifacts.modelTopology.node);
    const kernelT = model.weights[kernelName][0], biasT = model.weights[biasName][0];
    if (kernelT.shape.length !== 2 || kernelT.shape[1] !== CAM_CLASSES.length) throw new Error(`unexpected dense kernel shape [${kernelT.shape}]`);
    return new TfjsClassifier(model, featureNode, Float32Array.from(kernelT.dataSync()), Float32Array.from(biasT.dataSync()), kernelT.shape[0], await getTf());
  }

  /** The input as nsfwjs feeds it: [1, 224, 224, 3] in [0, 1], resized with aligned corners. */
  forward(image) {
    const tf = this.tf;
    const input = tf.tensor4d(resizeAlignCorners(rgbPixels(image), 224, 224, 1 / 255), [1, 224, 224, 3]);
    const [feat, probs] = this.model.execute(input, [this.featureNode, 'Identity']);
    const [, gridH, gridW, channels] = feat.shape;
    const out = { features: Float32Array.from(feat.dataSync()), gridH, gridW, channels, kernel: this.kernel, bias: this.bias, probabilities: Float32Array.from(probs.dataSync()) };
    tf.dispose([input, feat, probs]);
    return out;
  }
}
