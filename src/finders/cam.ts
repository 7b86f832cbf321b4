// Class Activation Maps (Zhou et al. 2016) from nsfwjs' MobileNetV2 (width 1.4) classifier, whose head is
// global average pooling + one dense layer: logit_c = mean_xy(sum_k w_kc F_k(x, y)) + b_c, so
// CAM_c(x, y) = sum_k w_kc F_k(x, y) shows where class c's evidence sits. The map is upsampled to the
// image, normalised to [0, 1] and thresholded into a mask and boxes. Used to hide regions (moderation)
// and, through classify(), as a safety check; never to generate anything.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type * as tfTypes from '@tensorflow/tfjs-core';
import { getTf, loadGraphModel, packageRoot, type GraphArtifacts } from './tfjs.js';
import { componentBoxes, dilateMask, thresholdMap } from './mask-ops.js';
import { resizeAlignCorners } from './resample.js';
import { rgbPixels, type Raster } from '../image/raster.js';
import type { ScoredBox } from '../util/box.js';

/** nsfwjs' class order. */
export const CAM_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type CamClass = (typeof CAM_CLASSES)[number];
export const CAM_INPUT = 224;

export function camClass(name: string): CamClass {
  const c = CAM_CLASSES.find((k) => k.toLowerCase() === name.toLowerCase());
  if (!c) throw new Error(`unknown CAM class '${name}' (one of ${CAM_CLASSES.join(', ')})`);
  return c;
}

interface GraphNode { name: string; op: string; input?: string[] }

/** The raw pieces of one forward pass, exposed so tests can recompute the CAM by hand. */
export interface CamForward {
  /** Feature map, [gridH, gridW, channels] row-major (NHWC without the batch). */
  features: Float32Array;
  gridH: number;
  gridW: number;
  channels: number;
  /** Dense kernel [channels, classes] and bias [classes]. */
  kernel: Float32Array;
  bias: Float32Array;
  probabilities: Float32Array;
}

export interface CamRegionOptions {
  /** Normalised CAM value at and above which a pixel is in the mask; default 0.5. */
  threshold?: number;
  /** Dilate the mask by this many pixels; default 0. */
  dilate?: number;
  /** Drop components smaller than this many pixels; default 1. */
  minArea?: number;
}

export class CamClassifier {
  private constructor(
    private readonly model: GraphModel,
    private readonly featureNode: string,
    private readonly kernel: Float32Array,
    private readonly bias: Float32Array,
    readonly channels: number,
    private readonly tf: Awaited<ReturnType<typeof getTf>>,
  ) {}

  /** Loads the bundled MobileNetV2-mid model from the installed nsfwjs package (no network). */
  static async load(): Promise<CamClassifier> {
    const dir = path.join(packageRoot('nsfwjs'), 'dist', 'esm', 'models', 'mobilenet_v2_mid');
    const mod = (f: string) => import(pathToFileURL(path.join(dir, f)).href);
    const artifacts = (await mod('model.min.js')) as GraphArtifacts;
    const shards = await Promise.all(['group1-shard1of2.min.js', 'group1-shard2of2.min.js'].map(async (f) => Buffer.from((await mod(f)).default as string, 'base64')));
    const model = await loadGraphModel(artifacts, Buffer.concat(shards));
    const nodes = (artifacts.modelTopology as { node: GraphNode[] }).node;
    const { featureNode, kernelName, biasName } = findCamHead(nodes);
    const tf = await getTf();
    const weights = model.weights as Record<string, tfTypes.Tensor[]>;
    const kernelT = weights[kernelName][0], biasT = weights[biasName][0];
    const kernel = (await kernelT.data()) as Float32Array, bias = (await biasT.data()) as Float32Array;
    if (kernelT.shape.length !== 2 || kernelT.shape[1] !== CAM_CLASSES.length) throw new Error(`unexpected dense kernel shape [${kernelT.shape}]`);
    return new CamClassifier(model, featureNode, Float32Array.from(kernel), Float32Array.from(bias), kernelT.shape[0], tf);
  }

  /** The network input: [1, 224, 224, 3] in [0, 1], resized with aligned corners as nsfwjs does. */
  private input(image: Raster): tfTypes.Tensor4D {
    return this.tf.tensor4d(resizeAlignCorners(rgbPixels(image), CAM_INPUT, CAM_INPUT, 1 / 255), [1, CAM_INPUT, CAM_INPUT, 3]);
  }

  /** Runs the network once; returns the feature map, head weights and class probabilities. */
  async forward(image: Raster): Promise<CamForward> {
    const tf = await getTf();
    const [feat, probs] = tf.tidy(() => this.model.execute(this.input(image), [this.featureNode, 'Identity']) as tfTypes.Tensor[]);
    const [, gridH, gridW, channels] = feat.shape;
    const out = { features: Float32Array.from(await feat.data() as Float32Array), gridH, gridW, channels, kernel: this.kernel, bias: this.bias,
      probabilities: Float32Array.from(await probs.data() as Float32Array) };
    tf.dispose([feat, probs]);
    return out;
  }

  /** Class probabilities computed synchronously (for hooks that cannot await, e.g. a safety check). */
  probabilitiesSync(image: Raster): Float32Array {
    const tf = this.tf;
    const probs = tf.tidy(() => this.model.execute(this.input(image), 'Identity') as tfTypes.Tensor);
    const out = Float32Array.from(probs.dataSync() as Float32Array);
    probs.dispose();
    return out;
  }

  async classify(image: Raster): Promise<Record<CamClass, number>> {
    const { probabilities } = await this.forward(image);
    return Object.fromEntries(CAM_CLASSES.map((c, i) => [c, probabilities[i]])) as Record<CamClass, number>;
  }

  /** The CAM of `cls` at image resolution, normalised to [0, 1] (all zeros when the map is flat). */
  async cam(image: Raster, cls: string): Promise<{ map: Float32Array; width: number; height: number; probabilities: Float32Array }> {
    const f = await this.forward(image);
    const grid = rawCam(f, CAM_CLASSES.indexOf(camClass(cls)));
    const tf = await getTf();
    const up = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(grid, [f.gridH, f.gridW, 1]), [image.height, image.width], false, true));
    const map = Float32Array.from(await up.data() as Float32Array);
    up.dispose();
    return { map: normaliseMinMax(map), width: image.width, height: image.height, probabilities: f.probabilities };
  }

  /** Mask and boxes where the CAM of `cls` is at least `threshold`. */
  async findRegions(image: Raster, cls: string, opts: CamRegionOptions = {}): Promise<{ mask: Uint8Array; boxes: ScoredBox[]; map: Float32Array }> {
    const { map, width, height } = await this.cam(image, cls);
    const mask = dilateMask(thresholdMap(map, opts.threshold ?? 0.5), width, height, Math.round(opts.dilate ?? 0));
    return { mask, boxes: componentBoxes(mask, width, height, map, opts.minArea ?? 1), map };
  }
}

/** sum_k w[k, c] * F[y, x, k] over the grid. */
export function rawCam(f: CamForward, classIndex: number): Float32Array {
  const n = f.gridH * f.gridW, classes = f.kernel.length / f.channels;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let k = 0; k < f.channels; k++) s += f.kernel[k * classes + classIndex] * f.features[p * f.channels + k];
    out[p] = s;
  }
  return out;
}

export function normaliseMinMax(map: Float32Array): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of map) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const out = new Float32Array(map.length);
  if (!(hi > lo)) return out;
  for (let i = 0; i < map.length; i++) out[i] = (map[i] - lo) / (hi - lo);
  return out;
}

/** Walks back from the softmax: dense (MatMul + bias) ← squeeze/reshape ← global average pool ← features. */
export function findCamHead(nodes: GraphNode[]): { featureNode: string; kernelName: string; biasName: string } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const src = (n: GraphNode) => byName.get((n.input ?? [])[0]?.split(':')[0] ?? '');
  const softmax = nodes.find((n) => n.op === 'Softmax');
  if (!softmax) throw new Error('CAM: model has no Softmax');
  const dense = src(softmax);
  if (!dense || !/MatMul/.test(dense.op) || (dense.input ?? []).length < 3) throw new Error('CAM: the layer before Softmax is not a dense layer with bias');
  let n = src(dense);
  while (n && (n.op === 'Squeeze' || n.op === 'Reshape' || n.op === 'Identity')) n = src(n);
  if (!n || !(n.op === 'AvgPool' || n.op === 'Mean')) throw new Error(`CAM: expected global average pooling before the dense layer, found ${n?.op}`);
  const feature = src(n);
  if (!feature) throw new Error('CAM: no feature map before the pooling');
  return { featureNode: feature.name, kernelName: dense.input![1], biasName: dense.input![2] };
}
