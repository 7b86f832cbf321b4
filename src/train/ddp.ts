// Data-parallel training over a process group, PyTorch's DistributedDataParallel recipe applied to any
// trainer: every rank starts from rank 0's weights, each optimizer's gradients are averaged over ranks
// before it steps, batch norm statistics optionally span every rank, and the loop agrees once per step
// on the losses it logs and on whether to stop.
import { cat, GradientReducer, noGrad, tensor, tidy, zerosLike, type ProcessGroup, type Tensor } from '../engine/index.js';
import { BatchNorm2d } from '../nn/index.js';
import type { Losses, Trainer } from './trainer.js';

export interface DataParallelOptions {
  group: ProcessGroup;
  /**
   * true (default): libtorch's DDP Reducer allreduces gradient buckets from autograd hooks while backward
   * still runs; false: buckets are allreduced after backward, just before the optimizer steps.
   */
  overlap?: boolean;
  /** Gradient bucket size (DDP's default 25 MiB). */
  bucketBytes?: number;
  /** Batch norm statistics over the whole batch of every rank (SyncBatchNorm); default: per process. */
  syncBn?: boolean;
}

/** What the training loop asks of data parallelism (loop.ts). */
export interface LoopParallel {
  readonly rank: number;
  readonly worldSize: number;
  /** Called once the trainer holds its starting state (fresh or resumed): every rank takes rank 0's. */
  start(): void;
  /** Every rank's losses averaged, and whether any rank asked to stop; one collective per step. */
  agree(losses: Losses, stop: boolean): { losses: Losses; stop: boolean };
}

export class DataParallel implements LoopParallel {
  readonly rank: number;
  readonly worldSize: number;
  readonly #reducers: GradientReducer[] = [];

  constructor(readonly trainer: Trainer, readonly o: DataParallelOptions) {
    const { group } = o;
    this.rank = group.rank;
    this.worldSize = group.worldSize;
    if (o.syncBn)
      for (const net of Object.values(trainer.networks))
        for (const [, m] of net.modules()) if (m instanceof BatchNorm2d) m.syncGroup = group;
    const bucketBytes = o.bucketBytes ?? 25 * 2 ** 20;
    for (const opt of Object.values(trainer.optimizers)) {
      if (o.overlap ?? true) {
        const reducer = new GradientReducer(group, opt.params, bucketBytes);
        this.#reducers.push(reducer);
        opt.gradSync = { afterZeroGrad: () => reducer.prepare(), beforeStep: () => {} };
      } else {
        opt.gradSync = { afterZeroGrad: () => {}, beforeStep: () => averageGradients(group, opt.params, bucketBytes) };
      }
    }
  }

  start(): void {
    const { group } = this.o;
    // Same keys in the same order on every rank, or the broadcasts below would pair wrong tensors.
    const state = [...this.trainer.state().tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const signature = state.map(([k, t]) => `${k}:${t.shape.join('x')}:${t.dtype}`).join(';');
    tidy(() => {
      const mine = tensor([state.length, hashString(signature)], [2], { dtype: 'float64' });
      const all = mine.clone();
      group.allreduce(all);
      const [count, hash] = all.toArray() as [number, number];
      if (count !== state.length * this.worldSize || hash !== hashString(signature) * this.worldSize)
        throw new Error(`rank ${this.rank}: the training state differs between ranks (networks, optimizer moments or pools); `
          + 'every rank must build the same model and resume the same checkpoint');
    });
    noGrad(() => { for (const [, t] of state) broadcastInPlace(group, t); });
  }

  agree(losses: Losses, stop: boolean): { losses: Losses; stop: boolean } {
    const keys = Object.keys(losses);
    return tidy(() => {
      const t = tensor([stop ? 1 : 0, ...keys.map((k) => losses[k]!)], [keys.length + 1], { dtype: 'float64' });
      this.o.group.allreduce(t);
      const v = t.toArray();
      return { stop: v[0]! > 0, losses: Object.fromEntries(keys.map((k, i) => [k, v[i + 1]! / this.worldSize])) };
    });
  }

  /** Detaches from the trainer: optimizers and norms go back to one process. */
  dispose(): void {
    for (const opt of Object.values(this.trainer.optimizers)) opt.gradSync = null;
    for (const net of Object.values(this.trainer.networks))
      for (const [, m] of net.modules()) if (m instanceof BatchNorm2d) m.syncGroup = null;
    for (const r of this.#reducers) r.dispose();
  }
}

/** Broadcasts from rank 0 into t (through a contiguous copy when t is not contiguous; else t itself). */
function broadcastInPlace(group: ProcessGroup, t: Tensor): void {
  tidy(() => { const c = t.contiguous(); group.broadcast(c, 0); t.copy_(c); });
}

/**
 * Averages the gradients of params over ranks: flat buckets of about bucketBytes (last parameters first,
 * as backward produces them), all started before any is waited on. A missing gradient counts as zeros.
 */
export function averageGradients(group: ProcessGroup, params: Tensor[], bucketBytes: number): void {
  noGrad(() => tidy(() => {
    const buckets: Tensor[][] = [];
    let current: Tensor[] = [], bytes = 0;
    for (const p of [...params].reverse()) {
      const size = p.size * 4;
      if (current.length && (bytes + size > bucketBytes || current[0]!.dtype !== p.dtype)) { buckets.push(current); current = []; bytes = 0; }
      current.push(p);
      bytes += size;
    }
    if (current.length) buckets.push(current);
    const pending = buckets.map((ps) => {
      const flat = cat(ps.map((p) => (p.grad ?? zerosLike(p)).flatten()));
      return { ps, flat, work: group.allreduceAsync(flat) };
    });
    for (const { ps, flat, work } of pending) {
      work.wait();
      flat.div_(group.worldSize);
      let at = 0;
      for (const p of ps) {
        const g = flat.slice(0, at, at + p.size).view(...p.shape);
        at += p.size;
        const own = p.grad;
        if (own) own.copy_(g);
        else p.grad = g.clone();
      }
    }
  }));
}

/** A 31-bit FNV-1a hash, exact in a float64 sum over ranks. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 1) % 2 ** 31;
}
