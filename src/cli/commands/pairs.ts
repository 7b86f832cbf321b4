import path from 'node:path';
import type { Command } from 'commander';
import { makePairs } from '../../censor/pairs.js';
import { progressLine } from '../progress-line.js';
import { intOption, rangeOption } from './options.js';

function fractionRange(flag: string, v: string): [number, number] {
  const m = /^([\d.]+)-([\d.]+)$/.exec(v);
  const r = m ? [Number(m[1]), Number(m[2])] as [number, number] : null;
  if (!r || !(r[0] > 0 && r[0] <= r[1] && r[1] <= 1)) throw new Error(`${flag} must be A-B with 0 < A ≤ B ≤ 1, got "${v}"`);
  return r;
}

export function registerPairs(program: Command): void {
  program.command('pairs')
    .description('make aligned AB pairs (mosaicked | original, S×2S) from a folder of photos, split into train/ and test/')
    .argument('<photos>', 'folder of photos (searched recursively)')
    .requiredOption('-o, --output <dir>', 'dataset folder (train/, test/, pairs.json)')
    .option('--count <n>', 'number of pairs', '100')
    .option('--size <s>', 'side of each half in pixels', '256')
    .option('--block <a-b>', 'mosaic cell size range in pixels', '6-24')
    .option('--jpeg <q-q>', 'JPEG-degrade the mosaicked half with a quality in this range')
    .option('--crop-scale <a-b>', 'crop side as a fraction of the photo\'s short side, drawn per pair (e.g. 0.15-1)', '1-1')
    .option('--test-fraction <f>', 'share of pairs that go to test/', '0.1')
    .option('--seed <n>', 'seed for crops, regions, styles and blocks', '0')
    .action(async (photos: string, o: { output: string; count: string; size: string; block: string; jpeg?: string; testFraction: string; seed: string; cropScale: string }) => {
      const fraction = Number(o.testFraction);
      if (!(fraction >= 0 && fraction <= 1)) throw new Error(`--test-fraction must be between 0 and 1, got "${o.testFraction}"`);
      if (path.resolve(o.output) === path.resolve(photos)) throw new Error(`${o.output}: the dataset folder must not be the photos folder`);
      const progress = progressLine('pairs');
      const records = await makePairs(photos, o.output, {
        count: intOption('--count', o.count, 1),
        size: intOption('--size', o.size, 16),
        block: rangeOption('--block', o.block, 2, 512),
        jpeg: o.jpeg ? rangeOption('--jpeg', o.jpeg, 1, 100) : undefined,
        testFraction: fraction,
        cropScale: fractionRange('--crop-scale', o.cropScale),
        seed: intOption('--seed', o.seed, 0),
        onProgress: progress,
      });
      progress.done();
      const test = records.filter((r) => r.file.startsWith('test')).length;
      console.log(`${o.output}: ${records.length - test} train + ${test} test pairs`);
    });
}
