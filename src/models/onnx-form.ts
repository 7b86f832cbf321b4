// How a network is written as ONNX nodes, declared by its family beside its forward (a descriptor's
// `onnx`). The writer and the context are interfaces: export/ supplies them (export/graph.ts,
// export/emit.ts), so a network family needs nothing from the layers above it.
import type { Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';

export type AttrValue = number | number[] | string | { float: number };

export type OnnxInputType = 'float32' | 'int64';

/** What an emitter writes with (export/graph.ts GraphBuilder). */
export interface OnnxWriter {
  /** Appends a node; returns its (first) output's name. Attributes: int, ints, string, or { float }. */
  node(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, outputName?: string): string;
  /** A graph input besides the network's image ('input'): a value the caller feeds, float32 unless said. */
  input(name: string, shape: (number | string | null)[], type?: OnnxInputType): string;
  /** A network weight as an initializer named by its state-dict key. */
  weight(t: Tensor): string;
  ints(prefix: string, values: number[], dims?: number[]): string;
  floats(prefix: string, values: number[] | Float32Array, dims?: number[]): string;
}

export interface EmitContext<W extends OnnxWriter = OnnxWriter> {
  g: W;
  /** Emits a child module on value `x`; returns its output value. */
  emit(m: Module, x: string): string;
}

/** Writes module `m` applied to value `x`; returns the output value's name (eval mode). */
export type Emitter<M extends Module = Module> = (m: M, x: string, ctx: EmitContext) => string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EmitterEntry = [abstract new (...args: any[]) => Module, Emitter<any>];
