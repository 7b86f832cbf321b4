// Data-parallel building blocks over c10d (the addon's Gloo process group): sum-allreduce and broadcast
// of tensors in place, a barrier, a differentiable allreduce (synchronised batch norm), and libtorch's DDP
// Reducer, which allreduces gradient buckets from autograd hooks while backward is still running.
import { native, type GroupHandle, type ReducerHandle, type WorkHandle } from './native.js';
import { Tensor } from './tensor.js';

export interface ProcessGroupOptions {
  rank: number;
  worldSize: number;
  /** Where rank 0 runs its TCPStore (rank 0 listens on this port). */
  master: { host: string; port: number };
  /** Every collective, and joining, fails after this long instead of hanging (default 5 minutes). */
  timeoutMs?: number;
  /** The address Gloo binds for its own connections; default: this machine's hostname (loopback for a local run). */
  bind?: string;
  /** Or a network interface by name (like GLOO_SOCKET_IFNAME). */
  iface?: string;
}

export interface CommStats {
  /** Bytes this process put into collectives (each allreduce counts its tensor once). */
  bytes: number;
  ops: number;
  /** Milliseconds the calling thread blocked on collectives it waited for explicitly. */
  waitMs: number;
}

/** A pending collective started with `allreduceAsync`. */
export class Work {
  constructor(readonly handle: WorkHandle) {}
  wait(): void { native.distWait(this.handle); }
}

/** N processes that reduce tensors together; collectives must be called by every rank in the same order. */
export class ProcessGroup {
  readonly rank: number;
  readonly worldSize: number;
  #handle: GroupHandle | null;

  /** Joins the group: blocks until every rank has joined (or the timeout passes, which throws). */
  constructor(o: ProcessGroupOptions) {
    this.rank = o.rank;
    this.worldSize = o.worldSize;
    this.#handle = native.distNewGroup({
      rank: o.rank, worldSize: o.worldSize, host: o.master.host, port: o.master.port,
      timeoutMs: o.timeoutMs ?? 300_000, bind: o.bind, iface: o.iface,
    });
  }

  get handle(): GroupHandle {
    if (!this.#handle) throw new Error('the process group was closed');
    return this.#handle;
  }

  /** t becomes the sum of every rank's t (contiguous CPU tensor, written in place). */
  allreduce(t: Tensor): void { native.distAllreduce(this.handle, t.handle); }
  allreduceAsync(t: Tensor): Work { return new Work(native.distAllreduce(this.handle, t.handle, true)); }
  /** t becomes root's t on every rank. */
  broadcast(t: Tensor, root = 0): void { native.distBroadcast(this.handle, t.handle, root); }
  barrier(): void { native.distBarrier(this.handle); }
  /** The sum over ranks as a value autograd goes through: its gradient is the sum of every rank's gradient. */
  allreduceWithGrad(x: Tensor): Tensor { return new Tensor(native.distAllreduceWithGrad(this.handle, x.handle)); }
  stats(): CommStats { return native.distStats(this.handle); }

  close(): void {
    if (this.#handle) native.distCloseGroup(this.#handle);
    this.#handle = null;
  }
}

/**
 * libtorch's DDP Reducer over some parameters: call `prepare()` before the backward passes that produce
 * their gradients; as buckets fill during backward they are allreduced in the background, and when
 * backward returns every parameter's `.grad` holds the mean over ranks.
 */
export class GradientReducer {
  readonly buckets: number;
  #handle: ReducerHandle | null;
  constructor(group: ProcessGroup, params: Tensor[], bucketBytes = 25 * 2 ** 20) {
    const r = native.distNewReducer(group.handle, params.map((p) => p.handle), bucketBytes);
    this.#handle = r.handle;
    this.buckets = r.buckets;
  }
  prepare(): void {
    if (!this.#handle) throw new Error('the gradient reducer was disposed');
    native.distReducerPrepare(this.#handle);
  }
  dispose(): void {
    if (this.#handle) native.distReducerDispose(this.#handle);
    this.#handle = null;
  }
}
