// Names of networks → their family's descriptor (descriptor.ts, registered in families.ts), and the
// architecture spec a checkpoint stores so that loading needs no flags (spec.ts). Names follow the
// reference: netG unet_256 | unet_128 | resnet_9blocks | resnet_6blocks (any unet_<2^k>, k ≥ 5, and
// resnet_<n>blocks are accepted too); netD basic | n_layers | pixel; the rest of the family is listed by
// knownNames(). CoGAN's and UNIT's networks come in pairs that share layers: build both, then
// shareLayers(first, second).
import type { Module } from '../nn/index.js';
import { schemaDefaults } from '../util/option-schema.js';
import { findNetwork, GENERATOR_ROLES, knownNames, networkDescriptors, type NetworkDescriptor } from './descriptor.js';
import './families.js';
import { parseNorm, type NormType } from './norm.js';
import { unetDowns } from './unet.js';
import { coganStages } from './cogan.js';
import { isGeneratorSpec, type ArchSpec, type DiscriminatorSpec, type GeneratorSpec } from './spec.js';

export * from './spec.js';

/** The listed generator and discriminator names (the papers' own; patterns beyond them: knownNames). */
export const generatorNames = (): string[] => networkDescriptors(GENERATOR_ROLES).flatMap((d) => d.names);
export const discriminatorNames = (): string[] => networkDescriptors(['discriminator']).flatMap((d) => d.names);

interface Found { descriptor: NetworkDescriptor; params: unknown }

/** The family of generator `name` and the parameters its name carries; an unknown name lists the known ones. */
export function findGenerator(name: string): Found {
  const found = findNetwork(name, GENERATOR_ROLES);
  if (!found) throw new Error(`unknown netG '${name}' (expected ${knownNames(GENERATOR_ROLES)})`);
  return found;
}

export function findDiscriminator(name: string): Found {
  const found = findNetwork(name, ['discriminator']);
  if (!found) throw new Error(`unknown netD '${name}' (expected ${knownNames(['discriminator'])})`);
  return found;
}

/** The spec's family options: each one the family declares, given or its default; an undeclared one is refused. */
function familyOptions(d: NetworkDescriptor, name: string, given: Record<string, unknown> | undefined): { options?: GeneratorSpec['options'] } {
  const schema = d.options ?? [];
  for (const key of Object.keys(given ?? {}))
    if (!schema.some((s) => s.key === key)) throw new Error(`${name} has no option '${key}'`);
  return schema.length ? { options: { ...schemaDefaults(schema), ...given } as GeneratorSpec['options'] } : {};
}

export function generatorSpec(s: Partial<GeneratorSpec> & { netG: string }): GeneratorSpec {
  const spec: GeneratorSpec = { inputNc: 3, outputNc: 3, ngf: 64, norm: 'batch' as NormType, dropout: false, ...s };
  parseNorm(spec.norm);
  const { options, ...rest } = spec;
  return { ...rest, ...familyOptions(findGenerator(spec.netG).descriptor, spec.netG, options) };
}

export function discriminatorSpec(s: Partial<DiscriminatorSpec> & { netD: string }): DiscriminatorSpec {
  const spec: DiscriminatorSpec = { inputNc: 6, ndf: 64, norm: 'batch' as NormType, nLayers: 3, ...s };
  const { descriptor } = findDiscriminator(spec.netD);
  parseNorm(spec.norm);
  const { options, ...rest } = spec;
  return { ...rest, ...familyOptions(descriptor, spec.netD, options) };
}

/** The restorer generators: the residual U-Net, the per-cell network and SRResNet over the cells. */
export function isRestorerGenerator(name: string): boolean {
  return findGenerator(name).descriptor.role === 'restorer';
}

/** Restorers that read each cell as one position: their cells must lie on the 8-px blocks. */
export function worksPerCell(net: Module): boolean {
  return networkDescriptors(['restorer']).some((d) => d.perCell && net instanceof d.module);
}

/** Side lengths the generator needs its input to be a multiple of (so the output matches the input size). */
export function requiredMultiple(spec: GeneratorSpec): number {
  const { descriptor, params } = findGenerator(spec.netG);
  return descriptor.sideMultiple?.(params) ?? 1;
}

/**
 * Why square crops of `side` pixels cannot train U-Net `netG` (each of its levels halves the sides, so they
 * must be a multiple of 2^levels), with the U-Net that fits them or the crop that fits it; null when they fit
 * or `netG` is no U-Net. Said before any step: libtorch's own words for it are about kernel sizes.
 */
export function unetCropMisfit(netG: string, side: number): string | null {
  const { descriptor, params } = findGenerator(netG);
  if (descriptor.family !== 'unet') return null;
  const { numDowns } = params as { numDowns: number };
  const multiple = 2 ** numDowns;
  if (side % multiple === 0) return null;
  let fit = multiple;
  while (unetDowns(fit) !== null && side % fit !== 0) fit /= 2;
  const crop = `--crop-size ${multiple} (or any multiple of it)`;
  return `--crop-size ${side} does not fit --netG ${netG}, which halves its input ${numDowns} times (sides a multiple of ${multiple}): `
    + (unetDowns(fit) !== null ? `use --netG unet_${fit} or ${crop}` : `use ${crop}`);
}

/** How many times larger than its input a generator's output is (SRResNet ×2/×4/×8; every other 1). */
export function outputScale(spec: GeneratorSpec): number {
  const { descriptor, params } = findGenerator(spec.netG);
  return descriptor.outputScale?.(params) ?? 1;
}

export function buildGenerator(spec: GeneratorSpec): Module {
  const { descriptor, params } = findGenerator(spec.netG);
  return descriptor.build(params, generatorSpec(spec));
}

export function buildDiscriminator(spec: DiscriminatorSpec): Module {
  const { descriptor, params } = findDiscriminator(spec.netD);
  return descriptor.build(params, discriminatorSpec(spec));
}

export function buildModel(spec: ArchSpec): Module {
  return isGeneratorSpec(spec) ? buildGenerator(spec) : buildDiscriminator(spec);
}

/** Whether a generator draws images from noise (CoGAN) rather than translating an image. */
export function isNoiseGenerator(spec: GeneratorSpec): boolean {
  return !!findGenerator(spec.netG).descriptor.fromNoise;
}

/** The side of the images a CoGAN generator draws (and its discriminator's nLayers for it). */
export function coganSide(netG: string): { side: number; nLayersD: number } {
  const { descriptor, params } = findGenerator(netG);
  if (descriptor.family !== 'cogan') throw new Error(`${netG} is not a CoGAN generator`);
  const { side } = params as { side: number };
  return { side, nLayersD: coganStages(side) + 1 };
}

/**
 * Ties the layers two networks of a pair share (CoGAN: the generators' first, the discriminators' last;
 * UNIT: the translators' latent blocks): `second` then runs `first`'s tensors. Other networks: an error.
 */
export function shareLayers(first: Module, second: Module): void {
  if (!networkDescriptors().some((d) => d.shareLayers?.(first, second)))
    throw new Error(`${first.constructor.name} and ${second.constructor.name} share no layers`);
}
