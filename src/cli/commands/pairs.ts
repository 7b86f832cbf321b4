import path from 'node:path';
import type { Command } from 'commander';
import { makePairs, type PairRecord } from '../../censor/pairs.js';
import { FilesFailed } from '../../util/failures.js';
import { ProgressBar } from '../progress.js';
import { int, option, range, share, shareRange } from '../options.js';

interface Opts { output: string; count: number; size: number; block: [number, number]; blockStep: number; cropScale: [number, number]; jpeg?: [number, number]; testFraction: number; seed: number; overwrite?: boolean }

export function registerPairs(program: Command): void {
  const cmd = program.command('pairs')
    .description('make aligned AB pairs (mosaicked | original, S×2S) from a folder of photos, split into train/ and test/')
    .argument('<photos>', 'folder of photos (searched recursively)')
    .requiredOption('-o, --output <dir>', 'dataset folder (train/, test/, pairs.json)');
  option(cmd, '--count <n>', 'number of pairs', int(1), 100);
  option(cmd, '--size <s>', 'side of each half in pixels', int(16), 256);
  option(cmd, '--block <a-b>', 'mosaic cell size range in pixels', range(2, 512), [6, 24]);
  option(cmd, '--block-step <n>', 'cell sizes from the range in steps of n (8 with --block 8-24: 8, 16 or 24; for restorer_cells --cell-scales)', int(1), 1);
  option(cmd, '--crop-scale <a-b>', "crop side as a fraction of the photo's short side, drawn per pair (e.g. 0.15-1)", shareRange, [1, 1]);
  option(cmd, '--jpeg <q-q>', 'JPEG-degrade the mosaicked half with a quality in this range', range(1, 100));
  option(cmd, '--test-fraction <f>', 'share of pairs that go to test/', share, 0.1);
  option(cmd, '--seed <n>', 'seed for crops, regions, styles and blocks', int(0), 0);
  cmd.option('--overwrite', 'replace the pairs (train/, test/, pairs.json) already in the output folder');
  cmd.action(async (photos: string, o: Opts) => {
    if (path.resolve(o.output) === path.resolve(photos)) throw new Error(`${o.output}: the dataset folder must not be the photos folder`);
    const bar = new ProgressBar('pairs');
    const report = (records: PairRecord[]) => {
      const test = records.filter((r) => r.file.startsWith('test')).length;
      console.log(`${o.output}: ${records.length - test} train + ${test} test pairs`);
    };
    try {
      report(await makePairs(photos, o.output, {
        count: o.count, size: o.size, block: o.block, blockStep: o.blockStep, cropScale: o.cropScale, jpeg: o.jpeg, testFraction: o.testFraction, seed: o.seed,
        overwrite: o.overwrite, onProgress: (d, t) => bar.update(d, t),
      }));
    } catch (e) {
      // unreadable photos were skipped: say what was made; main.ts names each photo
      if (e instanceof FilesFailed && e.done.length) report(e.done as PairRecord[]);
      throw e;
    } finally {
      bar.done();
    }
  });
}
