// Adam, step for step the arithmetic of PyTorch's torch.optim.Adam (non-amsgrad, single-tensor path),
// so updates match PyTorch to float rounding and resume is exact.
import { noGrad } from './autograd.js';
import { keep, tidy } from './scope.js';
import { call, zeros, zerosLike, type Tensor } from './tensor.js';

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number }

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
  #state: (ParamState | null)[];
  readonly #scratch = new Map<string, Tensor>();
  /** Set by a data-parallel wrapper; null for one process. */
  gradSync: GradSync | null = null;

  constructor(readonly params: Tensor[], o: AdamOptions = {}) {
    this.lr = o.lr ?? 1e-3;
    this.betas = o.betas ?? [0.9, 0.999];
    this.eps = o.eps ?? 1e-8;
    this.weightDecay = o.weightDecay ?? 0;
    this.#state = params.map(() => null);
  }

  /** Forgets gradients (PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
    this.gradSync?.afterZeroGrad();
  }

  step(): void {
    this.gradSync?.beforeStep();
    const [b1, b2] = this.betas;
    noGrad(() => tidy(() => {
      this.params.forEach((p, i) => {
        let g = p.grad;
        if (!g) return;
        const s = (this.#state[i] ??= { step: 0, expAvg: keep(zerosLike(p)), expAvgSq: keep(zerosLike(p)) });
        s.step += 1;
        if (this.weightDecay) g = g.add(p, this.weightDecay);
        s.expAvg.mul_(b1).add_(g, 1 - b1);
        s.expAvgSq.mul_(b2).addcmul_(g, g, 1 - b2);
        const stepSize = this.lr / (1 - b1 ** s.step);
        const denom = this.#scratchLike(s.expAvgSq);
        call('aten::sqrt.out', [s.expAvgSq], { out: denom });
        denom.div_(Math.sqrt(1 - b2 ** s.step)).add_(this.eps);
        p.addcdiv_(s.expAvg, denom, -stepSize);
      });
    }));
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
      return { step, expAvg: keep(m.clone()), expAvgSq: keep(v.clone()) };
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
