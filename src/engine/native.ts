// Loads the libtorch addon once, after the environment it reads at start-up is set.
import { createRequire } from 'node:module';
import { ADDON_PATH as addonPath, defaultThreadCount } from './addon-facts.js';

/** An opaque handle to one at::Tensor reference, owned by a Tensor. */
export type Handle = object & { readonly __tensorHandle: unique symbol };
/** An opaque handle to a resolved ATen operator. */
export type OpHandle = object & { readonly __opHandle: unique symbol };
/** Opaque handles of the c10d layer: a process group, a pending collective, a DDP reducer. */
export type GroupHandle = object & { readonly __groupHandle: unique symbol };
export type WorkHandle = object & { readonly __workHandle: unique symbol };
export type ReducerHandle = object & { readonly __reducerHandle: unique symbol };

export interface NativeGroupOptions {
  rank: number;
  worldSize: number;
  /** TCPStore address: where rank 0 runs (rank 0 listens on port). */
  host?: string;
  port?: number;
  /** A FileStore instead of the TCPStore. */
  file?: string;
  /** Gloo's own sockets: an address to bind, or an interface name; default: this machine's hostname. */
  bind?: string;
  iface?: string;
  timeoutMs: number;
}

export interface BuildInfo {
  torchVersion: string;
  cuda: boolean;
  cudaDevices: number;
  mkldnn: boolean;
  config: string;
  parallel: string;
  /** MiB of freed memory malloc keeps for reuse (TESSERA_MALLOC_KEEP_MIB, native/src/heap.cc); 0: the C library's defaults. */
  mallocKeepMib: number;
}

export interface Native {
  fromArray(data: ArrayBufferView, shape: number[], dtype: string): Handle;
  toArray(h: Handle): ArrayBufferView;
  shape(h: Handle): number[];
  dtype(h: Handle): string;
  meta(h: Handle): { shape: number[]; dtype: string; device: string; requiresGrad: boolean };
  item(h: Handle): number;
  dispose(h: Handle): void;
  isDisposed(h: Handle): boolean;
  liveTensors(): number;
  sameTensor(a: Handle, b: Handle): boolean;
  findOp(name: string, overload: string): OpHandle;
  schema(op: OpHandle): string;
  hasKernel(op: OpHandle, backend: string): boolean;
  call(op: OpHandle, args: unknown[], kwargs?: Record<string, unknown>): unknown;
  setRequiresGrad(h: Handle, on: boolean): void;
  requiresGrad(h: Handle): boolean;
  getGrad(h: Handle): Handle | null;
  setGrad(h: Handle, g: Handle | null): void;
  backward(outputs: Handle[], grads: (Handle | null)[] | null, retainGraph?: boolean, createGraph?: boolean): void;
  grad(outputs: Handle[], inputs: Handle[], grads: (Handle | null)[] | null, retainGraph: boolean | undefined,
       createGraph: boolean, allowUnused: boolean): (Handle | null)[];
  isLeaf(h: Handle): boolean;
  setGradEnabled(on: boolean): boolean;
  setAutocast(on: boolean, dtype?: string): boolean;
  manualSeed(seed: number): void;
  getRngState(): Handle;
  setRngState(h: Handle): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  buildInfo(): BuildInfo;
  distNewGroup(o: NativeGroupOptions): GroupHandle;
  distCloseGroup(g: GroupHandle): void;
  distAllreduce(g: GroupHandle, t: Handle, async?: false): void;
  distAllreduce(g: GroupHandle, t: Handle, async: true): WorkHandle;
  distWait(w: WorkHandle): void;
  distBroadcast(g: GroupHandle, t: Handle, root: number): void;
  distBarrier(g: GroupHandle): void;
  distAllreduceWithGrad(g: GroupHandle, t: Handle): Handle;
  distStats(g: GroupHandle): { bytes: number; ops: number; waitMs: number };
  distNewReducer(g: GroupHandle, params: Handle[], bucketBytes: number): { handle: ReducerHandle; buckets: number };
  distReducerPrepare(r: ReducerHandle): void;
  distReducerDispose(r: ReducerHandle): void;
  profileStart(): void;
  profileStop(): { ops: [name: string, count: number, selfMs: number, totalMs: number][]; topLevelMs: number };
}

// Spinning OpenMP workers collapse under contention on small machines; libgomp reads this at load.
process.env.OMP_WAIT_POLICY ??= 'passive';

function load(): Native {
  try {
    return createRequire(import.meta.url)(addonPath) as Native;
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new Error(`cannot load the libtorch addon at ${addonPath}: ${why} (run scripts/setup.sh)`);
  }
}

export const native: Native = load();

// libtorch defaults to 1 thread here; use what the machine offers unless the user said otherwise.
native.setNumThreads(defaultThreadCount());
// libtorch fixes a thread's count at its first parallel op from a process-wide value that any thread's
// setNumThreads changes: read it now, so a worker that later asks for fewer threads (restore's safety
// worker) does not shrink this thread's.
native.getNumThreads();
