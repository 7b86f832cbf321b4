// Import of PyTorch state dicts (.pth) from the reference implementation: infer the architecture from
// the keys and shapes where they tell it (U-Net depth from nesting, ResNet block count, ngf, norm,
// channels), let flags fill in or override the rest, and load the weights into our network.
import { loadPthStateDict } from '../io/pth.js';
import type { Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import type { NormType } from './norm.js';
import { buildModel, discriminatorSpec, generatorSpec, type ArchSpec, type DiscriminatorSpec, type GeneratorSpec } from './registry.js';

export type ArchOverrides = Partial<GeneratorSpec> & Partial<DiscriminatorSpec>;

const is4d = (s: number[] | undefined) => s?.length === 4;

/** The architecture a reference state dict describes, or null when the keys match no known layout. */
export function inferArchSpec(shapes: Map<string, number[]>, defaults: ArchOverrides = {}): ArchSpec | null {
  const has = (k: string) => shapes.has(k);
  const shape = (k: string) => shapes.get(k)!;
  const normOf = (normWeight: string, convBias: string): NormType =>
    has(normWeight) ? 'batch' : has(convBias) ? 'instance' : 'none';
  const keys = [...shapes.keys()];

  if (has('model.model.0.weight')) { // U-Net: each level nests one more `model.<i>.model`
    const depth = Math.max(...keys.map((k) => k.split('.').filter((t) => t === 'model').length)) - 1;
    const [ngf, inputNc] = shape('model.model.0.weight');
    return generatorSpec({
      netG: `unet_${2 ** depth}`, ngf, inputNc, outputNc: shape('model.model.3.weight')?.[1],
      norm: normOf('model.model.1.model.2.weight', 'model.model.1.model.1.bias'),
      dropout: defaults.dropout ?? true, // the reference default (no --no_dropout); not visible in U-Net keys
    });
  }
  const blocks = new Set(keys.map((k) => /^model\.(\d+)\.conv_block\./.exec(k)?.[1]).filter(Boolean));
  if (blocks.size && has('model.1.weight')) { // ResNet: model.<i>.conv_block.<j>
    const [ngf, inputNc] = shape('model.1.weight');
    const last = Math.max(...keys.map((k) => /^model\.(\d+)\.weight$/.exec(k)).filter((m) => m && is4d(shapes.get(m[0]))).map((m) => Number(m![1])));
    const first = `model.${[...blocks][0]}.conv_block`;
    return generatorSpec({
      netG: `resnet_${blocks.size}blocks`, ngf, inputNc, outputNc: shape(`model.${last}.weight`)[0],
      norm: normOf('model.2.weight', 'model.1.bias'),
      dropout: is4d(shapes.get(`${first}.6.weight`)), // dropout shifts the second conv from index 5 to 6
    });
  }
  if (has('net.0.weight')) { // PixelGAN
    const [ndf, inputNc] = shape('net.0.weight');
    return discriminatorSpec({ netD: 'pixel', ndf, inputNc, norm: normOf('net.3.weight', 'net.2.bias') });
  }
  if (has('model.0.weight')) { // PatchGAN: n_layers + 2 convolutions
    const convs = keys.filter((k) => /^model\.\d+\.weight$/.test(k) && is4d(shape(k))).length;
    const [ndf, inputNc] = shape('model.0.weight');
    const nLayers = convs - 2;
    return discriminatorSpec({ netD: nLayers === 3 ? 'basic' : 'n_layers', nLayers, ndf, inputNc, norm: normOf('model.3.weight', 'model.2.bias') });
  }
  return null;
}

export interface ImportedModel { net: Module; spec: ArchSpec }

/** Builds the network for `sd` (inferred, then overridden by flags) and loads the weights strictly. */
export function importStateDict(sd: Map<string, Tensor>, overrides: ArchOverrides = {}, source = 'state dict'): ImportedModel {
  const shapes = new Map([...sd].map(([k, t]) => [k, t.shape]));
  const inferred = inferArchSpec(shapes, overrides);
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  let spec: ArchSpec;
  try {
    if (given.netG || (inferred && 'netG' in inferred && !given.netD))
      spec = generatorSpec({ ...(inferred && 'netG' in inferred ? inferred : {}), ...given } as GeneratorSpec);
    else if (given.netD || inferred)
      spec = discriminatorSpec({ ...(inferred && 'netD' in inferred ? inferred : {}), ...given } as DiscriminatorSpec);
    else throw new Error('cannot tell the architecture from its keys; give the overrides netG or netD (and ngf, norm, …)');
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
  const net = buildModel(spec);
  const own = net.stateDict();
  // Checkpoints from PyTorch < 0.4 carry running stats for instance norm; the reference drops them too.
  const weights = new Map([...sd].filter(([k]) => own.has(k) || !(spec.norm === 'instance' && /\.(running_mean|running_var|num_batches_tracked)$/.test(k))));
  try {
    net.loadStateDict(weights, { source: `${source} (as ${'netG' in spec ? spec.netG : spec.netD}, norm ${spec.norm})` });
  } catch (e) {
    net.dispose();
    throw e;
  }
  return { net, spec };
}

/** Reads a .pth through the restricted unpickler and imports it. */
export function importPth(file: string, overrides: ArchOverrides = {}): ImportedModel {
  const sd = loadPthStateDict(file);
  try {
    return importStateDict(sd, overrides, file);
  } finally {
    for (const t of sd.values()) t.dispose();
  }
}
