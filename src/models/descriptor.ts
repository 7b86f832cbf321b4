// A network family describes itself once: the names it answers to, how it is built, its side multiple,
// its role, its ONNX form and the options of its own. registry.ts, export/, restore/, train/ and the faces
// read these descriptors; none lists the families again. models/families.ts registers the shipped ones.
import type { Module } from '../nn/index.js';
import type { OptionSchema } from '../util/option-schema.js';
import type { EmitterEntry } from './onnx-form.js';

/** generator: translates an image (or draws from noise); restorer: takes mosaics off (restore/); discriminator:
 *  judges images in training; detector: finds mosaics (detect/). */
export type NetworkRole = 'generator' | 'restorer' | 'discriminator' | 'detector';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface NetworkDescriptor<P = any, S = any> {
  /** The family's own name, unique in the registry ('unet', 'patchgan'). */
  family: string;
  /** The class `build` returns (which family a built network is of). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: abstract new (...args: any[]) => Module;
  role: NetworkRole;
  /** The names it answers to, as a user writes them ('unet_<power of 2 ≥ 32>'); shown in help and errors. */
  pattern: string;
  /** Names it answers to that are listed first (the papers' own). */
  names: readonly string[];
  /** A name → the parameters it carries (levels, blocks, scale); null when the name is not this family's. */
  parse(name: string): P | null;
  /** The network of a name's parameters and a spec (GeneratorSpec, DiscriminatorSpec, MosaicNetSpec). */
  build(params: P, spec: S): Module;
  /** Generators: the input's sides must be a multiple of this for the output to match (1: any). */
  sideMultiple?(params: P): number;
  /** Generators: how many times larger than its input the output is (default 1). */
  outputScale?(params: P): number;
  /** Generators that draw images from noise rather than translate one (CoGAN). */
  fromNoise?: boolean;
  /** Restorers that read each 8-px cell as one position: their training cells must lie on the blocks. */
  perCell?: boolean;
  /** Ties the layers two networks of this family share (the second then runs the first's tensors); false
   *  when the two are not this family's networks. */
  shareLayers?(first: Module, second: Module): boolean;
  /** ONNX forms of the family's modules whose forward is more than a Sequential (eval mode). */
  onnx?: readonly EmitterEntry[];
  /** Options of this family alone, beyond the spec's shared ones; their values live in the spec's `options`. */
  options?: OptionSchema;
}

const REGISTERED = new Map<string, NetworkDescriptor>();

/** The roles a --netG names; a --netD names a discriminator. */
export const GENERATOR_ROLES: readonly NetworkRole[] = ['generator', 'restorer'];

const sameKind = (a: NetworkRole, b: NetworkRole) => a === b || (GENERATOR_ROLES.includes(a) && GENERATOR_ROLES.includes(b));

/**
 * Adds a family. A family name taken, or a listed name that a family of the same kind already answers
 * to, is refused: one name builds one network.
 */
export function registerNetwork(d: NetworkDescriptor): void {
  if (REGISTERED.has(d.family)) throw new Error(`network family '${d.family}' is already registered`);
  for (const name of d.names) {
    if (d.parse(name) === null) throw new Error(`network family '${d.family}' lists '${name}', which it does not parse`);
    const owner = [...REGISTERED.values()].find((o) => sameKind(o.role, d.role) && o.parse(name) !== null);
    if (owner) throw new Error(`network family '${d.family}': '${name}' is already a ${owner.family} network`);
  }
  REGISTERED.set(d.family, d);
}

/** Removes a family (tests that register a toy one). */
export function unregisterNetwork(family: string): void {
  REGISTERED.delete(family);
}

/** The registered families, in registration order; only those of `roles` when given. */
export function networkDescriptors(roles?: readonly NetworkRole[]): NetworkDescriptor[] {
  return [...REGISTERED.values()].filter((d) => !roles || roles.includes(d.role));
}

/** The family that answers to `name` among `roles`, and its parameters; null when none does. */
export function findNetwork(name: string, roles: readonly NetworkRole[]): { descriptor: NetworkDescriptor; params: unknown } | null {
  for (const descriptor of networkDescriptors(roles)) {
    const params = descriptor.parse(name);
    if (params !== null) return { descriptor, params };
  }
  return null;
}

/** "a, b, c, d_<n>" of the families of `roles`: their listed names, then the patterns that name more (a `<…>` in them). */
export function knownNames(roles: readonly NetworkRole[]): string {
  const ds = networkDescriptors(roles);
  const names = ds.flatMap((d) => d.names);
  const patterns = ds.map((d) => d.pattern).filter((p) => p.includes('<'));
  return [...names, ...patterns].join(', ');
}
