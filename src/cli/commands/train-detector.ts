import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../../image/raster.js';
import { trainMosaicNet } from '../../train/mosaic-detector.js';
import { ProgressBar } from '../progress.js';
import { int, option, positive, share } from '../options.js';
import { catchStopSignals, exitAsStopped } from '../stop-signals.js';

interface Opts {
  photos: string; out: string; steps: number; batch: number; size: number; lr: number; seed: number; saveEvery: number;
  blur: number; h264: number; hardNegatives: number; upscaled: number; init?: string; strict?: boolean;
}

export function registerTrainDetector(program: Command): void {
  const cmd = program.command('train-detector')
    .description('train the learned mosaic detector on synthetic mosaics over photos (resumes from OUT/checkpoints/latest)')
    .requiredOption('--photos <dirs>', 'folders of photos, comma-separated (bash scripts/fetch-photos.sh --train fills .cache/train-photos)')
    .requiredOption('--out <dir>', 'run folder: checkpoints/latest, loss_log.jsonl, mosaic-detector.safetensors');
  option(cmd, '--steps <n>', 'training steps', int(1), 3000);
  option(cmd, '--batch <n>', 'crops per step', int(1), 12);
  option(cmd, '--size <n>', 'side of the square crops (multiple of 16)', int(16), 128);
  option(cmd, '--lr <x>', 'Adam learning rate at the start (cosine decay to 2%)', positive, 0.0015);
  option(cmd, '--seed <n>', 'seed of the initial weights and of every batch', int(), 1);
  option(cmd, '--save-every <n>', 'steps between checkpoints', int(1), 250);
  option(cmd, '--blur <p>', 'share of crops blurred before the mosaic (fog, sky, defocus)', share, 0.15);
  option(cmd, '--h264 <p>', 'share of batches re-encoded through H.264 instead of JPEG/WebP', share, 0.15);
  option(cmd, '--hard-negatives <p>', 'share of crops with a regular pattern painted in (checkerboard, banding, screen door, brick, blurred pixel art): not mosaics', share, 0);
  option(cmd, '--upscaled <p>', 'share of crops saved as blocky JPEG and enlarged 2–4× (zoomed screenshots): not mosaics', share, 0);
  cmd.option('--init <file>', 'start from these detector weights (a fine-tune, e.g. assets/mosaic-detector.safetensors); ignored on resume');
  cmd.option('--strict', 'stop at the first photo that does not decode (default: leave it out, name it, count it at the end)');
  cmd.action(async (o: Opts) => {
    const photos = o.photos.split(',').filter(Boolean).flatMap((dir) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder`);
      const files = fs.readdirSync(dir).filter(isImageFile).sort().map((f) => path.join(dir, f));
      if (!files.length) throw new Error(`${dir}: no images (.png .jpg .jpeg .webp)`);
      return files;
    });
    if (o.init && !fs.existsSync(o.init)) throw new Error(`${o.init}: no such file (--init)`);
    const stopSignals = catchStopSignals();
    const bar = new ProgressBar('train-detector', { plainEveryMs: 5000 });
    let avg = NaN;
    try {
      const r = await trainMosaicNet({
        photos, runDir: o.out, lr: o.lr, steps: o.steps, batch: o.batch, size: o.size, seed: o.seed, saveEvery: o.saveEvery,
        blur: o.blur, h264: o.h264, hardNegatives: o.hardNegatives, upscaled: o.upscaled, init: o.init, signal: stopSignals.signal, strict: !!o.strict,
        onNotice: (m) => process.stderr.write(`tessera: ${m}\n`),
        onStep: (e) => {
          avg = Number.isNaN(avg) ? e.loss : 0.98 * avg + 0.02 * e.loss;
          bar.update(e.step, e.steps, `loss ${avg.toFixed(3)} lr ${e.lr.toExponential(1)}`);
        },
      });
      bar.done();
      if (r.resumedFrom) console.log(`resumed at step ${r.resumedFrom}`);
      const k = r.skippedPhotos.length;
      if (k) process.stderr.write(`tessera: ${k} photo${k === 1 ? '' : 's'} did not decode and ${k === 1 ? 'was' : 'were'} left out (named above)\n`);
      console.log(stopSignals.signal.aborted ? `stopped at step ${r.step}; run the same command again to go on` : `weights: ${r.weights}`);
      exitAsStopped(stopSignals);
    } finally {
      stopSignals.release();
    }
  });
}
