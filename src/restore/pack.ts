// `tessera pack-restorer`: two trained restorers of one architecture — the fidelity model and its GAN
// fine-tune — into one pair file (models/restorer-pair.ts), the file the detail dial mixes.
import fs from 'node:fs';
import path from 'node:path';
import { cat, zeros } from '../engine/index.js';
import { disposeWeights, isRestorerGenerator, loadRestorerWeights, saveRestorerPair, type RestorerWeights } from '../models/index.js';
import { resolveModelFile } from '../models/model-path.js';

export interface PackOptions {
  /** Store floating-point weights as float16 (half the size; loaded back as fp32). */
  half?: boolean;
}

export interface PackResult { output: string; fidelity: string; realism: string; bytes: number; netG: string }

function readOne(given: string, role: string): { file: string; w: RestorerWeights } {
  const file = resolveModelFile(given, 'generator');
  const w = loadRestorerWeights(file);
  if (!isRestorerGenerator(w.spec.netG) || w.realism) disposeWeights(w);
  if (!isRestorerGenerator(w.spec.netG)) throw new Error(`${file}: holds a ${w.spec.netG} generator, not a mosaic restorer (--${role})`);
  if (w.realism) throw new Error(`${file}: is already a restorer pair; --${role} takes a restorer with one weight set`);
  return { file, w };
}

/**
 * A fidelity end trained without the noise plane, paired with a realism end fine-tuned with it (--noise-input,
 * started from the fidelity end's weights): the fidelity network is the noise network with zero weights for the
 * plane, so its head gains them and it takes the realism end's spec. Any other difference stays an error.
 */
function growFidelityForNoise(a: RestorerWeights, b: RestorerWeights): boolean {
  const withNoise = { ...a.spec, options: { ...a.spec.options, noise: true } };
  const head = a.fidelity.get('head.weight'), want = b.fidelity.get('head.weight');
  if (JSON.stringify(withNoise) !== JSON.stringify(b.spec) || !head || !want) return false;
  const [o, i, kh, kw] = head.shape as [number, number, number, number], plane = want.shape[1]! / (a.spec.inputNc + 1);
  if (want.shape[0] !== o || want.shape[1] !== i + plane || want.shape[2] !== kh || want.shape[3] !== kw) return false;
  const zero = zeros([o, plane, kh, kw], { dtype: head.dtype });
  a.fidelity.set('head.weight', cat([head, zero], 1));
  head.dispose();
  zero.dispose();
  a.spec = b.spec;
  return true;
}

/** Writes the pair file `output` (atomically) from a fidelity and a realism restorer (files, checkpoint or run folders). */
export function packRestorerPair(fidelity: string, realism: string, output: string, o: PackOptions = {}): PackResult {
  const a = readOne(fidelity, 'fidelity');
  let b: { file: string; w: RestorerWeights } | null = null;
  try {
    b = readOne(realism, 'realism');
    growFidelityForNoise(a.w, b.w);
    const [sa, sb] = [JSON.stringify(a.w.spec), JSON.stringify(b.w.spec)];
    if (sa !== sb) throw new Error(`${b.file}: its architecture (${sb}) differs from ${a.file}'s (${sa}); weights mix only between a model and its own fine-tune`);
    const out = path.resolve(output);
    for (const f of [a.file, b.file]) if (fs.existsSync(out) && fs.realpathSync(f) === fs.realpathSync(out)) throw new Error(`${output}: is an input; write the pair to another file`);
    saveRestorerPair(out, a.w.spec, a.w.fidelity, b.w.fidelity, { half: o.half, sources: { fidelity: path.basename(a.file), realism: path.basename(b.file) } });
    return { output: out, fidelity: a.file, realism: b.file, bytes: fs.statSync(out).size, netG: a.w.spec.netG };
  } finally {
    disposeWeights(a.w);
    if (b) disposeWeights(b.w);
  }
}
