import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../../image/raster.js';
import { trainMosaicNet } from '../../train/mosaic-detector.js';
import { ProgressBar } from '../progress.js';
import { catchStopSignals } from '../stop-signals.js';
import { intOption } from './options.js';

export function registerTrainDetector(program: Command): void {
  program.command('train-detector')
    .description('train the learned mosaic detector on synthetic mosaics over photos (resumes from OUT/checkpoints/latest)')
    .requiredOption('--photos <dir>', 'folder of photos (bash scripts/fetch-photos.sh --train fills .cache/train-photos)')
    .requiredOption('--out <dir>', 'run folder: checkpoints/latest, loss_log.jsonl, mosaic-detector.safetensors')
    .option('--steps <n>', 'training steps', '3000')
    .option('--batch <n>', 'crops per step', '12')
    .option('--size <n>', 'side of the square crops (multiple of 16)', '128')
    .option('--lr <x>', 'Adam learning rate at the start (cosine decay to 2%)', '0.0015')
    .option('--seed <n>', 'seed of the initial weights and of every batch', '1')
    .option('--save-every <n>', 'steps between checkpoints', '250')
    .option('--blur <p>', 'share of crops blurred before the mosaic (fog, sky, defocus)', '0.15')
    .option('--h264 <p>', 'share of batches re-encoded through H.264 instead of JPEG/WebP', '0.15')
    .action(async (o: { photos: string; out: string; steps: string; batch: string; size: string; lr: string; seed: string; saveEvery: string; blur: string; h264: string }) => {
      if (!fs.existsSync(o.photos) || !fs.statSync(o.photos).isDirectory()) throw new Error(`${o.photos}: no such folder`);
      const photos = fs.readdirSync(o.photos).filter(isImageFile).sort().map((f) => path.join(o.photos, f));
      if (!photos.length) throw new Error(`${o.photos}: no images (.png .jpg .jpeg .webp)`);
      const lr = Number(o.lr);
      if (!(lr > 0)) throw new Error(`--lr must be a positive number, got "${o.lr}"`);
      const share = (flag: string, v: string) => {
        const p = Number(v);
        if (!(p >= 0 && p <= 1)) throw new Error(`${flag} must be between 0 and 1, got "${v}"`);
        return p;
      };
      const stopSignals = catchStopSignals();
      const bar = new ProgressBar('train-detector');
      let avg = NaN;
      try {
        const r = await trainMosaicNet({
          photos, runDir: o.out, lr,
          steps: intOption('--steps', o.steps, 1), batch: intOption('--batch', o.batch, 1), size: intOption('--size', o.size, 16),
          seed: intOption('--seed', o.seed), saveEvery: intOption('--save-every', o.saveEvery, 1),
          blur: share('--blur', o.blur), h264: share('--h264', o.h264),
          onStep: (e) => {
            avg = Number.isNaN(avg) ? e.loss : 0.98 * avg + 0.02 * e.loss;
            bar.update(e.step, e.steps, `loss ${avg.toFixed(3)} lr ${e.lr.toExponential(1)}`);
          },
          signal: stopSignals.signal,
        });
        if (r.resumedFrom) console.log(`resumed at step ${r.resumedFrom}`);
        console.log(stopSignals.signal.aborted ? `stopped at step ${r.step}; run the same command again to go on` : `weights: ${r.weights}`);
      } finally {
        stopSignals.release();
      }
    });
}
