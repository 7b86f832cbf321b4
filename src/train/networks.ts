// The one place where training meets the model registry: architecture options → specs → initialised
// networks, and the checkpoint writer that records each network's spec.
import {
  ARCH_OPTIONS, buildModel, coganSide, COGAN_NOISE, discriminatorSpec, findDiscriminator, findGenerator, generatorSpec, GENERATOR_ROLES, INIT_OPTIONS, initWeights,
  knownNames, networkDescriptors, saveModel, shareLayers, type ArchSpec, type InitType, type NormType,
} from '../models/index.js';
import { choice, joinSchemas, type OptionSchema, type OptionSpec, type OptionValue } from '../util/option-schema.js';
import type { Module } from '../nn/index.js';
import type { SaveNetwork } from './checkpoint.js';
import type { GanModel, NetworkFactory } from './run.js';

export interface NetworkOptions {
  netG: string;
  netD: string;
  ngf: number;
  ndf: number;
  /** Layers of netD 'n_layers'. */
  nLayersD: number;
  norm: NormType;
  dropout: boolean;
  initType: InitType;
  initGain: number;
  inputNc: number;
  outputNc: number;
  /** Options of netG's or netD's family alone (their descriptors' `options`), by key. */
  options?: Record<string, OptionValue>;
}

const channels = (flag: string, text: string) => Number(choice(['1', '3'])(flag, text));

/** Every family's own options, once each (two families may share one declaration). */
export function familyOptions(): OptionSpec[] {
  const out = new Map<string, OptionSpec>();
  for (const d of networkDescriptors(['generator', 'restorer', 'discriminator'])) for (const spec of d.options ?? []) {
    const known = out.get(spec.key);
    if (known && known !== spec) throw new Error(`network families declare option '${spec.key}' twice, differently (${d.family})`);
    out.set(spec.key, spec);
  }
  return [...out.values()];
}

/** The options of NetworkOptions, read from the registry when asked (a family registered later is listed). */
export function networkSchema(): OptionSchema {
  return joinSchemas([
    { key: 'netG', flag: '--netG <name>', type: 'text', help: `generator: ${knownNames(GENERATOR_ROLES)} (cogan: from --crop-size)` },
    { key: 'netD', flag: '--netD <name>', type: 'text', help: `discriminator: ${knownNames(['discriminator'])}` },
  ], ARCH_OPTIONS, INIT_OPTIONS, [
    { key: 'inputNc', flag: '--input-nc <n>', type: 'text', parse: channels, help: 'input image channels (1 = grayscale; the restorer takes its own 7)' },
    { key: 'outputNc', flag: '--output-nc <n>', type: 'text', parse: channels, help: 'output image channels (1 = grayscale)' },
  ], familyOptions().map(withoutDefault));
}

/**
 * A family option as the command line takes it: no default of its own (the registry records the family's
 * default in the spec), so that an option not given is not sent to a network of another family.
 */
function withoutDefault(spec: OptionSpec): OptionSpec {
  if (spec.default === undefined) return spec;
  const { default: value, ...rest } = spec;
  return { ...rest, help: `${spec.help} (default: ${JSON.stringify(value)})` } as OptionSpec;
}

/** The family options given, split between the generator's family and the discriminator's; one that
 *  neither declares is refused, naming both. */
function splitFamilyOptions(o: NetworkOptions): { g?: Record<string, OptionValue>; d?: Record<string, OptionValue> } {
  const gKeys = (findGenerator(o.netG).descriptor.options ?? []).map((s) => s.key);
  const dKeys = (findDiscriminator(o.netD).descriptor.options ?? []).map((s) => s.key);
  const g: Record<string, OptionValue> = {}, d: Record<string, OptionValue> = {};
  for (const [k, v] of Object.entries(o.options ?? {})) {
    if (!gKeys.includes(k) && !dKeys.includes(k)) throw new Error(`option '${k}' belongs to neither --netG ${o.netG} nor --netD ${o.netD}`);
    if (gKeys.includes(k)) g[k] = v;
    if (dKeys.includes(k)) d[k] = v;
  }
  return { ...(Object.keys(g).length ? { g } : {}), ...(Object.keys(d).length ? { d } : {}) };
}

/** The papers' settings: pix2pix = U-Net 256 + batch norm + dropout; CycleGAN = ResNet 9 blocks + instance norm. */
export const NETWORK_DEFAULTS: Record<GanModel, NetworkOptions> = {
  pix2pix: { netG: 'unet_256', netD: 'basic', ngf: 64, ndf: 64, nLayersD: 3, norm: 'batch', dropout: true, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // the per-cell restorer (models/cell-restorer.ts; docs/restorer.md: above the residual U-Net on every
  // evaluation row, at a seventh of its weights); no dropout: the restorer should give one answer
  restorer: { netG: 'restorer_cells_8blocks', netD: 'basic', ngf: 64, ndf: 64, nLayersD: 3, norm: 'batch', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 7, outputNc: 3 },
  cyclegan: { netG: 'resnet_9blocks', netD: 'basic', ngf: 64, ndf: 64, nLayersD: 3, norm: 'instance', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // DiscoGAN: its 4-stage encoder-decoder and discriminator, batch norm (models/discogan.ts)
  discogan: { netG: 'discogan', netD: 'discogan', ngf: 64, ndf: 64, nLayersD: 3, norm: 'batch', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // DualGAN: pix2pix's U-Net (dropout as the noise) and 70×70 PatchGAN
  dualgan: { netG: 'unet_256', netD: 'basic', ngf: 64, ndf: 64, nLayersD: 3, norm: 'batch', dropout: true, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // SRGAN: SRResNet with 16 blocks ×4 and the paper's discriminator (models/srgan.ts)
  srgan: { netG: 'srresnet_16blocks_x4', netD: 'srgan', ngf: 64, ndf: 64, nLayersD: 3, norm: 'batch', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // CoGAN: the paper's face networks (128×128, 32 filters at the image end, batch norm; models/cogan.ts);
  // the discriminator's depth follows the generator's side
  cogan: { netG: 'cogan_128', netD: 'cogan', ngf: 32, ndf: 32, nLayersD: 6, norm: 'batch', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
  // UNIT: translators of 64 filters (latent 256 channels at a quarter of the side), instance norm in the
  // residual blocks, discriminators of 5 stride-2 convolutions (models/unit.ts)
  unit: { netG: 'unit', netD: 'unit', ngf: 64, ndf: 64, nLayersD: 5, norm: 'instance', dropout: false, initType: 'normal', initGain: 0.02, inputNc: 3, outputNc: 3 },
};

/** Each network's spec, by trainer name (G, D / G_A, G_B, D_A, D_B / G_AB, G_BA, D_A, D_B). */
export function networkSpecs(model: GanModel, o: NetworkOptions): Record<string, ArchSpec> {
  const family = splitFamilyOptions(o);
  const g = (inputNc: number, outputNc: number) =>
    generatorSpec({ netG: o.netG, inputNc, outputNc, ngf: o.ngf, norm: o.norm, dropout: o.dropout, ...(family.g ? { options: family.g } : {}) });
  const d = (inputNc: number) =>
    discriminatorSpec({ netD: o.netD, inputNc, ndf: o.ndf, norm: o.norm, nLayers: o.nLayersD, ...(family.d ? { options: family.d } : {}) });
  switch (model) {
    // D_A judges G_A's outputs (domain B), D_B judges G_B's (domain A)
    case 'cyclegan': case 'dualgan':
      return { G_A: g(o.inputNc, o.outputNc), G_B: g(o.outputNc, o.inputNc), D_A: d(o.outputNc), D_B: d(o.inputNc) };
    // DiscoGAN's names: D_A judges domain A, D_B domain B
    case 'discogan': return { G_AB: g(o.inputNc, o.outputNc), G_BA: g(o.outputNc, o.inputNc), D_A: d(o.inputNc), D_B: d(o.outputNc) };
    // CoGAN: inputNc / outputNc are the channels of domains A / B; the generators take the noise; D_A judges A
    case 'cogan': {
      const { nLayersD } = coganSide(o.netG);
      const dc = (nc: number) => discriminatorSpec({ netD: o.netD, inputNc: nc, ndf: o.ndf, norm: o.norm, nLayers: nLayersD, ...(family.d ? { options: family.d } : {}) });
      return { G_A: g(COGAN_NOISE, o.inputNc), G_B: g(COGAN_NOISE, o.outputNc), D_A: dc(o.inputNc), D_B: dc(o.outputNc) };
    }
    // UNIT: G_AB = E_A + G_B, G_BA = E_B + G_A; D_A judges domain A, D_B domain B
    case 'unit': return { G_AB: g(o.inputNc, o.outputNc), G_BA: g(o.outputNc, o.inputNc), D_A: d(o.inputNc), D_B: d(o.outputNc) };
    // the SRGAN discriminator judges an image alone, not a pair (the restorer's too, under SRGAN's objective)
    case 'srgan': return { G: g(o.inputNc, o.outputNc), D: d(o.outputNc) };
    case 'restorer': return { G: g(o.inputNc, o.outputNc), D: d(o.netD === 'srgan' ? o.outputNc : o.inputNc + o.outputNc) };
    default: return { G: g(o.inputNc, o.outputNc), D: d(o.inputNc + o.outputNc) };
  }
}

/** The pairs of networks that share layers (the first's tensors are used by the second). */
export const SHARED_PAIRS: Partial<Record<GanModel, [string, string][]>> = {
  cogan: [['G_A', 'G_B'], ['D_A', 'D_B']],
  unit: [['G_AB', 'G_BA']],
};

/** A factory for runTraining (builds and initialises in a fixed order, then ties the shared layers) and a
 *  saver that records specs; every network file holds its shared layers too, so each loads on its own. */
export function registryNetworks(model: GanModel, o: NetworkOptions): { networks: NetworkFactory; saveNetwork: SaveNetwork } {
  const specs = networkSpecs(model, o);
  const networks: NetworkFactory = () => {
    const nets: Record<string, Module> = {};
    for (const [name, spec] of Object.entries(specs)) nets[name] = initWeights(buildModel(spec), { type: o.initType, gain: o.initGain });
    for (const [a, b] of SHARED_PAIRS[model] ?? []) shareLayers(nets[a]!, nets[b]!);
    return nets;
  };
  const saveNetwork: SaveNetwork = (file, name, net) => saveModel(file, net, specs[name]!, { 'tessera.network': name, 'tessera.model': model });
  return { networks, saveNetwork };
}
