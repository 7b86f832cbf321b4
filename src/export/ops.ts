// ONNX forms of the engine operations the layers use, where one ATen op takes more than one ONNX node
// or an attribute layout differs from PyTorch's.
import type { GraphBuilder } from './graph.js';

export type Pads4 = [number, number, number, number];

/** F.pad2d's [left, right, top, bottom] on an NCHW value; mode as ONNX names it (reflect, edge, constant). */
export function pad2d(g: GraphBuilder, x: string, [l, r, t, b]: Pads4, mode: 'reflect' | 'edge' | 'constant'): string {
  if (l === 0 && r === 0 && t === 0 && b === 0) return x;
  // ONNX pads: every axis's begin, then every axis's end
  return g.node('Pad', [x, g.ints('pads', [0, 0, t, l, 0, 0, b, r])], { mode });
}

/** torch.pixel_shuffle is ONNX DepthToSpace in CRD order (channel c·r² + i·r + j → pixel (i, j) of channel c). */
export function pixelShuffle(g: GraphBuilder, x: string, r: number): string {
  return g.node('DepthToSpace', [x], { blocksize: r, mode: 'CRD' });
}

/**
 * torch.pixel_unshuffle puts pixel (i, j) of channel c at channel c·r² + i·r + j; ONNX SpaceToDepth puts it
 * at (i·r + j)·C + c. One Gather over channels reorders the latter into the former and keeps H and W free.
 */
export function pixelUnshuffle(g: GraphBuilder, x: string, channels: number, r: number): string {
  const s2d = g.node('SpaceToDepth', [x], { blocksize: r });
  const order: number[] = [];
  for (let c = 0; c < channels; c++) for (let k = 0; k < r * r; k++) order.push(k * channels + c);
  return g.node('Gather', [s2d, g.ints('unshuffle_order', order)], { axis: 1 });
}

/** Channels [from, to) of an NCHW value. */
export function sliceChannels(g: GraphBuilder, x: string, from: number, to: number): string {
  return g.node('Slice', [x, g.ints('starts', [from]), g.ints('ends', [to]), g.ints('axes', [1])]);
}

/** Nearest-neighbour upsampling by an integer factor, as ATen's upsample_nearest2d (source = floor(dst / s)). */
export function upsampleNearest(g: GraphBuilder, x: string, scale: number): string {
  return g.node('Resize', [x, '', g.floats('scales', [1, 1, scale, scale])],
    { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
}

export const scalar = (g: GraphBuilder, prefix: string, v: number): string => g.floats(prefix, [v], []);
