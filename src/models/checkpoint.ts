// Model checkpoints: safetensors weights whose `__metadata__` records the architecture, so
// `loadModel(file)` rebuilds the network without the user repeating flags.
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { parseStrictJson } from '../io/strict-json.js';
import type { Module } from '../nn/index.js';
import { buildModel, discriminatorSpec, generatorSpec, isGeneratorSpec, type ArchSpec, type GeneratorSpec } from './registry.js';

/** Metadata key under which the JSON ArchSpec is stored. */
export const ARCH_KEY = 'tessera.arch';

export function saveModel(file: string, module: Module, spec: ArchSpec, extraMeta: Record<string, string> = {}): void {
  saveSafetensors(file, module.stateDict(), { ...extraMeta, [ARCH_KEY]: JSON.stringify(spec) });
}

export interface LoadedModel<S extends ArchSpec = ArchSpec> {
  net: Module;
  spec: S;
  /** Every `__metadata__` entry, the architecture included. */
  metadata: Record<string, string>;
}

export function readArchSpec(metadata: Record<string, string>, source: string): ArchSpec {
  const raw = metadata[ARCH_KEY];
  if (!raw) throw new Error(`${source}: no '${ARCH_KEY}' metadata, so not a tessera model checkpoint (convert PyTorch .pth files with 'tessera import')`);
  let parsed: any;
  parsed = parseStrictJson(raw, (why) => { throw new Error(`${source}: '${ARCH_KEY}' metadata is not valid JSON (${why})`); }, { maxDepth: 4 });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${source}: '${ARCH_KEY}' metadata is not a JSON object`);
  try {
    if (parsed && typeof parsed.netG === 'string') return generatorSpec(parsed);
    if (parsed && typeof parsed.netD === 'string') return discriminatorSpec(parsed);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
  throw new Error(`${source}: '${ARCH_KEY}' names neither a netG nor a netD`);
}

/** Rebuilds the network a checkpoint describes and loads its weights (strict key and shape match). */
export function loadModel(file: string): LoadedModel {
  const { tensors, metadata } = loadSafetensors(file);
  try {
    const spec = readArchSpec(metadata, file);
    const net = buildModel(spec);
    try {
      net.loadStateDict(tensors, { source: file });
    } catch (e) {
      net.dispose();
      throw e;
    }
    return { net, spec, metadata };
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

export function loadGenerator(file: string): LoadedModel<GeneratorSpec> {
  const m = loadModel(file);
  if (!isGeneratorSpec(m.spec)) {
    m.net.dispose();
    throw new Error(`${file}: holds a discriminator (${(m.spec as { netD: string }).netD}), not a generator`);
  }
  return m as LoadedModel<GeneratorSpec>;
}
