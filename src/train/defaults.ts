// What each model trains with when an option is not given, in one table (the reference's per-model
// set_defaults): its networks (networks.ts), its objective (the trainers' defaults) and the data and
// optimiser settings of its paper.
import type { Preprocess } from '../data/index.js';
import { CYCLEGAN_DEFAULTS } from './cyclegan.js';
import { DISCOGAN_DEFAULTS } from './discogan.js';
import { DUALGAN_DEFAULTS } from './dualgan.js';
import type { GanMode } from './losses.js';
import { NETWORK_DEFAULTS, type NetworkOptions } from './networks.js';
import { PIX2PIX_DEFAULTS } from './pix2pix.js';
import { SRGAN_DEFAULTS } from './srgan.js';
import { COGAN_DEFAULTS } from './cogan.js';
import { UNIT_DEFAULTS } from './unit.js';
import type { GanModel } from './run.js';

export interface ModelDefaults extends NetworkOptions {
  /** The objective; only pix2pix, CycleGAN and the restorer let --gan-mode change it ('wgan': DualGAN's clipped WGAN). */
  ganMode: GanMode | 'wgan';
  /** Fakes kept for the discriminators; 0 = no pool. */
  poolSize: number;
  lr: number;
  beta1: number;
  batchSize: number;
  loadSize: number;
  cropSize: number;
  preprocess: Preprocess;
}

/** pix2pix / CycleGAN: Adam 2e-4 (0.5, 0.999), batch 1, load 286 → crop 256. */
const REFERENCE_DATA = { lr: 2e-4, beta1: 0.5, batchSize: 1, loadSize: 286, cropSize: 256, preprocess: 'resize_and_crop' as Preprocess };

export const MODEL_DEFAULTS: Record<GanModel, ModelDefaults> = {
  pix2pix: { ...NETWORK_DEFAULTS.pix2pix, ...REFERENCE_DATA, ganMode: PIX2PIX_DEFAULTS.ganMode, poolSize: 0 },
  cyclegan: { ...NETWORK_DEFAULTS.cyclegan, ...REFERENCE_DATA, ganMode: CYCLEGAN_DEFAULTS.ganMode, poolSize: CYCLEGAN_DEFAULTS.poolSize },
  // the restorer trains with pix2pix's objective (run.ts)
  restorer: { ...NETWORK_DEFAULTS.restorer, ...REFERENCE_DATA, ganMode: PIX2PIX_DEFAULTS.ganMode, poolSize: 0 },
  // DiscoGAN: 64×64 images (the paper's), BCE, no pool; batch 1 like the rest of the family
  discogan: { ...NETWORK_DEFAULTS.discogan, ...REFERENCE_DATA, lr: DISCOGAN_DEFAULTS.lr, beta1: DISCOGAN_DEFAULTS.beta1, loadSize: 64, cropSize: 64, ganMode: 'vanilla', poolSize: 0 },
  // DualGAN: WGAN with clipping and RMSprop 5e-5 (beta1 unused), 256×256 images, batch 1
  dualgan: { ...NETWORK_DEFAULTS.dualgan, ...REFERENCE_DATA, lr: DUALGAN_DEFAULTS.lr, ganMode: 'wgan', poolSize: 0 },
  // SRGAN: random 96×96 HR crops of the photos as they are (no resize), batch 16, Adam 1e-4 β1 0.9
  srgan: { ...NETWORK_DEFAULTS.srgan, lr: SRGAN_DEFAULTS.lr, beta1: SRGAN_DEFAULTS.beta1, batchSize: 16, loadSize: 96, cropSize: 96, preprocess: 'crop', ganMode: 'vanilla', poolSize: 0 },
  // CoGAN: 128² crops of images resized to 132² (the authors' face data; the CLI scales the load size with
  // --crop-size), flipped, batch 128, Adam 2e-4 (0.5, 0.999), BCE
  cogan: { ...NETWORK_DEFAULTS.cogan, ...REFERENCE_DATA, lr: COGAN_DEFAULTS.lr, beta1: COGAN_DEFAULTS.beta1, batchSize: 128, loadSize: 132, cropSize: 128, ganMode: 'vanilla', poolSize: 0 },
  // UNIT: Adam 1e-4 (0.5, 0.999), batch 1, the reference 286 → 256 crops, BCE
  unit: { ...NETWORK_DEFAULTS.unit, ...REFERENCE_DATA, lr: UNIT_DEFAULTS.lr, beta1: UNIT_DEFAULTS.beta1, ganMode: 'vanilla', poolSize: 0 },
};

export const GAN_MODELS = Object.keys(MODEL_DEFAULTS) as GanModel[];

/** The models whose objective is their paper's alone (no --gan-mode, no pool). */
export const FIXED_OBJECTIVE_MODELS: readonly GanModel[] = ['discogan', 'dualgan', 'srgan', 'cogan', 'unit'];

/** Each model's default of option `key`, or null when the table has no such column (the option's own default holds). */
export function defaultsByModel(key: string): Record<GanModel, unknown> | null {
  if (!(key in MODEL_DEFAULTS.pix2pix)) return null;
  return Object.fromEntries(GAN_MODELS.map((m) => [m, (MODEL_DEFAULTS[m] as unknown as Record<string, unknown>)[key]])) as Record<GanModel, unknown>;
}
