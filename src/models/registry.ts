// Names of the reference networks → constructors, and the architecture spec that a checkpoint stores so
// that loading needs no flags. Names follow the reference: netG unet_256 | unet_128 | resnet_9blocks |
// resnet_6blocks (any unet_<2^k>, k ≥ 5, and resnet_<n>blocks are accepted too); netD basic | n_layers | pixel.
import type { Module } from '../nn/index.js';
import { parseNorm, type NormType } from './norm.js';
import { NLayerDiscriminator } from './patchgan.js';
import { PixelDiscriminator } from './pixel.js';
import { ResnetGenerator } from './resnet.js';
import { ResidualUnetGenerator, RESTORER_CELL } from './restorer.js';
import { CellRestorerGenerator } from './cell-restorer.js';
import { UnetGenerator } from './unet.js';

export const GENERATOR_NAMES = ['unet_256', 'unet_128', 'resnet_9blocks', 'resnet_6blocks', 'restorer_unet_64', 'restorer_cells_8blocks'] as const;
export const DISCRIMINATOR_NAMES = ['basic', 'n_layers', 'pixel'] as const;

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
  /** Only for netD 'n_layers' ('basic' is 3). */
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

type ParsedG = { family: 'unet' | 'restorer'; numDowns: number } | { family: 'resnet'; nBlocks: number } | { family: 'cells'; nBlocks: number };

/** Both restorer generators: the residual U-Net and the per-cell network. */
export function isRestorerGenerator(name: string): boolean {
  const f = parseGeneratorName(name).family;
  return f === 'restorer' || f === 'cells';
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
  throw new Error(`unknown netG '${name}' (expected ${GENERATOR_NAMES.join(', ')}, unet_<power of 2 ≥ 32>, restorer_unet_<power of 2 ≥ 32>, restorer_cells_<n>blocks or resnet_<n>blocks)`);
}

/** Side lengths the generator needs its input to be a multiple of (so the output matches the input size). */
export function requiredMultiple(spec: GeneratorSpec): number {
  const p = parseGeneratorName(spec.netG);
  if (p.family === 'cells') return RESTORER_CELL;
  return p.family === 'resnet' ? 2 ** ResnetGenerator.nDownsampling : 2 ** p.numDowns;
}

export function buildGenerator(spec: GeneratorSpec): UnetGenerator | ResnetGenerator | ResidualUnetGenerator | CellRestorerGenerator {
  const p = parseGeneratorName(spec.netG);
  const o = { ngf: spec.ngf, norm: spec.norm, dropout: spec.dropout };
  if (p.family === 'resnet') return new ResnetGenerator(spec.inputNc, spec.outputNc, { ...o, nBlocks: p.nBlocks });
  if (p.family === 'cells') return new CellRestorerGenerator(spec.inputNc, spec.outputNc, p.nBlocks, { width: spec.ngf });
  return p.family === 'unet'
    ? new UnetGenerator(spec.inputNc, spec.outputNc, p.numDowns, o)
    : new ResidualUnetGenerator(spec.inputNc, spec.outputNc, p.numDowns, o);
}

export function buildDiscriminator(spec: DiscriminatorSpec): NLayerDiscriminator | PixelDiscriminator {
  switch (spec.netD) {
    case 'basic': return new NLayerDiscriminator(spec.inputNc, { ndf: spec.ndf, nLayers: 3, norm: spec.norm });
    case 'n_layers': return new NLayerDiscriminator(spec.inputNc, { ndf: spec.ndf, nLayers: spec.nLayers, norm: spec.norm });
    case 'pixel': return new PixelDiscriminator(spec.inputNc, { ndf: spec.ndf, norm: spec.norm });
    default: throw new Error(`unknown netD '${spec.netD}' (expected ${DISCRIMINATOR_NAMES.join(', ')})`);
  }
}

export function buildModel(spec: ArchSpec): Module {
  return isGeneratorSpec(spec) ? buildGenerator(spec) : buildDiscriminator(spec);
}
