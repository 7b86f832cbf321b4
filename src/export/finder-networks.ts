// ONNX forms of the finders' networks (models/blazeface.ts, models/mobilenet-v2.ts) and of the
// TF-convention layers they are built from (models/tf-layers.ts). TF's 'SAME' padding is ONNX's
// auto_pad SAME_UPPER (the odd pixel at the end), so the files keep free sides where the network has them.
import { BlazeBlock, BlazeDown, BlazeFace } from '../models/blazeface.js';
import { InvertedResidual, MobileNetV2, MobileNetV2ClassMaps } from '../models/mobilenet-v2.js';
import { ChannelPad, ReLU6, SameConv2d, SameMaxPool2d } from '../models/tf-layers.js';
import type { Conv2d } from '../nn/index.js';
import type { EmitContext, EmitterEntry } from './emit.js';
import type { OnnxWriter } from '../models/onnx-form.js';
import { scalar } from '../models/onnx-ops.js';

const relu = (g: OnnxWriter, x: string) => g.node('Relu', [x]);

/** One map's heads as rows [N, H·W·A, 17], as BlazeFace's anchorRows: NHWC order, score then regressors. */
function anchorRows(ctx: EmitContext, classifier: Conv2d, regressor: Conv2d, f: string): string {
  const { g } = ctx;
  const rows = (m: Conv2d, width: number) =>
    g.node('Reshape', [g.node('Transpose', [ctx.emit(m, f)], { perm: [0, 2, 3, 1] }), g.ints('rows_shape', [0, -1, width])]);
  return g.node('Concat', [rows(classifier, 1), rows(regressor, 16)], { axis: 2 });
}

export const FINDER_EMITTERS: EmitterEntry[] = [
  [SameConv2d, (m: SameConv2d, x, { g }) => g.node('Conv', m.bias ? [x, g.weight(m.weight), g.weight(m.bias)] : [x, g.weight(m.weight)], {
    kernel_shape: [m.kernelSize, m.kernelSize], strides: [m.stride, m.stride], group: m.o.groups ?? 1, auto_pad: 'SAME_UPPER',
  })],
  [SameMaxPool2d, (m: SameMaxPool2d, x, { g }) => g.node('MaxPool', [x], { kernel_shape: [m.kernel, m.kernel], strides: [m.kernel, m.kernel], auto_pad: 'SAME_UPPER' })],
  [ChannelPad, (m: ChannelPad, x, { g }) => g.node('Pad', [x, g.ints('pads', [0, 0, 0, 0, 0, m.extra, 0, 0])], { mode: 'constant' })],
  [ReLU6, (_m, x, { g }) => g.node('Clip', [x, scalar(g, 'zero', 0), scalar(g, 'six', 6)])],
  [BlazeBlock, (m: BlazeBlock, x, ctx) => {
    let skip = m.pool ? ctx.emit(m.pool, x) : x;
    if (m.widen) skip = ctx.emit(m.widen, skip);
    return relu(ctx.g, ctx.g.node('Add', [ctx.emit(m.pointwise, ctx.emit(m.depthwise, x)), skip]));
  }],
  [BlazeDown, (m: BlazeDown, x, ctx) => relu(ctx.g, ctx.emit(m.pointwise, ctx.emit(m.depthwise, x)))],
  [BlazeFace, (m: BlazeFace, x, ctx) => {
    let h = relu(ctx.g, ctx.emit(m.stem, x));
    for (const b of m.blocks) h = ctx.emit(b, h);
    const f8 = ctx.emit(m.down, h);
    return ctx.g.node('Concat', [anchorRows(ctx, m.classifier16, m.regressor16, h), anchorRows(ctx, m.classifier8, m.regressor8, f8)], { axis: 1 });
  }],
  [InvertedResidual, (m: InvertedResidual, x, ctx) => {
    const h = m.expand ? ctx.emit(m.relu6, ctx.emit(m.expand, x)) : x;
    const p = ctx.emit(m.project, ctx.emit(m.relu6, ctx.emit(m.depthwise, h)));
    return m.residual ? ctx.g.node('Add', [p, x]) : p;
  }],
  [MobileNetV2, (m: MobileNetV2, x, ctx) => {
    const pooled = ctx.g.node('Flatten', [ctx.g.node('GlobalAveragePool', [mobileNetFeatures(m, x, ctx)])], { axis: 1 });
    return ctx.g.node('Softmax', [ctx.emit(m.classifier, pooled)], { axis: 1 });
  }],
  [MobileNetV2ClassMaps, (m: MobileNetV2ClassMaps, x, ctx) => {
    const { g } = ctx;
    const w = m.net.classifier.weight;
    const kernel = g.node('Reshape', [g.weight(w), g.ints('kernel_shape', [w.shape[0]!, w.shape[1]!, 1, 1])]);
    return g.node('Conv', [mobileNetFeatures(m.net, x, ctx), kernel], { kernel_shape: [1, 1] });
  }],
];

/** MobileNetV2.features: x · 2 − 1 → stem → blocks → head, ReLU6 after the stem and the head. */
function mobileNetFeatures(m: MobileNetV2, x: string, ctx: EmitContext): string {
  const { g } = ctx;
  const centred = g.node('Sub', [g.node('Mul', [x, scalar(g, 'two', 2)]), scalar(g, 'one', 1)]);
  let h = ctx.emit(m.relu6, ctx.emit(m.stem, centred));
  for (const b of m.blocks) h = ctx.emit(b, h);
  return ctx.emit(m.relu6, ctx.emit(m.head, h));
}
