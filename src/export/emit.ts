// The emitter registry: for each module class, how it is written as ONNX nodes (tfjs-style, one place
// per layer). A module is looked up by its own class, then its base classes; a class with no entry has no
// ONNX form and the export fails naming it. Emitters describe eval mode (running statistics, no dropout).
import type { Module } from '../nn/index.js';
import type { GraphBuilder } from './graph.js';
import { LAYER_EMITTERS } from './layers.js';
import { NETWORK_EMITTERS } from './networks.js';
import { FINDER_EMITTERS } from './finder-networks.js';

export interface EmitContext {
  g: GraphBuilder;
  /** Emits a child module on value `x`; returns its output value. */
  emit(m: Module, x: string): string;
}

/** Writes module `m` applied to value `x`; returns the output value's name. */
export type Emitter<M extends Module = Module> = (m: M, x: string, ctx: EmitContext) => string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EmitterEntry = [abstract new (...args: any[]) => Module, Emitter<any>];

/** The class → emitter map; a class listed twice is an error (as `registerFinder`), never a silent last-wins. */
export function emitterRegistry(entries: EmitterEntry[]): Map<unknown, Emitter> {
  const map = new Map<unknown, Emitter>();
  for (const [cls, emitter] of entries) {
    if (map.has(cls)) throw new Error(`export: two emitters for ${cls.name}; each module class has one`);
    map.set(cls, emitter);
  }
  return map;
}

const EMITTERS = emitterRegistry([...LAYER_EMITTERS, ...NETWORK_EMITTERS, ...FINDER_EMITTERS]);

export function emitterFor(m: Module): Emitter {
  for (let p = Object.getPrototypeOf(m); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const e = EMITTERS.get(p.constructor);
    if (e) return e;
  }
  throw new Error(`export: ${m.constructor.name} has no ONNX form`);
}

/** Emits the whole network `net` on the graph's value `x`. */
export function emitNetwork(net: Module, x: string, g: GraphBuilder): string {
  const ctx: EmitContext = { g, emit: (m, v) => emitterFor(m)(m, v, ctx) };
  return ctx.emit(net, x);
}
