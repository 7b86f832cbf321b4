// Names of the reference networks → constructors, and the architecture spec that a checkpoint stores so
// that loading needs no flags. Names follow the reference: netG unet_256 | unet_128 | resnet_9blocks |
// resnet_6blocks (any unet_<2^k>, k ≥ 5, and resnet_<n>blocks are accepted too); netD basic | n_layers | pixel.
// The rest of the family: discogan (DiscoGAN's encoder-decoder and discriminator), srresnet_<n>blocks_x<s>
// (SRGAN's generator, s = 2, 4, 8) with netD srgan, restorer_srresnet_<n>blocks (SRResNet ×8 as a mosaic
// restorer over the cells), cogan_<side> (CoGAN's noise → image generator) with netD
// cogan, unit (a UNIT translator: one domain's encoder + the other's generator) with netD unit. CoGAN's and
// UNIT's networks come in pairs that share layers: build both, then shareLayers(first, second).
import type { Module } from '../nn/index.js';
import { parseNorm, type NormType } from './norm.js';
import { NLayerDiscriminator } from './patchgan.js';
import { PixelDiscriminator } from './pixel.js';
import { ResnetGenerator } from './resnet.js';
import { ResidualUnetGenerator, RESTORER_CELL } from './restorer.js';
import { CellRestorerGenerator } from './cell-restorer.js';
import { SRResNetRestorer } from './sr-restorer.js';
import { UnetGenerator } from './unet.js';
import { DiscoDiscriminator, DiscoGenerator, DISCOGAN_STAGES } from './discogan.js';
import { SRGANDiscriminator, SRResNetGenerator } from './srgan.js';
import { CoGANDiscriminator, CoGANGenerator, coganStages } from './cogan.js';
import { UNITDiscriminator, UNITTranslator, UNIT_STAGES } from './unit.js';

export const GENERATOR_NAMES = ['unet_256', 'unet_128', 'resnet_9blocks', 'resnet_6blocks', 'restorer_unet_64', 'restorer_cells_8blocks', 'restorer_srresnet_16blocks', 'discogan', 'srresnet_16blocks_x4', 'cogan_128', 'unit'] as const;
export const DISCRIMINATOR_NAMES = ['basic', 'n_layers', 'pixel', 'discogan', 'srgan', 'cogan', 'unit'] as const;

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
}

export type ArchSpec = GeneratorSpec | DiscriminatorSpec;

export const isGeneratorSpec = (s: ArchSpec): s is GeneratorSpec => 'netG' in s;

export function generatorSpec(s: Partial<GeneratorSpec> & { netG: string }): GeneratorSpec {
  const spec = { inputNc: 3, outputNc: 3, ngf: 64, norm: 'batch' as NormType, dropout: false, ...s };
  parseGeneratorName(spec.netG);
  parseNorm(spec.norm);
  return spec;
}

export function discriminatorSpec(s: Partial<DiscriminatorSpec> & { netD: string }): DiscriminatorSpec {
  const spec = { inputNc: 6, ndf: 64, norm: 'batch' as NormType, nLayers: 3, ...s };
  if (!(DISCRIMINATOR_NAMES as readonly string[]).includes(spec.netD))
    throw new Error(`unknown netD '${spec.netD}' (expected ${DISCRIMINATOR_NAMES.join(', ')})`);
  parseNorm(spec.norm);
  return spec;
}

type ParsedG = { family: 'unet' | 'restorer'; numDowns: number } | { family: 'resnet'; nBlocks: number } | { family: 'cells'; nBlocks: number }
  | { family: 'srrestorer'; nBlocks: number }
  | { family: 'discogan' } | { family: 'srresnet'; nBlocks: number; scale: number } | { family: 'cogan'; side: number } | { family: 'unit' };

/** The restorer generators: the residual U-Net, the per-cell network and SRResNet over the cells. */
export function isRestorerGenerator(name: string): boolean {
  const f = parseGeneratorName(name).family;
  return f === 'restorer' || f === 'cells' || f === 'srrestorer';
}

/** Restorers that read each cell as one position: their cells must lie on the 8-px blocks. */
export function worksPerCell(net: Module): boolean {
  return net instanceof CellRestorerGenerator || net instanceof SRResNetRestorer;
}

/** unet_<side> → downsamplings = log2(side); resnet_<n>blocks → n residual blocks. */
export function parseGeneratorName(name: string): ParsedG {
  const unet = /^unet_(\d+)$/.exec(name);
  if (unet) {
    const side = Number(unet[1]);
    const numDowns = Math.log2(side);
    if (Number.isInteger(numDowns) && numDowns >= 5) return { family: 'unet', numDowns };
  }
  const restorer = /^restorer_unet_(\d+)$/.exec(name);
  if (restorer) {
    const numDowns = Math.log2(Number(restorer[1]));
    if (Number.isInteger(numDowns) && numDowns >= 5) return { family: 'restorer', numDowns };
  }
  const res = /^resnet_(\d+)blocks$/.exec(name);
  if (res) return { family: 'resnet', nBlocks: Number(res[1]) };
  const cells = /^restorer_cells_(\d+)blocks$/.exec(name);
  if (cells) return { family: 'cells', nBlocks: Number(cells[1]) };
  const srRestorer = /^restorer_srresnet_(\d+)blocks$/.exec(name);
  if (srRestorer && Number(srRestorer[1]) >= 1) return { family: 'srrestorer', nBlocks: Number(srRestorer[1]) };
  if (name === 'discogan') return { family: 'discogan' };
  if (name === 'unit') return { family: 'unit' };
  const cogan = /^cogan_(\d+)$/.exec(name);
  if (cogan && Number(cogan[1]) >= 8 && Number.isInteger(Math.log2(Number(cogan[1]) / 4))) return { family: 'cogan', side: Number(cogan[1]) };
  const sr = /^srresnet_(\d+)blocks_x(\d+)$/.exec(name);
  if (sr && Number(sr[1]) >= 1 && [2, 4, 8].includes(Number(sr[2]))) return { family: 'srresnet', nBlocks: Number(sr[1]), scale: Number(sr[2]) };
  throw new Error(`unknown netG '${name}' (expected ${GENERATOR_NAMES.join(', ')}, unet_<power of 2 ≥ 32>, restorer_unet_<power of 2 ≥ 32>, restorer_cells_<n>blocks, restorer_srresnet_<n>blocks, resnet_<n>blocks, srresnet_<n>blocks_x<2|4|8> or cogan_<side 4·2^k ≥ 8>)`);
}

/** Side lengths the generator needs its input to be a multiple of (so the output matches the input size). */
export function requiredMultiple(spec: GeneratorSpec): number {
  const p = parseGeneratorName(spec.netG);
  if (p.family === 'cells' || p.family === 'srrestorer') return RESTORER_CELL;
  if (p.family === 'discogan') return 2 ** DISCOGAN_STAGES;
  if (p.family === 'srresnet' || p.family === 'cogan') return 1;
  if (p.family === 'unit') return 2 ** UNIT_STAGES;
  return p.family === 'resnet' ? 2 ** ResnetGenerator.nDownsampling : 2 ** p.numDowns;
}

/**
 * Why square crops of `side` pixels cannot train U-Net `netG` (each of its levels halves the sides, so they
 * must be a multiple of 2^levels), with the U-Net that fits them or the crop that fits it; null when they fit
 * or `netG` is no U-Net. Said before any step: libtorch's own words for it are about kernel sizes.
 */
export function unetCropMisfit(netG: string, side: number): string | null {
  const p = parseGeneratorName(netG);
  if (p.family !== 'unet') return null;
  const multiple = 2 ** p.numDowns;
  if (side % multiple === 0) return null;
  let fit = multiple;
  while (fit >= 32 && side % fit !== 0) fit /= 2; // unet_<n> needs n ≥ 32 (parseGeneratorName)
  const crop = `--crop-size ${multiple} (or any multiple of it)`;
  return `--crop-size ${side} does not fit --netG ${netG}, which halves its input ${p.numDowns} times (sides a multiple of ${multiple}): `
    + (fit >= 32 ? `use --netG unet_${fit} or ${crop}` : `use ${crop}`);
}

/** How many times larger than its input a generator's output is (SRResNet ×2/×4/×8; every other 1). */
export function outputScale(spec: GeneratorSpec): number {
  const p = parseGeneratorName(spec.netG);
  return p.family === 'srresnet' ? p.scale : 1;
}

export function buildGenerator(spec: GeneratorSpec): Module {
  const p = parseGeneratorName(spec.netG);
  const o = { ngf: spec.ngf, norm: spec.norm, dropout: spec.dropout };
  if (p.family === 'discogan') return new DiscoGenerator(spec.inputNc, spec.outputNc, o);
  if (p.family === 'cogan') return new CoGANGenerator(spec.outputNc, p.side, { ngf: spec.ngf, norm: spec.norm });
  if (p.family === 'unit') return new UNITTranslator(spec.inputNc, spec.outputNc, { ngf: spec.ngf, norm: spec.norm });
  if (p.family === 'srresnet') return new SRResNetGenerator(spec.inputNc, spec.outputNc, { ...o, nBlocks: p.nBlocks, scale: p.scale });
  if (p.family === 'resnet') return new ResnetGenerator(spec.inputNc, spec.outputNc, { ...o, nBlocks: p.nBlocks });
  if (p.family === 'srrestorer') return new SRResNetRestorer(spec.inputNc, spec.outputNc, p.nBlocks, { ngf: spec.ngf, norm: spec.norm });
  if (p.family === 'cells') return new CellRestorerGenerator(spec.inputNc, spec.outputNc, p.nBlocks, { width: spec.ngf });
  return p.family === 'unet'
    ? new UnetGenerator(spec.inputNc, spec.outputNc, p.numDowns, o)
    : new ResidualUnetGenerator(spec.inputNc, spec.outputNc, p.numDowns, o);
}

export function buildDiscriminator(spec: DiscriminatorSpec): Module {
  switch (spec.netD) {
    case 'basic': return new NLayerDiscriminator(spec.inputNc, { ndf: spec.ndf, nLayers: 3, norm: spec.norm });
    case 'n_layers': return new NLayerDiscriminator(spec.inputNc, { ndf: spec.ndf, nLayers: spec.nLayers, norm: spec.norm });
    case 'pixel': return new PixelDiscriminator(spec.inputNc, { ndf: spec.ndf, norm: spec.norm });
    case 'discogan': return new DiscoDiscriminator(spec.inputNc, { ndf: spec.ndf, norm: spec.norm });
    case 'srgan': return new SRGANDiscriminator(spec.inputNc, { ndf: spec.ndf, norm: spec.norm });
    case 'cogan': return new CoGANDiscriminator(spec.inputNc, 2 ** (spec.nLayers + 1), { ndf: spec.ndf, norm: spec.norm });
    case 'unit': return new UNITDiscriminator(spec.inputNc, { ndf: spec.ndf, nLayers: spec.nLayers });
    default: throw new Error(`unknown netD '${spec.netD}' (expected ${DISCRIMINATOR_NAMES.join(', ')})`);
  }
}

export function buildModel(spec: ArchSpec): Module {
  return isGeneratorSpec(spec) ? buildGenerator(spec) : buildDiscriminator(spec);
}

/** Whether a generator draws images from noise (CoGAN) rather than translating an image. */
export function isNoiseGenerator(spec: GeneratorSpec): boolean {
  return parseGeneratorName(spec.netG).family === 'cogan';
}

/** The side of the images a CoGAN generator draws (and its discriminator's nLayers for it). */
export function coganSide(netG: string): { side: number; nLayersD: number } {
  const p = parseGeneratorName(netG);
  if (p.family !== 'cogan') throw new Error(`${netG} is not a CoGAN generator`);
  return { side: p.side, nLayersD: coganStages(p.side) + 1 };
}

/**
 * Ties the layers two networks of a pair share (CoGAN: the generators' first, the discriminators' last;
 * UNIT: the translators' latent blocks): `second` then runs `first`'s tensors. Other networks: an error.
 */
export function shareLayers(first: Module, second: Module): void {
  if (first instanceof CoGANGenerator && second instanceof CoGANGenerator) second.shareWith(first);
  else if (first instanceof CoGANDiscriminator && second instanceof CoGANDiscriminator) second.shareWith(first);
  else if (first instanceof UNITTranslator && second instanceof UNITTranslator) second.shareWith(first);
  else throw new Error(`${first.constructor.name} and ${second.constructor.name} share no layers`);
}
