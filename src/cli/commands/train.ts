import fs from 'node:fs';
import { Command } from 'commander';
import { ProcessGroup } from '../../engine/index.js';
import {
  defaultsByModel, GAN_MODELS, launchWorkers, planTraining, runTraining, takeRunValuesOnResume, trainingSchema, workerPlace,
  type GanModel, type Master, type RunEvent, type TrainingValues, type WorkerPlace,
} from '../../train/index.js';
import type { OptionSpec } from '../../util/option-schema.js';
import { ProgressBar } from '../progress.js';
import { deviceOption, int } from '../options.js';
import { addSchemaOptions, givenOn, schemaValues } from '../schema-options.js';
import { catchStopSignals, exitAsStopped } from '../stop-signals.js';
import { serve } from './serve.js';

// Flags keep the reference implementation's option names (dashes for underscores). Every option is declared
// by the room that uses it (train/plan.ts trainingSchema); the ones whose default depends on the model are
// left unset here and come from MODEL_DEFAULTS (train/defaults.ts), worked out in train/plan.ts.
interface Opts { data: string; out: string; serve?: number | true }
interface RunValues extends TrainingValues { nproc: number; nnodes: number; nodeRank: number; master?: Master; distTimeout: number; overlap: boolean }

/** "(default: 64, cogan 32)": the value most models share, then the models that differ. */
function perModel(spec: OptionSpec): string | undefined {
  const byModel = defaultsByModel(spec.key);
  if (!byModel) return undefined;
  const values = GAN_MODELS.map((m) => String(byModel[m]));
  const common = values.sort((a, b) => values.filter((v) => v === b).length - values.filter((v) => v === a).length)[0]!;
  const others = GAN_MODELS.filter((m) => String(byModel[m]) !== common).map((m) => `${m} ${byModel[m]}`);
  return `(default: ${[common, ...others].join(', ')})`;
}

export function registerTrain(program: Command): void {
  const schema = trainingSchema();
  const cmd = program.command('train')
    .description('train pix2pix (paired: DIR/train/*.png with A|B side by side), CycleGAN, DiscoGAN, DualGAN, UNIT or CoGAN (unpaired: DIR/trainA, DIR/trainB), SRGAN (photos: DIR/train/* or DIR/*) or the mosaic restorer (DIR made by tessera pairs)')
    .addArgument(new Command().createArgument('<model>', GAN_MODELS.join(', ')).choices(GAN_MODELS))
    .requiredOption('--data <dir>', 'dataset folder')
    .requiredOption('--out <dir>', 'run folder: checkpoints/, samples/, loss_log.jsonl');
  addSchemaOptions(cmd, schema, perModel);
  deviceOption(cmd);
  cmd.option('--serve [port]', 'also start the dashboard of this run (tessera serve --runs OUT) on 127.0.0.1, port 8080 or the one given, while it trains',
    (v: string) => int(0, 65535)('--serve', v));
  cmd.action(async (model: GanModel, o: Opts) => {
    const values = schemaValues<RunValues>(o as unknown as Record<string, unknown>, schema);
    if (values.resume) takeRunValuesOnResume(o.out, values, givenOn(cmd, schema));
    const place = workerPlace();
    if (!place && (values.nproc > 1 || values.nnodes > 1)) {
      process.exitCode = await launchWorkers({
        nproc: values.nproc, nnodes: values.nnodes, nodeRank: values.nodeRank, master: values.master, timeoutMs: values.distTimeout * 1000,
        argv: process.argv.slice(1), onMessage: (m) => process.stderr.write(`tessera: ${m}\n`),
      });
      return;
    }
    // A worker keeps a SIGTERM listener to the end: the launcher's SIGTERM may arrive after the run's own
    // handler is released (a rank that saw its peer die is cleaning up), and must not kill it before it
    // prints why it stopped. A worker that hangs gets the launcher's SIGKILL after the grace period.
    if (place) process.on('SIGTERM', () => {});
    try {
      await trainOneProcess(model, o, values, place);
    } catch (e) {
      throw place ? rankError(place, e as Error) : e;
    }
  });
}

/** A worker's error names its rank; a broken connection says what it most likely means. */
function rankError(place: WorkerPlace, e: Error): Error {
  const lost = /Connection closed by peer|Connection reset|Broken pipe|Timed out|timeout|Socket|ECONNREFUSED|Connection refused/i.test(e.message);
  return new Error(`rank ${place.rank} of ${place.worldSize}: ${e.message.split('\n')[0]}`
    + (lost ? ' (another rank died or stopped answering; the run stops)' : ''));
}

async function trainOneProcess(model: GanModel, o: Opts, values: RunValues, place: WorkerPlace | null): Promise<void> {
  const plan = planTraining(model, o.data, values);
  const group = place && new ProcessGroup({
    rank: place.rank, worldSize: place.worldSize, master: place.master, timeoutMs: place.timeoutMs, bind: place.bind,
    iface: process.env.TESSERA_GLOO_IFNAME || undefined,
  });
  const speaks = !place || place.rank === 0;
  // the dashboard watches the run folder, so it must exist before the run writes into it (rank 0 serves it)
  if (speaks && o.serve !== undefined) fs.mkdirSync(o.out, { recursive: true });
  const dashboard = !speaks || o.serve === undefined ? null
    : await serve({ host: '127.0.0.1', port: o.serve === true ? 8080 : o.serve, runs: o.out });
  const stopSignals = catchStopSignals();
  const bar = new ProgressBar(`train ${model}${place ? ` ×${place.worldSize} ranks` : ''}`, { plainEveryMs: 5000 });
  let total = 0, samples = 0;
  const onEvent = (e: RunEvent) => {
    if (!speaks) return;
    if (e.type === 'notice') process.stderr.write(`tessera: ${e.message}\n`);
    else if (e.type === 'start') total = e.totalIterations;
    else if (e.type === 'sample') samples++;
    else if (e.type === 'step') {
      const losses = Object.entries(e.losses).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ');
      bar.update(e.iteration, total, `ep ${e.epoch} ${losses} | data ${e.dataMs.toFixed(0)} ms`);
    }
  };
  try {
    const r = await runTraining({
      ...plan, outDir: o.out, signal: stopSignals.signal, onEvent,
      parallel: group ? { group, syncBn: !!values.syncBn, overlap: values.overlap } : undefined,
    });
    if (!speaks) return;
    bar.done();
    if (r.skippedFiles.length) {
      process.stderr.write(`tessera: ${r.skippedFiles.length} dataset file${r.skippedFiles.length === 1 ? '' : 's'} did not decode and ${r.skippedFiles.length === 1 ? 'was' : 'were'} left out (named above)\n`);
    }
    console.log(`${r.stopped ? 'stopped' : 'done'} at step ${r.iteration} (epoch ${r.epoch}); checkpoint in ${o.out}/checkpoints/latest, ${samples} sample grid(s), log ${o.out}/loss_log.jsonl`);
    // a worker stopped by its launcher ends as asked (0); the launcher gives the status of the signal it got
    if (!place && r.stopped) exitAsStopped(stopSignals);
  } finally {
    stopSignals.release();
    group?.close();
    await dashboard?.close();
  }
}
