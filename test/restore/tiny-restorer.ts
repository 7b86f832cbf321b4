// A tiny untrained mosaic restorer checkpoint (ngf 8) for tests that need a model file, not a good one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';

export function tinyRestorerFile(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restorer-'))): string {
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const file = path.join(dir, 'tiny-restorer.safetensors');
  const net = initWeights(buildGenerator(spec), { seed: 0 });
  saveModel(file, net, spec);
  net.dispose();
  return file;
}

/** A generator that is not a restorer (plain unet_64), for the refusal paths. */
export function tinyUnetFile(dir: string): string {
  const spec = generatorSpec({ netG: 'unet_64', ngf: 4 });
  const file = path.join(dir, 'tiny-unet.safetensors');
  const net = initWeights(buildGenerator(spec), { seed: 0 });
  saveModel(file, net, spec);
  net.dispose();
  return file;
}
