// The architecture a checkpoint records (`tessera.arch`), so that loading needs no flags, and the options
// every generator and discriminator reads, declared once with the papers' values.
import type { OptionSchema, OptionValue } from '../util/option-schema.js';
import { NORM_TYPES, type NormType } from './norm.js';

export interface GeneratorSpec {
  netG: string;
  /** Image channels in (3 for RGB). */
  inputNc: number;
  outputNc: number;
  /** Filters in the last conv layer; 64 in the papers. */
  ngf: number;
  /** 'batch' for pix2pix, 'instance' for CycleGAN. */
  norm: NormType;
  /** Dropout 0.5 (pix2pix's noise source; off in CycleGAN). */
  dropout: boolean;
  /** The options of the network's family alone (its descriptor's `options`); absent when it has none. */
  options?: Record<string, OptionValue>;
}

export interface DiscriminatorSpec {
  netD: string;
  /** Channels judged: input + output for conditional pix2pix (6), the output alone for CycleGAN (3). */
  inputNc: number;
  /** Filters in the first conv layer; 64 in the papers. */
  ndf: number;
  norm: NormType;
  /** netD 'n_layers': its layers ('basic' is 3); 'unit': its stride-2 convolutions; 'cogan': its stride-2
   *  convolutions down to 2×2, so it judges images of side 2^(nLayers + 1). */
  nLayers: number;
  /** The options of the network's family alone (its descriptor's `options`); absent when it has none. */
  options?: Record<string, OptionValue>;
}

export type ArchSpec = GeneratorSpec | DiscriminatorSpec;

export const isGeneratorSpec = (s: ArchSpec): s is GeneratorSpec => 'netG' in s;

/** What every generator and discriminator reads beside its name. No default here: each training model has
 *  its paper's (train/defaults.ts); the specs' own fall-backs are in registry.ts. */
export const ARCH_OPTIONS: OptionSchema = [
  { key: 'ngf', flag: '--ngf <n>', type: 'int', min: 1, help: 'generator filters in the last conv layer', paper: 64 },
  { key: 'ndf', flag: '--ndf <n>', type: 'int', min: 1, help: 'discriminator filters in the first conv layer', paper: 64 },
  { key: 'nLayersD', flag: '--n-layers-D <n>', type: 'int', min: 1, help: 'discriminator layers when --netD n_layers, stride-2 convolutions of --netD unit (cogan: from the image side)', paper: 3 },
  { key: 'norm', flag: '--norm <type>', type: 'choice', choices: NORM_TYPES, help: NORM_TYPES.join(' | ') },
  { key: 'dropout', flag: '--dropout', type: 'flag', negatable: 'no dropout in the generator', help: 'dropout 0.5 in the generator' },
];
