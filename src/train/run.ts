// The training run: data → trainer steps → loss log, sample grids, checkpoints, lr schedule; resumable
// so that an interrupted and resumed run computes exactly what an uninterrupted one would.
import fs from 'node:fs';
import path from 'node:path';
import { manualSeed, tensor, tidy } from '../engine/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Module } from '../nn/index.js';
import { DataLoader, openDataset, openRestorePairs, type DatasetOptions, type HostBatch } from '../data/index.js';
import { checkpointDir, loadCheckpoint, readRunState, saveCheckpoint, saveStateDict, type SaveNetwork } from './checkpoint.js';
import { CycleGANTrainer, CYCLEGAN_DEFAULTS, type CycleGANNetworks, type CycleGANOptions } from './cyclegan.js';
import { Pix2PixTrainer, PIX2PIX_DEFAULTS, type Pix2PixOptions } from './pix2pix.js';
import { sampleStrip, writePng } from './samples.js';
import { LrScheduler, type SchedulerOptions } from './schedulers.js';
import type { Losses, Trainer } from './trainer.js';

/** restorer: pix2pix's objective on `tessera pairs` data read as the mosaic restorer's input and target. */
export type GanModel = 'pix2pix' | 'cyclegan' | 'restorer';

/** Builds the networks of a model (G, D for pix2pix; G_A, G_B, D_A, D_B for CycleGAN) after the seed is set. */
export type NetworkFactory = (model: GanModel) => Record<string, Module>;

export interface RunOptions {
  model: GanModel;
  outDir: string;
  data: Omit<DatasetOptions, 'mode'> & { batchSize: number; workers?: number; prefetch?: number };
  trainer: Partial<Pix2PixOptions & CycleGANOptions>;
  schedule: SchedulerOptions;
  networks: NetworkFactory;
  /** Stop after this many steps in all (a checkpoint is written); default: run every epoch. */
  iters?: number;
  /** Checkpoint every N steps (plus every epoch end); 0 = epoch ends only. */
  saveEvery?: number;
  /** Write a sample grid every N steps; 0 = never. */
  sampleEvery?: number;
  seed: number;
  resume?: boolean;
  /** Aborting saves a checkpoint after the current step and returns (SIGINT / SIGTERM). */
  signal?: AbortSignal;
  saveNetwork?: SaveNetwork;
  /** Recorded in the checkpoint so a resumed run can be checked against it. */
  options?: Record<string, unknown>;
  onEvent?: (e: RunEvent) => void;
}

export type RunEvent =
  | { type: 'start'; iteration: number; totalIterations: number; batchesPerEpoch: number; resumed: boolean }
  | { type: 'step'; iteration: number; epoch: number; losses: Losses; lr: number; dataMs: number; stepMs: number }
  | { type: 'sample'; file: string }
  | { type: 'checkpoint'; dir: string; iteration: number };

export interface RunResult { iteration: number; epoch: number; stopped: boolean; losses: Losses[] }

function makeTrainer(o: RunOptions, nets: Record<string, Module>): Trainer {
  if (o.model !== 'cyclegan') return new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, ...o.trainer });
  return new CycleGANTrainer(nets as CycleGANNetworks, { ...CYCLEGAN_DEFAULTS, poolSeed: o.seed, ...o.trainer });
}

function toBatch(h: HostBatch) {
  const A = tensor(h.A.data, h.A.shape);
  const B = h.B ? tensor(h.B.data, h.B.shape) : A;
  return { A, B };
}

/** Drops log lines past `iteration`, so a resumed run's log reads as one run. */
function truncateLog(file: string, iteration: number): void {
  if (!fs.existsSync(file)) return;
  const keep = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && JSON.parse(l).iteration <= iteration);
  writeFileAtomic(file, keep.map((l) => `${l}\n`).join(''));
}

export async function runTraining(o: RunOptions): Promise<RunResult> {
  fs.mkdirSync(o.outDir, { recursive: true });
  const dataset = o.model === 'restorer' ? openRestorePairs(o.data.dataDir, o.data.phase, o.data.maxDatasetSize)
    : openDataset({ ...o.data, mode: o.model === 'pix2pix' ? 'aligned' : 'unaligned' });
  manualSeed(o.seed);
  const nets = o.networks(o.model);
  const trainer = makeTrainer(o, nets);
  const baseLr = o.trainer.lr ?? 2e-4;
  const sched = new LrScheduler(o.schedule);
  const logFile = path.join(o.outDir, 'loss_log.jsonl');
  let epoch = 0, batchInEpoch = 0, iteration = 0;
  // the plateau policy's metric: the epoch's mean generator loss, carried across a resume
  let epochLoss = { sum: 0, count: 0 };
  if (o.resume) {
    const st = readRunState(o.outDir);
    if (st.model !== o.model) throw new Error(`${checkpointDir(o.outDir)}: checkpoint is a ${st.model} run, not ${o.model}`);
    for (const [k, v] of Object.entries(o.options ?? {})) {
      const was = JSON.stringify(st.options[k]), now = JSON.stringify(v);
      if (st.options[k] !== undefined && was !== now)
        throw new Error(`${checkpointDir(o.outDir)}: the run was started with ${k} ${was}, not ${now}; resume with the same options`);
    }
    if (st.data.seed !== o.seed) throw new Error(`${checkpointDir(o.outDir)}: the run was started with seed ${st.data.seed}, not ${o.seed}; resume with the same --seed`);
    loadCheckpoint(o.outDir, trainer, st);
    ({ epoch, batchInEpoch, iteration } = st);
    sched.load(st.scheduler);
    epochLoss = (st.options.epochLoss as typeof epochLoss | undefined) ?? epochLoss;
    truncateLog(logFile, iteration);
  } else {
    fs.rmSync(logFile, { force: true });
  }
  const loader = new DataLoader(dataset, {
    batchSize: o.data.batchSize, shuffle: !o.data.serialBatches, seed: o.seed, direction: o.data.direction,
    workers: o.data.workers, prefetch: o.data.prefetch,
  });
  const totalEpochs = o.schedule.nEpochs + o.schedule.nEpochsDecay;
  const stopAt = Math.min(o.iters ?? Infinity, totalEpochs * loader.batchesPerEpoch);
  const emit = o.onEvent ?? (() => {});
  const save = () => {
    const dir = saveCheckpoint(o.outDir, trainer, {
      epoch, batchInEpoch, iteration, model: o.model, options: { ...o.options, epochLoss },
      scheduler: sched.state(), data: { seed: o.seed, epoch, batchInEpoch },
    }, o.saveNetwork ?? saveStateDict);
    emit({ type: 'checkpoint', dir, iteration });
  };
  let pendingImages: Promise<void> | null = null;
  trainer.on((e) => {
    if (e.type !== 'images') return;
    const strip = sampleStrip(Object.values(e.images));
    const file = path.join(o.outDir, 'samples', `${String(iteration + 1).padStart(7, '0')}.png`);
    pendingImages = writePng(file, strip).then(() => emit({ type: 'sample', file }));
  });

  emit({ type: 'start', iteration, totalIterations: stopAt, batchesPerEpoch: loader.batchesPerEpoch, resumed: !!o.resume });
  const history: Losses[] = [];
  let stopped = false;
  try {
    outer: while (epoch < totalEpochs && iteration < stopAt) {
      const lr = baseLr * sched.factor;
      trainer.setLr(lr);
      for await (const hb of loader.epoch(epoch, batchInEpoch)) {
        const t0 = performance.now();
        const capture = !!o.sampleEvery && (iteration + 1) % o.sampleEvery === 0;
        const losses = tidy(() => trainer.step(toBatch(hb), capture));
        const stepMs = performance.now() - t0;
        iteration++; batchInEpoch++;
        epochLoss.sum += Object.entries(losses).filter(([k]) => k.startsWith('G')).reduce((s, [, v]) => s + v, 0);
        epochLoss.count++;
        history.push(losses);
        fs.appendFileSync(logFile, `${JSON.stringify({ iteration, epoch: epoch + 1, lr, dataMs: +hb.waitMs.toFixed(2), stepMs: +stepMs.toFixed(1), ...losses })}\n`);
        emit({ type: 'step', iteration, epoch: epoch + 1, losses, lr, dataMs: hb.waitMs, stepMs });
        if (pendingImages) { await pendingImages; pendingImages = null; }
        if (o.saveEvery && iteration % o.saveEvery === 0) save();
        if (o.signal?.aborted || iteration >= stopAt) {
          stopped = !!o.signal?.aborted;
          if (!(o.saveEvery && iteration % o.saveEvery === 0)) save();
          break outer;
        }
      }
      epoch++;
      batchInEpoch = 0;
      sched.step(epochLoss.count ? epochLoss.sum / epochLoss.count : 0);
      epochLoss = { sum: 0, count: 0 };
      save();
    }
  } finally {
    await loader.close();
  }
  return { iteration, epoch, stopped, losses: history };
}
