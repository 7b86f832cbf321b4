// Process-wide engine settings: seeds and generator state, threads, autocast, build facts.
import fs from 'node:fs';
import { native, type BuildInfo } from './native.js';
import { Tensor } from './tensor.js';

export function manualSeed(seed: number): void {
  native.manualSeed(seed);
}

/** The global CPU generator's state as a uint8 tensor, for exact resume. */
export function getRngState(): Tensor {
  return new Tensor(native.getRngState());
}

export function setRngState(state: Tensor): void {
  native.setRngState(state.handle);
}

export function setNumThreads(n: number): void {
  native.setNumThreads(n);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}

/** Tensors alive in the addon (not yet disposed nor finalized): a leak shows as growth. */
export function liveTensors(): number {
  return native.liveTensors();
}

export function buildInfo(): BuildInfo {
  return native.buildInfo();
}

let autocastDtype: 'bfloat16' | null = null;

/** The dtype autocast runs in now, or null: layers with a faster low-precision path ask this. */
export function autocastActive(): 'bfloat16' | null {
  return autocastDtype;
}

/** Runs fn under CPU autocast in bfloat16: convolutions and matmuls compute in bf16, losses stay fp32. */
export function autocast<T>(fn: () => T, enabled = true): T {
  if (!enabled) return fn();
  const prevOn = native.setAutocast(true, 'bfloat16');
  const prevDtype = autocastDtype;
  autocastDtype = 'bfloat16';
  try {
    return fn();
  } finally {
    autocastDtype = prevDtype;
    native.setAutocast(prevOn);
  }
}

let bf16Native: boolean | null = null;

/**
 * Whether this CPU computes bfloat16 in hardware (AVX-512 BF16 or AMX), where autocast's convolutions
 * run about twice as fast as fp32; without it oneDNN emulates bf16 and is slower than fp32. Linux reads
 * /proc/cpuinfo; elsewhere the answer is no.
 */
export function hasNativeBf16(): boolean {
  if (bf16Native === null) {
    try {
      bf16Native = /\b(avx512_bf16|amx_bf16)\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      bf16Native = false;
    }
  }
  return bf16Native;
}
