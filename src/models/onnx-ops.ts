// ONNX forms of the engine operations the layers and networks use, where one ATen op takes more than one ONNX node
// or an attribute layout differs from PyTorch's.
import type { OnnxWriter } from './onnx-form.js';

export type Pads4 = [number, number, number, number];

/** F.pad2d's [left, right, top, bottom] on an NCHW value; mode as ONNX names it (reflect, edge, constant). */
export function pad2d(g: OnnxWriter, x: string, [l, r, t, b]: Pads4, mode: 'reflect' | 'edge' | 'constant'): string {
  if (l === 0 && r === 0 && t === 0 && b === 0) return x;
  // ONNX pads: every axis's begin, then every axis's end
  return g.node('Pad', [x, g.ints('pads', [0, 0, t, l, 0, 0, b, r])], { mode });
}

/** torch.pixel_shuffle is ONNX DepthToSpace in CRD order (channel c·r² + i·r + j → pixel (i, j) of channel c). */
export function pixelShuffle(g: OnnxWriter, x: string, r: number): string {
  return g.node('DepthToSpace', [x], { blocksize: r, mode: 'CRD' });
}

/**
 * torch.pixel_unshuffle puts pixel (i, j) of channel c at channel c·r² + i·r + j; ONNX SpaceToDepth puts it
 * at (i·r + j)·C + c. One Gather over channels reorders the latter into the former and keeps H and W free.
 */
export function pixelUnshuffle(g: OnnxWriter, x: string, channels: number, r: number): string {
  const s2d = g.node('SpaceToDepth', [x], { blocksize: r });
  const order: number[] = [];
  for (let c = 0; c < channels; c++) for (let k = 0; k < r * r; k++) order.push(k * channels + c);
  return g.node('Gather', [s2d, g.ints('unshuffle_order', order)], { axis: 1 });
}

/** Channels [from, to) of an NCHW value. */
export function sliceChannels(g: OnnxWriter, x: string, from: number, to: number): string {
  return g.node('Slice', [x, g.ints('starts', [from]), g.ints('ends', [to]), g.ints('axes', [1])]);
}

/** Nearest-neighbour upsampling by an integer factor, as ATen's upsample_nearest2d (source = floor(dst / s)). */
export function upsampleNearest(g: OnnxWriter, x: string, scale: number): string {
  return g.node('Resize', [x, '', g.floats('scales', [1, 1, scale, scale])],
    { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
}

export const scalar = (g: OnnxWriter, prefix: string, v: number): string => g.floats(prefix, [v], []);

/**
 * ATen's adaptive_avg_pool2d to out × out with free H and W: along each side, bin i averages
 * [floor(i·n / out), ceil((i + 1)·n / out)), written as an [out, n] averaging matrix built from the value's
 * shape at run time, applied by two MatMuls (A_H · x · A_Wᵀ).
 */
export function adaptiveAvgPool2d(g: OnnxWriter, x: string, out: number): string {
  const shape = g.node('Shape', [x]);
  const int = (prefix: string, v: number) => g.ints(prefix, [v], []);
  const matrix = (axis: number) => {
    const n = g.node('Gather', [shape, int('axis', axis)], { axis: 0 });
    const i = g.node('Range', [int('zero', 0), int('bins', out), int('one', 1)]);
    const start = g.node('Div', [g.node('Mul', [i, n]), int('bins', out)]);
    const end = g.node('Div', [g.node('Add', [g.node('Mul', [g.node('Add', [i, int('one', 1)]), n]), int('bins_minus_1', out - 1)]), int('bins', out)]);
    const j = g.node('Range', [int('zero', 0), n, int('one', 1)]);
    const col = g.ints('axes', [1]);
    const s = g.node('Unsqueeze', [start, col]), e = g.node('Unsqueeze', [end, col]);
    const inside = g.node('And', [g.node('GreaterOrEqual', [j, s]), g.node('Less', [j, e])]);
    const count = g.node('Cast', [g.node('Sub', [e, s])], { to: 1 });
    return g.node('Div', [g.node('Cast', [inside], { to: 1 }), count]);
  };
  const rows = g.node('MatMul', [matrix(2), x]);
  return g.node('MatMul', [rows, g.node('Transpose', [matrix(3)], { perm: [1, 0] })]);
}
