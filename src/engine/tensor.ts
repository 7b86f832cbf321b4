// Tensor: the typed TypeScript face of one libtorch tensor. Every method is one ATen operator
// called through the dispatcher, so autograd and autocast behave exactly as in PyTorch.
import { arrayFor, dtypeOfArray, float32FromBf16, type DType, type TypedArray } from './dtype.js';
import { native, type Handle, type OpHandle } from './native.js';
import { track } from './scope.js';

const ops = new Map<string, OpHandle>();

/** Resolves 'aten::name' or 'aten::name.overload' once. */
export function opHandle(qualified: string): OpHandle {
  let h = ops.get(qualified);
  if (!h) {
    const [ns, rest] = qualified.split('::') as [string, string];
    const dot = rest.indexOf('.');
    h = dot < 0 ? native.findOp(qualified, '') : native.findOp(`${ns}::${rest.slice(0, dot)}`, rest.slice(dot + 1));
    ops.set(qualified, h);
  }
  return h;
}

/** Whether an operator has a kernel of its own for a backend ('CPU', 'CUDA', …), not just a schema. */
export function hasKernel(qualified: string, backend: string): boolean {
  try {
    return native.hasKernel(opHandle(qualified), backend);
  } catch {
    return false; // an operator this libtorch does not know
  }
}

function toNative(v: unknown): unknown {
  if (v instanceof Tensor) return v.handle;
  if (Array.isArray(v) && v.length && v.some((x) => x instanceof Tensor)) return v.map(toNative);
  return v;
}

function fromNative(v: unknown, inputs: unknown[]): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => fromNative(x, inputs));
  for (const i of inputs) if (i instanceof Tensor && i.handle === v) return i; // written in place
  return new Tensor(v as Handle);
}

/**
 * Calls any ATen operator: positional args, then named ones (`{alpha: 2}`), then the schema's defaults.
 * Tensors come back as new Tensors (owned by the current tidy scope); an input written in place comes back as itself.
 */
export function call(qualified: string, args: unknown[], kwargs?: Record<string, unknown>): any {
  const nargs = args.map(toNative);
  const nkw = kwargs && Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, toNative(v)]));
  return fromNative(native.call(opHandle(qualified), nargs, nkw), args);
}

export type Scalar = number;
type TensorOrScalar = Tensor | Scalar;

export class Tensor {
  #handle: Handle | null;

  constructor(handle: Handle) {
    this.#handle = handle;
    track(this);
  }

  /** The addon handle; throws once disposed. */
  get handle(): Handle {
    if (!this.#handle) throw new Error('tensor was disposed');
    return this.#handle;
  }

  get isDisposed(): boolean {
    return this.#handle === null;
  }

  dispose(): void {
    if (this.#handle) native.dispose(this.#handle);
    this.#handle = null;
  }

  get shape(): number[] { return native.shape(this.handle); }
  get dtype(): DType { return native.dtype(this.handle) as DType; }
  get device(): string { return native.meta(this.handle).device; }
  get ndim(): number { return this.shape.length; }
  get size(): number { return this.shape.reduce((a, b) => a * b, 1); }

  /** Values as a typed array (bfloat16 and float16 come back as float32). */
  data(): TypedArray {
    const d = this.dtype;
    if (d === 'float16') {
      const f = this.to('float32');
      try { return f.data(); } finally { f.dispose(); }
    }
    const a = native.toArray(this.handle) as TypedArray;
    return d === 'bfloat16' ? float32FromBf16(a as Uint16Array) : a;
  }
  /** Values as plain numbers. */
  toArray(): number[] { return Array.from(this.data() as ArrayLike<number | bigint>, Number); }
  item(): number { return native.item(this.handle); }

  // ---- autograd
  get requiresGrad(): boolean { return native.requiresGrad(this.handle); }
  requiresGrad_(on = true): this { native.setRequiresGrad(this.handle, on); return this; }
  /** The accumulated gradient, as a new handle to it (dispose it when done), or null. */
  get grad(): Tensor | null {
    const g = native.getGrad(this.handle);
    return g ? new Tensor(g) : null;
  }
  set grad(g: Tensor | null) { native.setGrad(this.handle, g ? g.handle : null); }
  get isLeaf(): boolean { return native.isLeaf(this.handle); }
  backward(gradient?: Tensor, opts: { retainGraph?: boolean; createGraph?: boolean } = {}): void {
    native.backward([this.handle], gradient ? [gradient.handle] : null, opts.retainGraph, opts.createGraph ?? false);
  }
  detach(): Tensor { return call('aten::detach', [this]); }

  // ---- conversion and layout
  to(dtype: DType): Tensor { return call('aten::to.dtype', [this, dtype]); }
  toDevice(device: string): Tensor { return call('aten::to.device', [this, device, this.dtype]); }
  float(): Tensor { return this.to('float32'); }
  clone(): Tensor { return call('aten::clone', [this]); }
  contiguous(format: 'contiguous' | 'channels_last' = 'contiguous'): Tensor {
    return call('aten::contiguous', [this], { memory_format: format });
  }
  reshape(...shape: number[]): Tensor { return call('aten::reshape', [this, shape]); }
  view(...shape: number[]): Tensor { return call('aten::view', [this, shape]); }
  flatten(start = 0, end = -1): Tensor { return call('aten::flatten.using_ints', [this, start, end]); }
  permute(...dims: number[]): Tensor { return call('aten::permute', [this, dims]); }
  transpose(a: number, b: number): Tensor { return call('aten::transpose.int', [this, a, b]); }
  unsqueeze(dim: number): Tensor { return call('aten::unsqueeze', [this, dim]); }
  squeeze(dim?: number): Tensor { return dim === undefined ? call('aten::squeeze', [this]) : call('aten::squeeze.dim', [this, dim]); }
  expand(...shape: number[]): Tensor { return call('aten::expand', [this, shape]); }
  repeat(...times: number[]): Tensor { return call('aten::repeat', [this, times]); }
  /** Elements start..end (exclusive) of one dimension, with a step; a view. */
  slice(dim: number, start: number, end?: number, step = 1): Tensor {
    return call('aten::slice.Tensor', [this, dim, start, end ?? null, step]);
  }
  select(dim: number, index: number): Tensor { return call('aten::select.int', [this, dim, index]); }
  indexSelect(dim: number, index: Tensor): Tensor { return call('aten::index_select', [this, dim, index]); }
  flip(dims: number[]): Tensor { return call('aten::flip', [this, dims]); }

  // ---- arithmetic (broadcasting, tensors or scalars)
  add(o: TensorOrScalar, alpha = 1): Tensor {
    return binary(this, 'add', o, [alpha]);
  }
  sub(o: TensorOrScalar, alpha = 1): Tensor {
    return binary(this, 'sub', o, [alpha]);
  }
  mul(o: TensorOrScalar): Tensor {
    return binary(this, 'mul', o);
  }
  div(o: TensorOrScalar): Tensor {
    return binary(this, 'div', o);
  }
  pow(e: TensorOrScalar): Tensor {
    return binary(this, 'pow', e, [], ['Tensor_Tensor', 'Tensor_Scalar']);
  }
  /** s - this */
  rsub(s: Scalar): Tensor { return call('aten::rsub.Scalar', [this, s]); }
  neg(): Tensor { return call('aten::neg', [this]); }
  abs(): Tensor { return call('aten::abs', [this]); }
  square(): Tensor { return call('aten::square', [this]); }
  sqrt(): Tensor { return call('aten::sqrt', [this]); }
  rsqrt(): Tensor { return call('aten::rsqrt', [this]); }
  exp(): Tensor { return call('aten::exp', [this]); }
  log(): Tensor { return call('aten::log', [this]); }
  sign(): Tensor { return call('aten::sign', [this]); }
  clamp(min: number | null, max: number | null = null): Tensor { return call('aten::clamp', [this, min, max]); }
  matmul(o: Tensor): Tensor { return call('aten::matmul', [this, o]); }
  maximum(o: Tensor): Tensor { return call('aten::maximum', [this, o]); }
  minimum(o: Tensor): Tensor { return call('aten::minimum', [this, o]); }
  where(cond: Tensor, other: Tensor): Tensor { return call('aten::where.self', [cond, this, other]); }

  // ---- comparisons (bool tensors)
  gt(o: TensorOrScalar): Tensor { return binary(this, 'gt', o); }
  lt(o: TensorOrScalar): Tensor { return binary(this, 'lt', o); }
  ge(o: TensorOrScalar): Tensor { return binary(this, 'ge', o); }
  eq(o: TensorOrScalar): Tensor { return binary(this, 'eq', o); }

  // ---- reductions
  sum(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? call('aten::sum', [this]) : call('aten::sum.dim_IntList', [this, [dim].flat(), keepdim]);
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return dim === undefined ? call('aten::mean', [this]) : call('aten::mean.dim', [this, [dim].flat(), keepdim]);
  }
  var(dim: number | number[], unbiased = true, keepdim = false): Tensor {
    return call('aten::var.dim', [this, [dim].flat(), unbiased, keepdim]);
  }
  max(): Tensor { return call('aten::max', [this]); }
  min(): Tensor { return call('aten::min', [this]); }
  amax(dim: number | number[], keepdim = false): Tensor { return call('aten::amax', [this, [dim].flat(), keepdim]); }
  argmax(dim?: number, keepdim = false): Tensor { return call('aten::argmax', [this, dim ?? null, keepdim]); }
  norm(): Tensor { return call('aten::linalg_vector_norm', [this]); }

  // ---- activations
  relu(): Tensor { return call('aten::relu', [this]); }
  leakyRelu(slope = 0.01): Tensor { return call('aten::leaky_relu', [this, slope]); }
  tanh(): Tensor { return call('aten::tanh', [this]); }
  sigmoid(): Tensor { return call('aten::sigmoid', [this]); }
  softmax(dim: number): Tensor { return call('aten::softmax.int', [this, dim]); }

  // ---- in place (optimizers, initialisers, buffers); they return this
  add_(o: TensorOrScalar, alpha = 1): this {
    return binary(this, 'add_', o, [alpha]);
  }
  sub_(o: TensorOrScalar, alpha = 1): this {
    return binary(this, 'sub_', o, [alpha]);
  }
  mul_(o: TensorOrScalar): this {
    return binary(this, 'mul_', o);
  }
  div_(o: TensorOrScalar): this {
    return binary(this, 'div_', o);
  }
  addcmul_(a: Tensor, b: Tensor, value = 1): this { return call('aten::addcmul_', [this, a, b], { value }); }
  addcdiv_(a: Tensor, b: Tensor, value = 1): this { return call('aten::addcdiv_', [this, a, b], { value }); }
  lerp_(end: Tensor, weight: number): this { return call('aten::lerp_.Scalar', [this, end, weight]); }
  sqrt_(): this { return call('aten::sqrt_', [this]); }
  clamp_(min: number | null, max: number | null = null): this { return call('aten::clamp_', [this, min, max]); }
  copy_(src: Tensor): this { return call('aten::copy_', [this, src]); }
  zero_(): this { return call('aten::zero_', [this]); }
  fill_(v: Scalar): this { return call('aten::fill_.Scalar', [this, v]); }
  normal_(mean = 0, std = 1): this { return call('aten::normal_', [this, mean, std]); }
  uniform_(from = 0, to = 1): this { return call('aten::uniform_', [this, from, to]); }

  toString(): string {
    return this.isDisposed ? 'Tensor(disposed)' : `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

/**
 * An ATen operator that has a tensor and a scalar overload (add.Tensor / add.Scalar, …): the one place
 * that picks the overload by the operand's kind. `rest` follows the operand (alpha).
 */
function binary(self: Tensor, op: string, other: TensorOrScalar, rest: unknown[] = [], [t, s] = ['Tensor', 'Scalar']): any {
  return call(`aten::${op}.${other instanceof Tensor ? t : s}`, [self, other, ...rest]);
}

// ---- creation

export interface Options { dtype?: DType; device?: string; requiresGrad?: boolean }

function finish(t: Tensor, o: Options): Tensor {
  return o.requiresGrad ? t.requiresGrad_(true) : t;
}

/** A tensor from values; shape defaults to 1-D. Plain numbers become float32 unless dtype says otherwise. */
export function tensor(values: ArrayLike<number> | TypedArray, shape?: number[], opts: Options = {}): Tensor {
  const isTyped = ArrayBuffer.isView(values);
  if (shape && !shape.every((d) => Number.isInteger(d))) throw new RangeError(`tensor: shape [${shape}] must hold integers`);
  // dtypeOfArray refuses a Uint16Array without a dtype: its bits could be bfloat16 or float16.
  const dtype = opts.dtype ?? (isTyped ? dtypeOfArray(values as TypedArray) : 'float32');
  // A typed array already in the dtype's layout goes as is (a Uint16Array as raw bfloat16/float16 bits).
  const raw16 = values instanceof Uint16Array;
  const asIs = isTyped && (raw16 ? dtype === 'bfloat16' || dtype === 'float16' : dtypeOfArray(values as TypedArray) === dtype);
  const arr = asIs ? (values as TypedArray) : arrayFor(Array.from(values as ArrayLike<number>, Number), dtype);
  let t = new Tensor(native.fromArray(arr, shape ?? [arr.length], dtype));
  if (opts.device && opts.device !== 'cpu') {
    const moved = t.toDevice(opts.device);
    t.dispose();
    t = moved;
  }
  return finish(t, opts);
}

function factory(name: string, shape: number[], o: Options, extra: unknown[] = []): Tensor {
  return finish(call(name, [shape, ...extra], { dtype: o.dtype ?? 'float32', device: o.device ?? null }), o);
}

export const zeros = (shape: number[], o: Options = {}) => factory('aten::zeros', shape, o);
export const ones = (shape: number[], o: Options = {}) => factory('aten::ones', shape, o);
export const empty = (shape: number[], o: Options = {}) => factory('aten::empty.memory_format', shape, o);
export const full = (shape: number[], value: number, o: Options = {}) => factory('aten::full', shape, o, [value]);
/** Standard normal samples from the global generator (seed it with manualSeed). */
export const randn = (shape: number[], o: Options = {}) => factory('aten::randn', shape, o);
/** Uniform [0, 1) samples from the global generator. */
export const rand = (shape: number[], o: Options = {}) => factory('aten::rand', shape, o);
export function arange(end: number, o: Options = {}): Tensor {
  return finish(call('aten::arange', [end], { dtype: o.dtype ?? 'int64', device: o.device ?? null }), o);
}
export const zerosLike = (t: Tensor) => call('aten::zeros_like', [t]) as Tensor;
export const onesLike = (t: Tensor) => call('aten::ones_like', [t]) as Tensor;
export const fullLike = (t: Tensor, v: number) => call('aten::full_like', [t, v]) as Tensor;

export function cat(ts: Tensor[], dim = 0): Tensor { return call('aten::cat', [ts, dim]); }
export function stack(ts: Tensor[], dim = 0): Tensor { return call('aten::stack', [ts, dim]); }
