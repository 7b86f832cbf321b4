// Building an ONNX graph while walking a network: nodes in execution order, weights as initializers
// named by their state-dict keys (so an exported file reads like the checkpoint), constants for shapes
// and scalars, and fresh value names.
import type { Tensor } from '../engine/index.js';
import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-proto.js';

import type { AttrValue, OnnxInputType, OnnxWriter } from '../models/onnx-form.js';

export type { AttrValue };

export class GraphBuilder implements OnnxWriter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  readonly #taken = new Set<string>();
  readonly #weightNames = new Map<Tensor, string>();
  readonly #keys = new Set<string>();
  readonly #counts = new Map<string, number>();

  /** `stateDict` names the network's tensors; a weight met twice becomes one initializer. */
  constructor(stateDict: Map<string, Tensor> = new Map()) {
    for (const [k, t] of stateDict) { this.#weightNames.set(t, k); this.#keys.add(k); }
  }

  input(name: string, shape: (number | string | null)[], type: OnnxInputType = 'float32'): string {
    this.#claim(name);
    this.inputs.push(type === 'float32' ? { name, shape } : { name, shape, type });
    return name;
  }

  /** Marks `value` as a graph output called `name` (through an Identity when it has another name). */
  output(value: string, name: string, shape: (number | string | null)[]): void {
    if (value !== name) this.node('Identity', [value], {}, name);
    this.outputs.push({ name, shape });
  }

  /** A network weight as a float initializer (its values copied now). */
  weight(t: Tensor): string {
    const known = this.#weightNames.get(t);
    if (known && this.#taken.has(known)) return known; // shared weight: one initializer
    if (known) this.#claim(known);
    const name = known ?? this.fresh('weight');
    if (t.dtype !== 'float32') throw new Error(`export: weight ${name} is ${t.dtype}; only float32 networks export`);
    this.initializers.push({ name, dims: t.shape, data: Float32Array.from(t.data() as Float32Array) });
    return name;
  }

  floats(prefix: string, values: number[] | Float32Array, dims: number[] = [values.length]): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, data: Float32Array.from(values) });
    return name;
  }

  ints(prefix: string, values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  /** Appends a node; returns its (first) output's name. Attributes: int, ints, string, or { float }. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputName?: string): string {
    const out = outputName ?? this.fresh(opType.toLowerCase());
    if (outputName) this.#claim(outputName);
    const attributes: OnnxAttribute[] = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === 'string') return { name, string: v };
      if (Array.isArray(v)) return { name, ints: v };
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) throw new Error(`export: attribute ${name} = ${v} must be an integer (use { float })`);
        return { name, int: v };
      }
      return { name, float: v.float };
    });
    this.nodes.push({ opType, name: `${opType}_${this.nodes.length}`, inputs, outputs: [out], attributes });
    return out;
  }

  /** A name not used yet, and not a state-dict key either: `${prefix}_${n}`. */
  fresh(prefix: string): string {
    let n = this.#counts.get(prefix) ?? 0, name: string;
    do name = `${prefix}_${n++}`; while (this.#taken.has(name) || this.#keys.has(name));
    this.#counts.set(prefix, n);
    this.#taken.add(name);
    return name;
  }

  graph(name: string): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs };
  }

  #claim(name: string): void {
    if (this.#taken.has(name)) throw new Error(`export: the graph already has a value named ${name}`);
    this.#taken.add(name);
  }
}
