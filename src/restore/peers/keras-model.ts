// A Keras functional model as TensorFlow.js's converter writes it (`model.json` in the "layers-model"
// format: the layer graph, plus float32 weight shards), rebuilt as tessera modules that run on libtorch, so
// an outside peer needs no second tensor engine. Only the layers the peers use are known (Conv2D, Activation,
// Concatenate, Add); a peer brings its own custom layers. Tensors are NCHW here, as libtorch prefers: Keras'
// channels-last axis (3 or −1 of a 4-D tensor) is dim 1.
import fs from 'node:fs';
import path from 'node:path';
import { cat, F, noGrad, tensor, tidy, type Tensor } from '../../engine/index.js';
import { FormatError } from '../../io/format-error.js';
import { parseStrictJson } from '../../io/strict-json.js';
import { Module } from '../../nn/index.js';

/** A model.json (or one of its weight shards) that this reader cannot take. */
export class KerasModelError extends FormatError {}

type Config = Record<string, unknown>;

/** One layer of the graph: what it is, its Keras config, and the layers whose outputs it reads. */
export interface KerasLayer { className: string; name: string; config: Config; inputs: string[] }

export interface KerasModelFile {
  file: string;
  /** In an order where every layer comes after its inputs. */
  layers: KerasLayer[];
  input: string;
  output: string;
  /** Weights by Keras name ("conv/kernel"), float32, Keras layout (a Conv2D kernel is [kh, kw, in, out]). */
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

/** A layer the peer defines itself (a Keras custom class): its config → the op on its inputs. */
export type CustomLayer = (config: Config, name: string) => (inputs: Tensor[]) => Tensor;

const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads model.json and its weight shards (which must sit beside it); refuses anything it does not know. */
export function readKerasModel(file: string): KerasModelFile {
  const fail = (why: string): never => { throw new KerasModelError(file, why); };
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  const json = parseStrictJson(text, fail, { maxDepth: 32 });
  if (!isObject(json) || json.format !== 'layers-model') fail('not a TensorFlow.js layers-model (format is not "layers-model")');
  const topology = (json as Config).modelTopology, config = isObject(topology) && isObject(topology.model_config) ? topology.model_config : null;
  if (!config || !['Functional', 'Model'].includes(config.class_name as string) || !isObject(config.config))
    return fail('modelTopology.model_config is not a Keras functional model');
  const { layers: raw, input_layers: ins, output_layers: outs } = config.config as Config;
  if (!Array.isArray(raw)) return fail('the model has no layer list');
  const endpoint = (list: unknown, what: string): string => {
    if (!Array.isArray(list) || list.length !== 1 || !Array.isArray(list[0]) || typeof list[0][0] !== 'string' || list[0][1] !== 0 || list[0][2] !== 0)
      return fail(`only models with one ${what} are supported`);
    return list[0][0] as string;
  };
  const layers = new Map<string, KerasLayer>();
  for (const l of raw) {
    if (!isObject(l) || typeof l.class_name !== 'string' || typeof l.name !== 'string' || !isObject(l.config) || !Array.isArray(l.inbound_nodes))
      return fail('a layer without class_name, name, config and inbound_nodes');
    if (layers.has(l.name)) fail(`two layers named ${l.name}`);
    // a layer called more than once (shared weights) has several inbound nodes: the peers have none
    if (l.inbound_nodes.length > 1) fail(`layer ${l.name} is called more than once, which is not supported`);
    const node = l.inbound_nodes[0] ?? [];
    if (!Array.isArray(node)) return fail(`layer ${l.name}: malformed inbound_nodes`);
    const inputs = node.map((ref: unknown) => {
      if (!Array.isArray(ref) || typeof ref[0] !== 'string' || ref[1] !== 0 || ref[2] !== 0) return fail(`layer ${l.name}: an input other than another layer's only output`);
      return ref[0] as string;
    });
    layers.set(l.name, { className: l.class_name, name: l.name, config: l.config, inputs });
  }
  const input = endpoint(ins, 'input'), output = endpoint(outs, 'output');
  return { file, layers: topologicalOrder(layers, output, fail), input, output, weights: readWeights(file, (json as Config).weightsManifest, fail) };
}

/** The layers the output depends on, each after its inputs (depth first, without recursion). */
function topologicalOrder(layers: Map<string, KerasLayer>, output: string, fail: (why: string) => never): KerasLayer[] {
  const order: KerasLayer[] = [], state = new Map<string, 'open' | 'done'>();
  const stack: [string, number][] = [[output, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!, [name, next] = top;
    const layer = layers.get(name) ?? fail(`layer ${name} is read but not defined`);
    if (next === 0) state.set(name, 'open');
    if (next < layer.inputs.length) {
      top[1]++;
      const dep = layer.inputs[next]!;
      if (state.get(dep) === 'open') fail(`the graph has a cycle through ${dep}`);
      if (!state.has(dep)) stack.push([dep, 0]);
      continue;
    }
    stack.pop();
    state.set(name, 'done');
    order.push(layer);
  }
  return order;
}

/** The weights manifest's shards, concatenated, cut into named float32 arrays. */
function readWeights(file: string, manifest: unknown, fail: (why: string) => never): KerasModelFile['weights'] {
  const out: KerasModelFile['weights'] = new Map();
  if (!Array.isArray(manifest)) return fail('no weightsManifest');
  const dir = path.dirname(file);
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) return fail('a weightsManifest group without paths and weights');
    const shards = group.paths.map((p: unknown) => {
      // shards sit beside model.json: a path that leaves the folder is refused
      if (typeof p !== 'string' || p !== path.basename(p) || p === '..' || p === '.') return fail(`weight shard path ${JSON.stringify(p)} is not a file name beside model.json`);
      try { return fs.readFileSync(path.join(dir, p)); } catch (e) { return fail(`weight shard ${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
    });
    const bytes = Buffer.concat(shards);
    let offset = 0;
    for (const w of group.weights) {
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0))
        return fail('a weight without a name and a shape');
      if (w.dtype !== 'float32' || (w.quantization !== undefined && w.quantization !== null)) fail(`weight ${w.name}: only unquantized float32 is supported, got ${String(w.dtype)}`);
      const shape = w.shape as number[], n = shape.reduce((a, b) => a * b, 1);
      if (offset + 4 * n > bytes.length) fail(`weight ${w.name} runs past the end of its shards (${bytes.length} bytes)`);
      if (out.has(w.name)) fail(`two weights named ${w.name}`);
      // copy out: the shard buffer's offset need not be 4-byte aligned
      const data = new Float32Array(n);
      new Uint8Array(data.buffer).set(bytes.subarray(offset, offset + 4 * n));
      out.set(w.name, { shape, data });
      offset += 4 * n;
    }
    if (offset !== bytes.length) fail(`the shards hold ${bytes.length} bytes, the weights ${offset}`);
  }
  return out;
}

/**
 * TensorFlow's depth_to_space on an NCHW tensor: input channel (i·block + j)·C + c goes to channel c at
 * offset (i, j) of its block. PyTorch's pixel_shuffle reads channel c·block² + i·block + j instead.
 */
export function depthToSpace(x: Tensor, block: number): Tensor {
  const [n, cb, h, w] = x.shape as [number, number, number, number];
  if (cb % (block * block)) throw new Error(`depthToSpace: ${cb} channels do not split into ${block}×${block} blocks`);
  const c = cb / (block * block);
  return x.contiguous().view(n, block, block, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, h * block, w * block);
}

function activation(name: unknown, where: string): (x: Tensor) => Tensor {
  switch (name) {
    case 'linear': return (x) => x;
    case 'relu': return (x) => x.relu();
    case 'sigmoid': return (x) => x.sigmoid();
    case 'tanh': return (x) => x.tanh();
    default: throw new Error(`${where}: activation ${String(name)} is not supported`);
  }
}

/** Keras Conv2D (stride 1, 'same' or 'valid'), its kernel [kh, kw, in, out] held as PyTorch's [out, in, kh, kw]. */
class KerasConv2D extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly #pad: [number, number, number, number];
  readonly #activation: (x: Tensor) => Tensor;

  constructor(layer: KerasLayer, weights: KerasModelFile['weights'], where: string) {
    super();
    const c = layer.config;
    const ones = (v: unknown) => Array.isArray(v) && v.every((d) => d === 1);
    if (!ones(c.strides) || !ones(c.dilation_rate) || (c.groups ?? 1) !== 1 || (c.data_format ?? 'channels_last') !== 'channels_last')
      throw new Error(`${where}: only stride 1, dilation 1, one group, channels_last convolutions are supported`);
    const kernel = weights.get(`${layer.name}/kernel`);
    if (!kernel || kernel.shape.length !== 4) throw new Error(`${where}: no 4-D weight ${layer.name}/kernel`);
    const [kh, kw, , out] = kernel.shape as [number, number, number, number];
    this.weight = this.param('weight', tidy(() => tensor(kernel.data, kernel.shape).permute(3, 2, 0, 1).contiguous()));
    const bias = c.use_bias === false ? null : weights.get(`${layer.name}/bias`);
    if (bias === undefined || (bias && bias.shape.join() !== String(out))) throw new Error(`${where}: no bias ${layer.name}/bias of [${out}]`);
    this.bias = this.param('bias', bias ? tensor(bias.data, bias.shape) : null);
    // TensorFlow's 'same' at stride 1 pads k − 1 in all, the odd one at the end (bottom, right)
    const same = (k: number) => [Math.floor((k - 1) / 2), k - 1 - Math.floor((k - 1) / 2)];
    if (c.padding === 'same') { const [t, b] = same(kh), [l, r] = same(kw); this.#pad = [l!, r!, t!, b!]; }
    else if (c.padding === 'valid') this.#pad = [0, 0, 0, 0];
    else throw new Error(`${where}: padding ${String(c.padding)} is not supported`);
    this.#activation = activation(c.activation ?? 'linear', where);
  }

  forward(x: Tensor): Tensor {
    const [l, r, t, b] = this.#pad;
    const y = l === r && t === b
      ? F.conv2d(x, this.weight, this.bias, { padding: [t, l] })
      : F.conv2d(F.pad2d(x, this.#pad, 'zeros'), this.weight, this.bias);
    const z = this.#activation(y);
    if (z !== y) y.dispose();
    return z;
  }
}

/** Keras' channel axis of a 4-D channels-last tensor, as an NCHW dim. */
function channelAxis(axis: unknown, where: string): number {
  if (axis === -1 || axis === 3) return 1;
  throw new Error(`${where}: only concatenation on the channel axis (3 or −1) is supported, got ${String(axis)}`);
}

/** The graph as one module: parameters under each Conv2D's layer name ("F_1_1_1.weight"). */
export class KerasGraph extends Module {
  readonly #steps: { name: string; inputs: string[]; run: (xs: Tensor[]) => Tensor }[] = [];
  readonly #input: string;
  readonly #output: string;

  constructor(model: KerasModelFile, custom: Record<string, CustomLayer> = {}) {
    super();
    this.#input = model.input;
    this.#output = model.output;
    const used = new Set<string>();
    for (const layer of model.layers) {
      const where = `${model.file}: layer ${layer.name} (${layer.className})`;
      const one = (f: (x: Tensor) => Tensor) => (xs: Tensor[]) => {
        if (xs.length !== 1) throw new Error(`${where}: takes one input, got ${xs.length}`);
        return f(xs[0]!);
      };
      let run: (xs: Tensor[]) => Tensor;
      switch (layer.className) {
        case 'InputLayer':
          if (layer.name !== model.input) throw new Error(`${where}: an input layer that is not the model's input`);
          continue;
        case 'Conv2D': {
          const conv = this.child(layer.name, new KerasConv2D(layer, model.weights, where));
          used.add(`${layer.name}/kernel`).add(`${layer.name}/bias`);
          run = one((x) => conv.forward(x));
          break;
        }
        case 'Activation': run = one(activation(layer.config.activation, where)); break;
        case 'Concatenate': { const dim = channelAxis(layer.config.axis, where); run = (xs) => cat(xs, dim); break; }
        case 'Add': run = (xs) => xs.slice(1).reduce((s, x) => { const t = s.add(x); if (s !== xs[0]) s.dispose(); return t; }, xs[0]!); break;
        default: {
          const make = custom[layer.className];
          if (!make) throw new Error(`${where}: layer class ${layer.className} is not supported`);
          run = make(layer.config, layer.name);
        }
      }
      this.#steps.push({ name: layer.name, inputs: layer.inputs, run });
    }
    const unused = [...model.weights.keys()].filter((k) => !used.has(k));
    if (unused.length) throw new Error(`${model.file}: weights no layer reads: ${unused.slice(0, 5).join(', ')}`);
    this.eval();
  }

  /** [N, C, H, W] → the output layer's tensor. Each intermediate is freed after its last reader. */
  forward(x: Tensor): Tensor {
    return noGrad(() => {
      const left = new Map<string, number>();
      for (const s of this.#steps) for (const i of s.inputs) left.set(i, (left.get(i) ?? 0) + 1);
      const values = new Map<string, Tensor>([[this.#input, x]]);
      try {
        for (const s of this.#steps) {
          const xs = s.inputs.map((i) => values.get(i)!);
          let y = s.run(xs);
          // a layer that hands back its input ('linear') gets its own tensor, so each is freed once
          if (xs.includes(y)) y = y.clone();
          values.set(s.name, y);
          for (const i of s.inputs) {
            const n = left.get(i)! - 1;
            left.set(i, n);
            if (n === 0 && i !== this.#input && i !== this.#output) { values.get(i)!.dispose(); values.delete(i); }
          }
        }
        const out = values.get(this.#output)!;
        values.delete(this.#output);
        return out;
      } finally {
        for (const [k, t] of values) if (k !== this.#input) t.dispose();
      }
    });
  }
}
