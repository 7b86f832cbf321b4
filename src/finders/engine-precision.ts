// How the finders' networks run on the engine: fp32, or bf16 under autocast where the CPU has native
// bf16 (AMX or AVX512-BF16; 'auto'). Measured against TF.js (docs/finders.md): in bf16 the faces BlazeFace
// finds stay within 0.5 px, but the classifier's probabilities move by up to 0.064, so the face finder
// defaults to 'auto' and the classifier to 'fp32'.
import { autocast, hasNativeBf16, noGrad, tidy } from '../engine/index.js';

export type FinderPrecision = 'auto' | 'fp32' | 'bf16';

export function usesBf16(p: FinderPrecision): boolean {
  return p === 'bf16' || (p === 'auto' && hasNativeBf16());
}

/** Runs fn without gradients, in a memory scope, under bf16 autocast when asked. */
export function inference<T>(fn: () => T, bf16: boolean): T {
  return noGrad(() => tidy(() => autocast(fn, bf16)));
}
