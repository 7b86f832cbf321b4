import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../../image/raster.js';
import { MOSAIC_TRAIN_OPTIONS, trainMosaicNet, type MosaicTrainOptions } from '../../train/mosaic-detector.js';
import { ProgressBar } from '../progress.js';
import { addSchemaOptions, schemaValues } from '../schema-options.js';
import { catchStopSignals, exitAsStopped } from '../stop-signals.js';

type Trained = Omit<MosaicTrainOptions, 'photos' | 'runDir' | 'widths' | 'inputs' | 'onStep' | 'signal' | 'onNotice'>;

export function registerTrainDetector(program: Command): void {
  const cmd = program.command('train-detector')
    .description('train the learned mosaic detector on synthetic mosaics over photos (resumes from OUT/checkpoints/latest)')
    .requiredOption('--photos <dirs>', 'folders of photos, comma-separated (bash scripts/fetch-photos.sh --train fills .cache/train-photos)')
    .requiredOption('--out <dir>', 'run folder: checkpoints/latest, loss_log.jsonl, mosaic-detector.safetensors');
  addSchemaOptions(cmd, MOSAIC_TRAIN_OPTIONS);
  cmd.action(async (o: { photos: string; out: string }) => {
    const run = schemaValues<Trained>(o, MOSAIC_TRAIN_OPTIONS);
    const photos = o.photos.split(',').filter(Boolean).flatMap((dir) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder`);
      const files = fs.readdirSync(dir).filter(isImageFile).sort().map((f) => path.join(dir, f));
      if (!files.length) throw new Error(`${dir}: no images (.png .jpg .jpeg .webp)`);
      return files;
    });
    if (run.init && !fs.existsSync(run.init)) throw new Error(`${run.init}: no such file (--init)`);
    const stopSignals = catchStopSignals();
    const bar = new ProgressBar('train-detector', { plainEveryMs: 5000 });
    let avg = NaN;
    try {
      const r = await trainMosaicNet({
        ...run, photos, runDir: o.out, signal: stopSignals.signal, strict: !!run.strict,
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
