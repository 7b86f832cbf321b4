// ONNX forms of the nn/ layers, in eval mode: batch norm from its running statistics, dropout gone.
import {
  BatchNorm2d, Conv2d, ConvTranspose2d, Dropout, Identity, InstanceNorm2d, LeakyReLU, Linear, PixelShuffle, PReLU,
  ReflectionPad2d, ReLU, ReplicationPad2d, Sequential, Sigmoid, Tanh, Upsample, ZeroPad2d,
} from '../nn/index.js';
import type { Tensor } from '../engine/index.js';
import type { EmitterEntry } from './emit.js';
import type { OnnxWriter } from '../models/onnx-form.js';
import { pad2d, pixelShuffle, upsampleNearest } from '../models/onnx-ops.js';

type Pair = number | [number, number];
const pair = (v: Pair | undefined, d: number): [number, number] => (v === undefined ? [d, d] : Array.isArray(v) ? v : [v, v]);

function convAttrs(o: { stride?: Pair; padding?: Pair; dilation?: Pair; groups?: number }, kernel: number[], padding: [number, number]) {
  return {
    kernel_shape: kernel.slice(2), strides: pair(o.stride, 1), dilations: pair(o.dilation, 1), group: o.groups ?? 1,
    pads: [padding[0], padding[1], padding[0], padding[1]],
  };
}

const weights = (g: OnnxWriter, w: Tensor, b: Tensor | null) => (b ? [g.weight(w), g.weight(b)] : [g.weight(w)]);

/** An affine-less norm still takes scale and bias inputs in ONNX: ones and zeros. */
const scaleOf = (g: OnnxWriter, t: Tensor | null, n: number) => (t ? g.weight(t) : g.floats('ones', new Float32Array(n).fill(1)));
const biasOf = (g: OnnxWriter, t: Tensor | null, n: number) => (t ? g.weight(t) : g.floats('zeros', new Float32Array(n)));

function batchNormEval(g: OnnxWriter, x: string, m: BatchNorm2d | InstanceNorm2d): string {
  if (!m.runningMean || !m.runningVar) throw new Error(`export: ${m.constructor.name} without running statistics has no eval form`);
  return g.node('BatchNormalization',
    [x, scaleOf(g, m.weight, m.numFeatures), biasOf(g, m.bias, m.numFeatures), g.weight(m.runningMean), g.weight(m.runningVar)],
    { epsilon: { float: m.eps } });
}

export const LAYER_EMITTERS: EmitterEntry[] = [
  [Sequential, (m: Sequential, x, ctx) => m.layers.reduce((h, layer) => ctx.emit(layer, h), x)],
  [Conv2d, (m: Conv2d, x, { g }) => {
    const padding = pair(m.o.padding, 0);
    const mode = m.o.paddingMode ?? 'zeros';
    if (mode !== 'zeros') {
      // as the layer runs it: pad by reflection or replication first, then a padding-0 convolution
      const h = pad2d(g, x, [padding[1], padding[1], padding[0], padding[0]], mode === 'reflect' ? 'reflect' : 'edge');
      return g.node('Conv', [h, ...weights(g, m.weight, m.bias)], convAttrs(m.o, m.weight.shape, [0, 0]));
    }
    return g.node('Conv', [x, ...weights(g, m.weight, m.bias)], convAttrs(m.o, m.weight.shape, padding));
  }],
  [ConvTranspose2d, (m: ConvTranspose2d, x, { g }) => {
    const attrs = { ...convAttrs(m.o, m.weight.shape, pair(m.o.padding, 0)), output_padding: pair(m.o.outputPadding, 0) };
    return g.node('ConvTranspose', [x, ...weights(g, m.weight, m.bias)], attrs);
  }],
  [BatchNorm2d, (m: BatchNorm2d, x, { g }) => batchNormEval(g, x, m)],
  [InstanceNorm2d, (m: InstanceNorm2d, x, { g }) => {
    // with tracked statistics, eval mode normalises by them, exactly as batch norm does
    if (m.runningMean) return batchNormEval(g, x, m);
    return g.node('InstanceNormalization', [x, scaleOf(g, m.weight, m.numFeatures), biasOf(g, m.bias, m.numFeatures)], { epsilon: { float: m.eps } });
  }],
  [ReLU, (_m, x, { g }) => g.node('Relu', [x])],
  [LeakyReLU, (m: LeakyReLU, x, { g }) => g.node('LeakyRelu', [x], { alpha: { float: m.slope } })],
  [PReLU, (m: PReLU, x, { g }) => {
    // one slope broadcasts as it is; one per channel must line up with axis 1 of NCHW: [C, 1, 1]
    const w = g.weight(m.weight);
    const slope = m.numParameters === 1 ? w : g.node('Reshape', [w, g.ints('prelu_shape', [m.numParameters, 1, 1])]);
    return g.node('PRelu', [x, slope]);
  }],
  [PixelShuffle, (m: PixelShuffle, x, { g }) => pixelShuffle(g, x, m.r)],
  // aten::linear on [N, in]: Gemm with the weight transposed, as torch stores it [out, in]
  [Linear, (m: Linear, x, { g }) => g.node('Gemm', [x, ...weights(g, m.weight, m.bias)], { transB: 1 })],
  [Tanh, (_m, x, { g }) => g.node('Tanh', [x])],
  [Sigmoid, (_m, x, { g }) => g.node('Sigmoid', [x])],
  [Identity, (_m, x) => x],
  [Dropout, (_m, x) => x],
  [ReflectionPad2d, (m: ReflectionPad2d, x, { g }) => pad2d(g, x, m.padding, 'reflect')],
  [ReplicationPad2d, (m: ReplicationPad2d, x, { g }) => pad2d(g, x, m.padding, 'edge')],
  [ZeroPad2d, (m: ZeroPad2d, x, { g }) => pad2d(g, x, m.padding, 'constant')],
  [Upsample, (m: Upsample, x, { g }) => {
    if (m.mode !== 'nearest' || !Number.isInteger(m.scale)) throw new Error(`export: Upsample ${m.mode} ×${m.scale} has no ONNX form here (nearest by a whole factor has)`);
    return upsampleNearest(g, x, m.scale);
  }],
];
