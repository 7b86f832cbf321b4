// Normalisation choices of the reference networks ('batch' | 'instance' | 'none') and the bias rule
// that goes with them: a conv followed by a norm that already shifts (batch norm) carries no bias,
// and the reference only adds one when the norm is instance norm.
import { BatchNorm2d, Identity, InstanceNorm2d, type Module } from '../nn/index.js';

export type NormType = 'batch' | 'instance' | 'none';
export const NORM_TYPES: readonly NormType[] = ['batch', 'instance', 'none'];

/** batch: affine with running stats; instance: affine off, no running stats (CycleGAN); none: identity. */
export function normLayer(norm: NormType, channels: number): Module {
  switch (norm) {
    case 'batch': return new BatchNorm2d(channels, { affine: true, trackRunningStats: true });
    case 'instance': return new InstanceNorm2d(channels, { affine: false, trackRunningStats: false });
    case 'none': return new Identity();
  }
}

/**
 * Whether convolutions before a norm carry a bias. The reference sets it only for instance norm, so with
 * 'none' the convs have no bias either; we follow it so that checkpoints load key for key.
 */
export function convBias(norm: NormType): boolean {
  return norm === 'instance';
}

export function parseNorm(s: string): NormType {
  if (!(NORM_TYPES as readonly string[]).includes(s)) throw new Error(`unknown norm '${s}' (expected ${NORM_TYPES.join(', ')})`);
  return s as NormType;
}
