// A restorer pair file: two weight sets of one restorer network in one safetensors file — the fidelity
// model (detail α = 0) and the realism model (α = 1, a GAN fine-tune of the fidelity one) — so the restorer
// loads once and interpolates between them per call (ESRGAN's network interpolation). Keys are the
// network's state-dict keys prefixed `fidelity.` / `realism.`; `__metadata__` holds the one `tessera.arch`
// and `tessera.restorer-pair`. A plain restorer file (one set, unprefixed keys) reads as a fidelity-only pair.
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { parseStrictJson } from '../io/strict-json.js';
import { noGrad, type Tensor } from '../engine/index.js';
import { ARCH_KEY, readArchSpec } from './checkpoint.js';
import { isGeneratorSpec, type GeneratorSpec } from './registry.js';

/** Metadata key that marks a pair file; its value is JSON `{"sets":["fidelity","realism"],"storage":…}`. */
export const PAIR_KEY = 'tessera.restorer-pair';
export const WEIGHT_SETS = ['fidelity', 'realism'] as const;
export type WeightSet = (typeof WEIGHT_SETS)[number];

/** The weight sets of a restorer file, fp32, with its architecture. `realism` is absent in a plain file. */
export interface RestorerWeights {
  spec: GeneratorSpec;
  metadata: Record<string, string>;
  fidelity: Map<string, Tensor>;
  realism?: Map<string, Tensor>;
}

export const isPairFile = (metadata: Record<string, string>) => Object.hasOwn(metadata, PAIR_KEY);

/** Frees every tensor of a weights record. */
export function disposeWeights(w: RestorerWeights): void {
  for (const set of [w.fidelity, w.realism]) for (const t of set?.values() ?? []) t.dispose();
}

/** Both sets (or the one) of a restorer file, as fp32; a pair's sets must hold the same keys and shapes. */
export function loadRestorerWeights(file: string): RestorerWeights {
  const { tensors, metadata } = loadSafetensors(file);
  const sets: Partial<Record<WeightSet, Map<string, Tensor>>> = {};
  try {
    const spec = readArchSpec(metadata, file);
    if (!isGeneratorSpec(spec)) throw new Error(`${file}: holds a discriminator, not a restorer`);
    if (!isPairFile(metadata)) {
      sets.fidelity = new Map([...tensors].map(([k, t]) => [k, fp32(t)]));
      return { spec, metadata, fidelity: sets.fidelity };
    }
    parseStrictJson(metadata[PAIR_KEY]!, (why) => { throw new Error(`${file}: '${PAIR_KEY}' metadata is not valid JSON (${why})`); }, { maxDepth: 3 });
    for (const name of WEIGHT_SETS) sets[name] = new Map();
    for (const [k, t] of tensors) {
      const dot = k.indexOf('.'), name = k.slice(0, dot) as WeightSet;
      if (dot < 0 || !WEIGHT_SETS.includes(name)) throw new Error(`${file}: a restorer pair holds only fidelity.* and realism.* keys, found '${k}'`);
      sets[name]!.set(k.slice(dot + 1), fp32(t));
    }
    const [a, b] = [sets.fidelity!, sets.realism!];
    const odd = [...a.keys()].filter((k) => !b.has(k) || b.get(k)!.shape.join() !== a.get(k)!.shape.join()).concat([...b.keys()].filter((k) => !a.has(k)));
    if (!a.size || odd.length) throw new Error(`${file}: the fidelity and realism sets differ${odd.length ? ` (${odd.slice(0, 3).join(', ')})` : ' (empty)'}`);
    return { spec, metadata, fidelity: a, realism: b };
  } catch (e) {
    for (const s of Object.values(sets)) for (const t of s.values()) t.dispose();
    throw e;
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

/** A float tensor as a new fp32 one (integer buffers such as num_batches_tracked keep their type). */
function fp32(t: Tensor): Tensor {
  return t.dtype === 'float16' || t.dtype === 'bfloat16' || t.dtype === 'float64' ? t.to('float32') : t.clone();
}

/**
 * Writes a pair file (atomically): both sets under their prefixes, the shared architecture; `half`
 * stores floating-point tensors as float16 (half the size; loaded back as fp32).
 */
export function saveRestorerPair(file: string, spec: GeneratorSpec, fidelity: Map<string, Tensor>, realism: Map<string, Tensor>,
  o: { half?: boolean; sources?: { fidelity: string; realism: string } } = {}): void {
  const out = new Map<string, Tensor>(), made: Tensor[] = [];
  try {
    for (const [name, set] of [['fidelity', fidelity], ['realism', realism]] as const) for (const [k, t] of set) {
      const stored = o.half && t.dtype === 'float32' ? t.to('float16') : t;
      if (stored !== t) made.push(stored);
      out.set(`${name}.${k}`, stored);
    }
    const pair = { sets: WEIGHT_SETS, storage: o.half ? 'float16' : 'float32', ...(o.sources ? { sources: o.sources } : {}) };
    saveSafetensors(file, out, { [ARCH_KEY]: JSON.stringify(spec), [PAIR_KEY]: JSON.stringify(pair) });
  } finally {
    for (const t of made) t.dispose();
  }
}

/**
 * Writes `(1 − α)·fidelity + α·realism` into `target` (a network's live state dict) for every floating
 * tensor; α = 0 and α = 1 copy a set as it is, bit for bit. Integer buffers (BatchNorm's step count,
 * unused at inference) take the nearer set's value.
 */
export function mixWeightsInto(target: Map<string, Tensor>, fidelity: Map<string, Tensor>, realism: Map<string, Tensor> | undefined, alpha: number): void {
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`detail must be between 0 and 1, got ${alpha}`);
  if (alpha > 0 && !realism) throw new Error('detail above 0 needs a restorer pair file (fidelity and realism weights)');
  noGrad(() => {
    for (const [k, t] of target) {
      const a = fidelity.get(k), b = realism?.get(k);
      if (!a) throw new Error(`restorer weights: no '${k}'`);
      if (alpha === 0 || !b) { t.copy_(a); continue; }
      if (alpha === 1 || !a.dtype.startsWith('float')) { t.copy_(alpha < 0.5 ? a : b); continue; }
      t.copy_(a).mul_(1 - alpha).add_(b, alpha); // in place: no temporaries
    }
  });
}
