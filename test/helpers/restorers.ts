// Restorer files for the restore tests. Until assets/mosaic-restorer.safetensors exists the tests use a
// tiny untrained one (same architecture family, ngf 8); `restorerUnderTest()` switches to the shipped
// model by itself once it is there, so the test that uses it checks what users get.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { Restorer, shippedRestorerFile } from '../../src/restore/index.js';
import { packRestorerPair } from '../../src/restore/pack.js';

let tiny: string | null = null;

/** A small restorer (restorer_unet_64, ngf 8, seeded init) saved once per process to a temp file. */
export function tinyRestorerFile(): string {
  if (tiny) return tiny;
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const net = initWeights(buildGenerator(spec), { seed: 3 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restorer-'));
  tiny = path.join(dir, 'tiny-restorer.safetensors');
  saveModel(tiny, net, spec);
  net.dispose();
  return tiny;
}

/** A pix2pix generator checkpoint: a model file that is not a restorer. */
export function pix2pixFile(dir: string): string {
  const spec = generatorSpec({ netG: 'unet_128', ngf: 4 });
  const net = initWeights(buildGenerator(spec), { seed: 1 });
  const file = path.join(dir, 'pix2pix.safetensors');
  saveModel(file, net, spec);
  net.dispose();
  return file;
}

/** The shipped model when it exists, else the tiny one. */
export function restorerUnderTest(): { file: string; shipped: boolean } {
  try {
    return { file: shippedRestorerFile(), shipped: true };
  } catch {
    return { file: tinyRestorerFile(), shipped: false };
  }
}

export const loadTinyRestorer = () => Restorer.load(tinyRestorerFile());

let pair: { fidelity: string; realism: string; pair: string } | null = null;

/**
 * A tiny restorer pair: the fidelity set is tinyRestorerFile's, the realism set the same architecture
 * with other weights (seed 5), packed into one pair file; all three files saved once per process.
 */
export function tinyRestorerPair(): { fidelity: string; realism: string; pair: string } {
  if (pair) return pair;
  const fidelity = tinyRestorerFile(), dir = path.dirname(fidelity);
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const net = initWeights(buildGenerator(spec), { seed: 5 });
  const realism = path.join(dir, 'tiny-realism.safetensors');
  saveModel(realism, net, spec);
  net.dispose();
  const file = path.join(dir, 'tiny-pair.safetensors');
  packRestorerPair(fidelity, realism, file);
  return (pair = { fidelity, realism, pair: file });
}

/** `count` restorer training pairs (64 px, 8-px `mean` cells) from one evaluation photo, in DIR/pairs; returns that folder. */
export async function tinyPairs(dir: string, count = 2): Promise<string> {
  const { makePairs } = await import('../../src/censor/pairs.js');
  const { evaluationPhotos } = await import('./photos.js');
  const photos = path.join(dir, 'photos'), pairs = path.join(dir, 'pairs');
  fs.mkdirSync(photos, { recursive: true });
  fs.symlinkSync(path.resolve(evaluationPhotos()[0]!), path.join(photos, 'a.jpg'));
  await makePairs(photos, pairs, { count, size: 64, block: [8, 8], styles: ['mean'], seed: 3, testFraction: 0 });
  return pairs;
}
