// The GAN training run: a dataset and the model's trainer, handed to the resumable loop (loop.ts).
import fs from 'node:fs';
import { manualSeed } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { CellRestorerGenerator } from '../models/index.js';
import { DataLoader, openDataset, openRestorePairs, type DatasetOptions } from '../data/index.js';
import type { SaveNetwork } from './checkpoint.js';
import { CycleGANTrainer, CYCLEGAN_DEFAULTS, type CycleGANNetworks, type CycleGANOptions } from './cyclegan.js';
import { Pix2PixTrainer, PIX2PIX_DEFAULTS, type Pix2PixOptions } from './pix2pix.js';
import { runLoop, type RunEvent, type RunResult } from './loop.js';
import type { SchedulerOptions } from './schedulers.js';
import type { Trainer } from './trainer.js';

export type { RunEvent, RunResult } from './loop.js';

/** restorer: pix2pix's objective on `tessera pairs` data read as the mosaic restorer's input and target. */
export type GanModel = 'pix2pix' | 'cyclegan' | 'restorer';

/** Builds the networks of a model (G, D for pix2pix; G_A, G_B, D_A, D_B for CycleGAN) after the seed is set. */
export type NetworkFactory = (model: GanModel) => Record<string, Module>;

export interface RunOptions {
  model: GanModel;
  outDir: string;
  /** strict: stop at the first file that does not decode (default: leave it out, say so once, count it). */
  data: Omit<DatasetOptions, 'mode'> & { batchSize: number; workers?: number; prefetch?: number; strict?: boolean };
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
  /** Replace an existing run in outDir (its checkpoint, log and samples); without it or resume, one is refused. */
  overwrite?: boolean;
  /** Aborting saves a checkpoint after the current step and returns (SIGINT / SIGTERM). */
  signal?: AbortSignal;
  saveNetwork?: SaveNetwork;
  /** Recorded in the checkpoint so a resumed run can be checked against it. */
  options?: Record<string, unknown>;
  onEvent?: (e: RunEvent) => void;
}

function makeTrainer(o: RunOptions, nets: Record<string, Module>): Trainer {
  if (o.model !== 'cyclegan') return new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, ...o.trainer });
  return new CycleGANTrainer(nets as CycleGANNetworks, { ...CYCLEGAN_DEFAULTS, poolSeed: o.seed, ...o.trainer });
}

/** The loop's result and the dataset's files that did not decode (each left out, told once as a notice). */
export interface TrainingResult extends RunResult { skippedFiles: string[] }

export async function runTraining(o: RunOptions): Promise<TrainingResult> {
  fs.mkdirSync(o.outDir, { recursive: true });
  manualSeed(o.seed);
  const nets = o.networks(o.model);
  const dataset = o.model === 'restorer'
    ? openRestorePairs(o.data.dataDir, o.data.phase, o.data.maxDatasetSize, { alignCells: nets.G instanceof CellRestorerGenerator })
    : openDataset({ ...o.data, mode: o.model === 'pix2pix' ? 'aligned' : 'unaligned' });
  const trainer = makeTrainer(o, nets);
  // one broken file in thousands must not stop a night's training: it is left out and named once
  const skipped = new Set<string>();
  const onBadFile = (file: string, message: string) => {
    if (skipped.has(file)) return;
    skipped.add(file);
    o.onEvent?.({ type: 'notice', message: `${message.includes(file) ? message : `${file}: ${message}`}; left out of training (--strict stops instead)` });
  };
  const loader = new DataLoader(dataset, {
    batchSize: o.data.batchSize, shuffle: !o.data.serialBatches, seed: o.seed, direction: o.data.direction,
    workers: o.data.workers, prefetch: o.data.prefetch, onBadFile: o.data.strict ? undefined : onBadFile,
  });
  const r = await runLoop({
    trainer, batches: loader, model: o.model, outDir: o.outDir, seed: o.seed, lr: o.trainer.lr ?? 2e-4, schedule: o.schedule,
    iters: o.iters, saveEvery: o.saveEvery, sampleEvery: o.sampleEvery, resume: o.resume, overwrite: o.overwrite, signal: o.signal,
    saveNetwork: o.saveNetwork, options: o.options, onEvent: o.onEvent,
  });
  return { ...r, skippedFiles: [...skipped] };
}
