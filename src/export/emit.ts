// The emitter registry: for each module class, how it is written as ONNX nodes (tfjs-style, one place
// per layer). A module is looked up by its own class, then its base classes; a class with no entry has no
// ONNX form and the export fails naming it. Emitters describe eval mode (running statistics, no dropout).
import type { Module } from '../nn/index.js';
import type { GraphBuilder } from './graph.js';
import { LAYER_EMITTERS } from './layers.js';
import { networkDescriptors } from '../models/index.js';
import { FINDER_EMITTERS } from './finder-networks.js';

import type { EmitContext, Emitter, EmitterEntry } from '../models/onnx-form.js';

export type { EmitContext, Emitter, EmitterEntry } from '../models/onnx-form.js';

// the networks' forms come from their families' descriptors (models/), read at each export so a family
// registered later (a test's toy) exports too
const emitters = () => emitterRegistry([...LAYER_EMITTERS, ...networkDescriptors().flatMap((d) => d.onnx ?? []), ...FINDER_EMITTERS]);

/** The class → emitter map; a class listed twice is an error (as `registerFinder`), never a silent last-wins. */
export function emitterRegistry(entries: EmitterEntry[]): Map<unknown, Emitter> {
  const map = new Map<unknown, Emitter>();
  for (const [cls, emitter] of entries) {
    if (map.has(cls)) throw new Error(`export: two emitters for ${cls.name}; each module class has one`);
    map.set(cls, emitter);
  }
  return map;
}

export function emitterFor(m: Module, table = emitters()): Emitter {
  for (let p = Object.getPrototypeOf(m); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const e = table.get(p.constructor);
    if (e) return e;
  }
  throw new Error(`export: ${m.constructor.name} has no ONNX form`);
}

/** Emits the whole network `net` on the graph's value `x`. */
export function emitNetwork(net: Module, x: string, g: GraphBuilder): string {
  const table = emitters();
  const ctx: EmitContext = { g, emit: (m, v) => emitterFor(m, table)(m, v, ctx) };
  return ctx.emit(net, x);
}
