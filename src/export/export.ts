// A network → ONNX ModelProto bytes: walk it with the emitters (eval mode), weights as initializers
// under their state-dict keys, the input [N, C, H, W] fixed or with symbolic N, H, W (`dynamic`).
import { noGrad, tidy, zeros } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { emitNetwork } from './emit.js';
import { GraphBuilder } from './graph.js';
import { encodeModel } from './onnx-proto.js';

export const MIN_OPSET = 13, MAX_OPSET = 21, DEFAULT_OPSET = 17;

/** The IR version each opset came with (onnx/docs/Versioning.md), so older runtimes can still read the file. */
export function irVersionFor(opset: number): number {
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET)
    throw new Error(`opset ${opset} is not supported (${MIN_OPSET}–${MAX_OPSET})`);
  return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

export interface ExportOptions {
  /** Channels of the input. */
  inputChannels: number;
  /** Input sides of a fixed-shape export, and the sides the output shape is measured at for a dynamic one. */
  height: number;
  width: number;
  /** N, H and W symbolic ('N', 'H', 'W'); the output's sides are named 'H_out', 'W_out' where they differ. */
  dynamic?: boolean;
  /** Only N is symbolic in a dynamic export: the input's sides are part of what it is (CoGAN's 1×1 noise). */
  fixedSides?: boolean;
  opset?: number;
  /** The graph's name (shown by viewers). */
  name?: string;
  /** Written as metadata_props (the architecture, what the input channels mean, …). */
  metadata?: Record<string, string>;
  producerVersion?: string;
}

/** The network's output shape for a zero input of the given size, from the engine itself. */
function outputShape(net: Module, c: number, h: number, w: number): number[] {
  return noGrad(() => tidy(() => net.forward(zeros([1, c, h, w])).shape));
}

/**
 * Serialises `net` (put in eval mode) as an ONNX model with the input 'input' and one output 'output'; a network
 * that reads position-keyed noise takes 'noise_origin' too (int64 [2]: feeds.ts).
 */
export function exportNetwork(net: Module, o: ExportOptions): Uint8Array {
  const opset = o.opset ?? DEFAULT_OPSET;
  const irVersion = irVersionFor(opset);
  net.eval();
  const [, outC, outH, outW] = outputShape(net, o.inputChannels, o.height, o.width);
  const free = o.dynamic && !o.fixedSides;
  const inShape = o.dynamic ? ['N', o.inputChannels, free ? 'H' : o.height, free ? 'W' : o.width] : [1, o.inputChannels, o.height, o.width];
  const sameSides = outH === o.height && outW === o.width;
  const batch = o.dynamic ? 'N' : 1;
  // [N, C] (a discriminator with dense layers: one logit per image), [N, rows, values] (BlazeFace's anchors) or [N, C, H, W]
  const outShape = outH === undefined ? [batch, outC!] : outW === undefined ? [batch, outC!, outH]
    : free ? [batch, outC!, sameSides ? 'H' : 'H_out', sameSides ? 'W' : 'W_out'] : [batch, outC!, outH, outW!];

  const g = new GraphBuilder(net.stateDict());
  const y = emitNetwork(net, g.input('input', inShape), g);
  g.output(y, 'output', outShape);
  return encodeModel({
    irVersion, opset, producerName: 'tessera', producerVersion: o.producerVersion ?? '', docString: '',
    graph: g.graph(o.name ?? net.constructor.name), metadata: o.metadata ?? {},
  });
}
