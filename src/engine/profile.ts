// Per-operator time of a piece of work, from libtorch's RecordFunction hooks (what torch.profiler reads):
// used by `npm run bench -- profile` to set a tessera step beside the same step in PyTorch.
import { native } from './native.js';

export interface OpTime { name: string; count: number; selfMs: number; totalMs: number }
export interface OpProfile<T> { result: T; ops: OpTime[]; wallMs: number; topLevelMs: number }

/** Runs fn with the hooks on; ops sorted by self time, largest first. */
export function profileOps<T>(fn: () => T): OpProfile<T> {
  native.profileStart();
  const t0 = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.profileStop();
    throw e;
  }
  const wallMs = performance.now() - t0;
  const stats = native.profileStop();
  const ops = stats.ops.map(([name, count, selfMs, totalMs]) => ({ name, count, selfMs, totalMs }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { result, ops, wallMs, topLevelMs: stats.topLevelMs };
}
