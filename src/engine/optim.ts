// Adam, step for step the arithmetic of PyTorch's torch.optim.Adam (non-amsgrad, single-tensor path),
// so updates match PyTorch to float rounding and resume is exact. By default the whole update runs as one
// fused op over all parameters (libtorch's `_fused_adam_` where the build has it for the device, else
// the addon's `tessera::adam_` on CPU): each array is read and written once instead of ~10 passes.
import { noGrad } from './autograd.js';
import { keep, tidy } from './scope.js';
import { call, hasKernel, zeros, zerosLike, type Tensor } from './tensor.js';

export type FusedAdamKernel = 'aten::_fused_adam_' | 'tessera::adam_';

/**
 * fused: one op over all parameters: true (the default) picks the kernel per device, a kernel's name
 * forces it (tests); false keeps PyTorch's per-parameter sequence of ops.
 */
export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number; fused?: boolean | FusedAdamKernel;
}

/** The fused kernel for a device: libtorch's own where it has one, the addon's on CPU, else none. */
export function fusedAdamKernel(device: string): FusedAdamKernel | null {
  const backend = device.split(':')[0]!.toUpperCase();
  if (hasKernel('aten::_fused_adam_', backend)) return 'aten::_fused_adam_';
  return backend === 'CPU' ? 'tessera::adam_' : null;
}

/**
 * Keeps gradients in step across processes (train/ddp.ts): told when gradients are cleared, before the
 * backward passes that fill them, and before an update reads them.
 */
export interface GradSync {
  afterZeroGrad(): void;
  beforeStep(): void;
}

interface ParamState { step: number; expAvg: Tensor; expAvgSq: Tensor }

/** Optimizer state in plain numbers plus named tensors, ready for safetensors + JSON. */
export interface AdamState {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  steps: number[];
  tensors: Record<string, Tensor>;
}

export class Adam implements Optimizer {
  lr: number;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly fused: boolean | FusedAdamKernel;
  #state: (ParamState | null)[];
  readonly #scratch = new Map<string, Tensor>();
  /** Set by a data-parallel wrapper; null for one process. */
  gradSync: GradSync | null = null;

  constructor(readonly params: Tensor[], o: AdamOptions = {}) {
    this.lr = o.lr ?? 1e-3;
    this.betas = o.betas ?? [0.9, 0.999];
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0;
    this.fused = o.fused ?? true;
    this.#state = params.map(() => null);
  }

  /** Forgets gradients (PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
    this.gradSync?.afterZeroGrad();
  }

  step(): void {
    this.gradSync?.beforeStep();
    noGrad(() => tidy(() => {
      const rest = this.fused ? this.#fusedStep() : this.params.map((_, i) => i);
      for (const i of rest) this.#paramStep(i);
    }));
  }

  /**
   * One fused op per (kernel, device, dtype) group of parameters with gradients; returns the indices it
   * could not take (no fused kernel for their device), for the per-parameter path.
   */
  #fusedStep(): number[] {
    const [b1, b2] = this.betas;
    const groups = new Map<string, number[]>(), rest: number[] = [];
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      const kernel = this.fused === true ? fusedAdamKernel(p.device) : this.fused as FusedAdamKernel;
      if (!kernel) { rest.push(i); return; }
      // libtorch's kernel takes one lr for the list: parameters at different step counts go apart
      const step = (this.#state[i]?.step ?? 0) + 1;
      const key = `${kernel} ${p.device} ${p.dtype}${kernel === 'aten::_fused_adam_' ? ` ${step}` : ''}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
    });
    for (const [key, idx] of groups) {
      const ps = idx.map((i) => this.params[i]!), gs = ps.map((p) => p.grad!);
      const st = idx.map((i) => {
        const s = this.#stateOf(i);
        s.step += 1;
        return s;
      });
      const ms = st.map((s) => s.expAvg), vs = st.map((s) => s.expAvgSq);
      if (key.startsWith('aten::')) {
        const steps = call('aten::scalar_tensor', [st[0]!.step], { dtype: 'float32', device: ps[0]!.device });
        call('aten::_fused_adam_', [ps, gs, ms, vs, [], idx.map(() => steps)], {
          lr: this.lr, beta1: b1, beta2: b2, weight_decay: this.weightDecay, eps: this.eps, amsgrad: false, maximize: false,
        });
      } else {
        call('tessera::adam_', [ps, gs, ms, vs, st.map((s) => this.lr / (1 - b1 ** s.step)), st.map((s) => Math.sqrt(1 - b2 ** s.step))], {
          beta1: b1, beta2: b2, eps: this.eps, weight_decay: this.weightDecay,
        });
      }
    }
    return rest;
  }

  #stateOf(i: number): ParamState {
    const p = this.params[i]!;
    return (this.#state[i] ??= { step: 0, expAvg: keep(zerosLike(p)), expAvgSq: keep(zerosLike(p)) });
  }

  /** PyTorch's single-tensor sequence for parameter i. */
  #paramStep(i: number): void {
    const [b1, b2] = this.betas;
    const p = this.params[i]!;
    let g = p.grad;
    if (!g) return;
    const s = this.#stateOf(i);
    s.step += 1;
    if (this.weightDecay) g = g.add(p, this.weightDecay);
    s.expAvg.mul_(b1).add_(g, 1 - b1);
    s.expAvgSq.mul_(b2).addcmul_(g, g, 1 - b2);
    const stepSize = this.lr / (1 - b1 ** s.step);
    const denom = this.#scratchLike(s.expAvgSq);
    call('aten::sqrt.out', [s.expAvgSq], { out: denom });
    denom.div_(Math.sqrt(1 - b2 ** s.step)).add_(this.eps);
    p.addcdiv_(s.expAvg, denom, -stepSize);
  }

  /**
   * A view of a reused buffer shaped like t, for the per-parameter denominator: a fresh tensor per
   * parameter (as PyTorch allocates) costs more in page faults than the sqrt itself on large weights.
   */
  #scratchLike(t: Tensor): Tensor {
    const n = t.size;
    let buf = this.#scratch.get(t.dtype);
    if (!buf || buf.size < n) {
      buf?.dispose();
      const size = Math.max(n, ...this.params.filter((p) => p.dtype === t.dtype).map((p) => p.size));
      buf = keep(zeros([size], { dtype: t.dtype }));
      this.#scratch.set(t.dtype, buf);
    }
    return buf.slice(0, 0, n).view(...t.shape);
  }

  state(): AdamState {
    const tensors: Record<string, Tensor> = {};
    const steps = this.#state.map((s, i) => {
      if (s) { tensors[`${i}.exp_avg`] = s.expAvg; tensors[`${i}.exp_avg_sq`] = s.expAvgSq; }
      return s?.step ?? 0;
    });
    return { lr: this.lr, betas: this.betas, eps: this.eps, weightDecay: this.weightDecay, steps, tensors };
  }

  /** Restores moments and step counts (copied, so the caller may dispose its tensors). */
  loadState(st: AdamState): void {
    if (st.steps.length !== this.params.length)
      throw new Error(`optimizer state has ${st.steps.length} parameters, this optimizer ${this.params.length}`);
    const next = st.steps.map((step, i) => {
      if (!step) return null;
      const m = st.tensors[`${i}.exp_avg`], v = st.tensors[`${i}.exp_avg_sq`];
      if (!m || !v) throw new Error(`optimizer state lacks moments of parameter ${i}`);
      const p = this.params[i]!;
      if (String(m.shape) !== String(p.shape) || String(v.shape) !== String(p.shape))
        throw new Error(`optimizer state: moments of parameter ${i} have shape [${m.shape}], the parameter [${p.shape}]`);
      // laid out as the parameter (the fused kernels walk all four arrays as one flat layout)
      return { step, expAvg: keep(zerosLike(p).copy_(m)), expAvgSq: keep(zerosLike(p).copy_(v)) };
    });
    this.dispose();
    this.lr = st.lr;
    this.#state = next;
  }

  dispose(): void {
    for (const s of this.#state) { s?.expAvg.dispose(); s?.expAvgSq.dispose(); }
    for (const b of this.#scratch.values()) b.dispose();
    this.#scratch.clear();
    this.#state = this.params.map(() => null);
  }
}

/** What the trainers need of an optimizer: Adam and RMSprop both save this state. */
export interface Optimizer {
  lr: number;
  readonly params: Tensor[];
  gradSync: GradSync | null;
  zeroGrad(): void;
  step(): void;
  state(): AdamState;
  loadState(st: AdamState): void;
  dispose(): void;
}

export interface RMSpropOptions { lr?: number; alpha?: number; eps?: number; weightDecay?: number }

/**
 * RMSprop, the arithmetic of PyTorch's torch.optim.RMSprop without momentum or centring (the solver WGAN
 * and DualGAN train with): v ← αv + (1−α)g², p ← p − lr·g / (√v + ε). Its state reuses Adam's shape, with
 * `betas` holding [α, 0] and one moment per parameter (`<i>.square_avg`).
 */
export class RMSprop implements Optimizer {
  lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  #state: ({ step: number; squareAvg: Tensor } | null)[];
  gradSync: GradSync | null = null;

  constructor(readonly params: Tensor[], o: RMSpropOptions = {}) {
    this.lr = o.lr ?? 1e-2;
    this.alpha = o.alpha ?? 0.99;
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0;
    this.#state = params.map(() => null);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
    this.gradSync?.afterZeroGrad();
  }

  step(): void {
    this.gradSync?.beforeStep();
    noGrad(() => tidy(() => {
      this.params.forEach((p, i) => {
        let g = p.grad;
        if (!g) return;
        const s = (this.#state[i] ??= { step: 0, squareAvg: keep(zerosLike(p)) });
        s.step += 1;
        if (this.weightDecay) g = g.add(p, this.weightDecay);
        s.squareAvg.mul_(this.alpha).addcmul_(g, g, 1 - this.alpha);
        const avg = call('aten::sqrt', [s.squareAvg]).add_(this.eps);
        p.addcdiv_(g, avg, -this.lr);
      });
    }));
  }

  state(): AdamState {
    const tensors: Record<string, Tensor> = {};
    const steps = this.#state.map((s, i) => {
      if (s) tensors[`${i}.square_avg`] = s.squareAvg;
      return s?.step ?? 0;
    });
    return { lr: this.lr, betas: [this.alpha, 0], eps: this.eps, weightDecay: this.weightDecay, steps, tensors };
  }

  loadState(st: AdamState): void {
    if (st.steps.length !== this.params.length)
      throw new Error(`optimizer state has ${st.steps.length} parameters, this optimizer ${this.params.length}`);
    if (st.betas[0] !== this.alpha) throw new Error(`optimizer state has RMSprop alpha ${st.betas[0]}, this optimizer ${this.alpha}`);
    const next = st.steps.map((step, i) => {
      if (!step) return null;
      const v = st.tensors[`${i}.square_avg`];
      if (!v) throw new Error(`optimizer state lacks the square average of parameter ${i}`);
      return { step, squareAvg: keep(v.clone()) };
    });
    this.dispose();
    this.lr = st.lr;
    this.#state = next;
  }

  dispose(): void {
    for (const s of this.#state) s?.squareAvg.dispose();
    this.#state = this.params.map(() => null);
  }
}
