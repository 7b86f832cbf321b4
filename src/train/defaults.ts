// What each model trains with when an option is not given, in one table (the reference's per-model
// set_defaults): its networks (networks.ts) and its objective (the trainers' defaults).
import { CYCLEGAN_DEFAULTS } from './cyclegan.js';
import type { GanMode } from './losses.js';
import { NETWORK_DEFAULTS, type NetworkOptions } from './networks.js';
import { PIX2PIX_DEFAULTS } from './pix2pix.js';
import type { GanModel } from './run.js';

export interface ModelDefaults extends NetworkOptions {
  ganMode: GanMode;
  /** Fakes kept for the discriminators; 0 = no pool. */
  poolSize: number;
}

export const MODEL_DEFAULTS: Record<GanModel, ModelDefaults> = {
  pix2pix: { ...NETWORK_DEFAULTS.pix2pix, ganMode: PIX2PIX_DEFAULTS.ganMode, poolSize: 0 },
  cyclegan: { ...NETWORK_DEFAULTS.cyclegan, ganMode: CYCLEGAN_DEFAULTS.ganMode, poolSize: CYCLEGAN_DEFAULTS.poolSize },
  // the restorer trains with pix2pix's objective (run.ts)
  restorer: { ...NETWORK_DEFAULTS.restorer, ganMode: PIX2PIX_DEFAULTS.ganMode, poolSize: 0 },
};

export const GAN_MODELS = Object.keys(MODEL_DEFAULTS) as GanModel[];
