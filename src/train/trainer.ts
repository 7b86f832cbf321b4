// What the two GAN trainers share: the batch they take, the events they emit, the state they save.
import { Adam, autocast, type Optimizer, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import type { ImagePool } from './pool.js';
import type { RngState } from '../util/rng.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface Batch {
  /** Network input, [N, C, H, W] float in [-1, 1]. */
  A: Tensor;
  /** Target (pix2pix) or the other domain (CycleGAN). */
  B: Tensor;
}

export type Losses = Record<string, number>;

export type TrainerEvent =
  | { type: 'losses'; losses: Losses }
  /** Detached images of this step (input | output | target …); valid only while the listener runs. */
  | { type: 'images'; images: Record<string, Tensor> };

export type Listener = (e: TrainerEvent) => void;

export type Precision = 'fp32' | 'bf16';
export const PRECISIONS: readonly Precision[] = ['fp32', 'bf16'];

/** The optimiser of every trainer; lr and beta1 default per model (defaults.ts). */
export const OPTIM_OPTIONS: OptionSchema = [
  { key: 'lr', flag: '--lr <x>', type: 'float', min: 0, paper: 2e-4, help: 'initial learning rate (Adam; RMSprop for dualgan)' },
  { key: 'beta1', flag: '--beta1 <x>', type: 'float', paper: 0.5, help: 'Adam beta1 (beta2 is 0.999)' },
  { key: 'precision', flag: '--precision <p>', type: 'choice', choices: PRECISIONS, default: 'fp32', help: 'fp32 | bf16 (autocast: bf16 convolutions, fp32 losses and weights)' },
];

export interface OptimOptions {
  /** Adam learning rate (reference 2e-4). */
  lr: number;
  /** Adam beta1 (reference 0.5); beta2 is 0.999. */
  beta1: number;
  precision: Precision;
  /** Adam's L2 weight decay (PyTorch's weight_decay, added to the gradient); 0 unless a model's paper uses it. */
  weightDecay?: number;
}

/** Everything a trainer needs to continue exactly: plain JSON plus named tensors. */
export interface TrainerState {
  json: {
    optimizers: Record<string, { lr: number; betas: [number, number]; eps: number; weightDecay: number; steps: number[] }>;
    pools: Record<string, { rng: RngState; count: number }>;
    /** What a trainer must be resumed with, where it checks that itself (the mosaic detector). */
    recipe?: Record<string, unknown>;
  };
  /** Keys: `net.<name>.<state-dict key>`, `optim.<name>.<i>.exp_avg…`, `pool.<name>.<i>`. Live tensors: do not dispose. */
  tensors: Map<string, Tensor>;
}

export interface Trainer {
  readonly networks: Record<string, Module>;
  readonly optimizers: Record<string, Optimizer>;
  readonly pools: Record<string, ImagePool>;
  /** One optimisation step; returns the losses (also emitted). With `images`, emits this step's images. */
  step(batch: Batch, images?: boolean): Losses;
  /** Sets the learning rate of every optimizer. */
  setLr(lr: number): void;
  on(listener: Listener): () => void;
  state(): TrainerState;
  load(state: TrainerState): void;
}

/** Listener bookkeeping, optimizer/pool state and precision handling common to both trainers. */
export abstract class TrainerBase implements Trainer {
  abstract readonly networks: Record<string, Module>;
  abstract readonly optimizers: Record<string, Optimizer>;
  readonly pools: Record<string, ImagePool> = {};
  readonly #listeners = new Set<Listener>();

  constructor(readonly optim: OptimOptions) {}

  abstract step(batch: Batch, images?: boolean): Losses;

  on(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected emit(e: TrainerEvent): void {
    for (const l of this.#listeners) l(e);
  }

  /** Runs a forward computation in bf16 autocast when asked; backward and updates stay outside. */
  protected amp<T>(fn: () => T): T {
    return autocast(fn, this.optim.precision === 'bf16');
  }

  protected adam(nets: Module[]): Adam {
    return new Adam(uniqueParameters(nets), { lr: this.optim.lr, betas: [this.optim.beta1, 0.999], weightDecay: this.optim.weightDecay ?? 0 });
  }

  setLr(lr: number): void {
    for (const o of Object.values(this.optimizers)) o.lr = lr;
  }

  state(): TrainerState {
    const tensors = new Map<string, Tensor>();
    const json: TrainerState['json'] = { optimizers: {}, pools: {} };
    for (const [name, net] of Object.entries(this.networks))
      for (const [k, t] of net.stateDict()) tensors.set(`net.${name}.${k}`, t);
    for (const [name, opt] of Object.entries(this.optimizers)) {
      const { tensors: moments, ...rest } = opt.state();
      json.optimizers[name] = rest;
      for (const [k, t] of Object.entries(moments)) tensors.set(`optim.${name}.${k}`, t);
    }
    for (const [name, pool] of Object.entries(this.pools)) {
      json.pools[name] = pool.state();
      pool.images.forEach((t, i) => tensors.set(`pool.${name}.${i}`, t));
    }
    return { json, tensors };
  }

  load(st: TrainerState): void {
    const under = (prefix: string) => new Map([...st.tensors].filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));
    for (const [name, net] of Object.entries(this.networks)) net.loadStateDict(under(`net.${name}.`), { source: `network ${name}` });
    for (const [name, opt] of Object.entries(this.optimizers)) {
      const s = st.json.optimizers[name];
      if (!s) throw new Error(`training state lacks optimizer ${name}`);
      opt.loadState({ ...s, tensors: Object.fromEntries(under(`optim.${name}.`)) });
    }
    for (const [name, pool] of Object.entries(this.pools)) {
      const s = st.json.pools[name];
      if (!s) throw new Error(`training state lacks image pool ${name}`);
      const images = Array.from({ length: s.count }, (_, i) => {
        const t = st.tensors.get(`pool.${name}.${i}`);
        if (!t) throw new Error(`training state lacks image ${i} of pool ${name}`);
        return t;
      });
      pool.load(s, images);
    }
  }
}

/** Turns gradient tracking of every parameter of the networks on or off (the reference's set_requires_grad). */
export function setRequiresGrad(nets: Module[], on: boolean): void {
  for (const n of nets) for (const p of n.parameters()) p.requiresGrad_(on);
}

/** The parameters of several networks, each tensor once (a layer shared by two networks is one tensor). */
export function uniqueParameters(nets: Module[]): Tensor[] {
  return [...new Set(nets.flatMap((n) => n.parameters()))];
}
