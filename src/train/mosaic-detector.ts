// Training the learned mosaic detector on synthetic mosaics over real photos (data/mosaic-synth.ts):
// Adam, per-pixel binary cross-entropy plus a soft Dice term (the figure that matters is the region's IoU,
// and Dice keeps small regions from drowning in background pixels), cosine decay to 2% of the learning
// rate. It runs through the same loop, checkpoint and schedule as the GANs (loop.ts): one epoch is one
// batch, batch k is drawn from rngFor(seed, k), so a stopped and resumed run sees the same batches.
import fs from 'node:fs';
import path from 'node:path';
import { F, manualSeed, tidy, type Adam, type Tensor } from '../engine/index.js';
import { loadPhotoBank, synthBatches } from '../data/mosaic-synth.js';
import { DEFAULT_MOSAIC_NET, MosaicNet } from '../models/mosaic-net.js';
import type { InputKind } from '../models/mosaic-input.js';
import { loadMosaicNet, saveMosaicNet } from '../models/mosaic-weights.js';
import { checkpointDir } from './checkpoint.js';
import { runLoop } from './loop.js';
import { TrainerBase, type Batch, type Losses, type TrainerState } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

/** What `tessera train-detector` takes besides its photos and run folder, by MosaicTrainOptions key. */
export const MOSAIC_TRAIN_OPTIONS: OptionSchema = [
  { key: 'steps', flag: '--steps <n>', type: 'int', min: 1, default: 3000, help: 'training steps' },
  { key: 'batch', flag: '--batch <n>', type: 'int', min: 1, default: 12, help: 'crops per step' },
  { key: 'size', flag: '--size <n>', type: 'int', min: 16, default: 128, help: 'side of the square crops (multiple of 16)' },
  { key: 'lr', flag: '--lr <x>', type: 'positive', default: 0.0015, help: 'Adam learning rate at the start (cosine decay to 2%)' },
  { key: 'seed', flag: '--seed <n>', type: 'int', default: 1, help: 'seed of the initial weights and of every batch' },
  { key: 'saveEvery', flag: '--save-every <n>', type: 'int', min: 1, default: 250, help: 'steps between checkpoints' },
  { key: 'blur', flag: '--blur <p>', type: 'share', default: 0.15, help: 'share of crops blurred before the mosaic (fog, sky, defocus)' },
  { key: 'h264', flag: '--h264 <p>', type: 'share', default: 0.15, help: 'share of batches re-encoded through H.264 instead of JPEG/WebP' },
  { key: 'hardNegatives', flag: '--hard-negatives <p>', type: 'share', default: 0, help: 'share of crops with a regular pattern painted in (checkerboard, banding, screen door, brick, blurred pixel art): not mosaics' },
  { key: 'upscaled', flag: '--upscaled <p>', type: 'share', default: 0, help: 'share of crops saved as blocky JPEG and enlarged 2–4× (zoomed screenshots): not mosaics' },
  { key: 'shrunk', flag: '--shrunk <p>', type: 'share', default: 0, help: 'share of crops made as a large photo reaches the network: mosaic (cells 5–60 px) and JPEG at full size, then shrunk 0.3–0.5' },
  { key: 'largeCells', flag: '--large-cells <p>', type: 'share', default: 0, help: 'share of crops with cells of 24–40 px (3–5 across): large mosaics as the network sees them at scale 0.4' },
  { key: 'init', flag: '--init <file>', type: 'text', help: 'start from these detector weights (a fine-tune, e.g. assets/mosaic-detector.safetensors); ignored on resume' },
  { key: 'strict', flag: '--strict', type: 'flag', help: 'stop at the first photo that does not decode (default: leave it out, name it, count it at the end)' },
];


export interface MosaicTrainOptions {
  photos: string[];
  /** Run folder: checkpoints/latest, loss_log.jsonl, and the final mosaic-detector.safetensors. */
  runDir: string;
  steps: number;
  batch: number;
  /** Side of the square training crops. */
  size: number;
  lr: number;
  seed: number;
  /** Steps between checkpoints. */
  saveEvery: number;
  widths?: number[];
  inputs?: InputKind;
  /** Share of crops blurred before the mosaic; share of batches through H.264 (data/mosaic-synth.ts). */
  blur?: number;
  h264?: number;
  /** Share of crops with a painted regular pattern; share enlarged from blocky JPEG (data/mosaic-synth.ts). */
  hardNegatives?: number;
  upscaled?: number;
  shrunk?: number;
  largeCells?: number;
  /** A detector weights file to start from (a fine-tune); its architecture must be the run's. */
  init?: string;
  onStep?: (e: { step: number; steps: number; loss: number; lr: number }) => void;
  /** Aborted (e.g. on SIGINT): the run stops after the current step and writes a checkpoint. */
  signal?: AbortSignal;
  /** Stop at the first photo that does not decode; by default it is left out and told to onNotice. */
  strict?: boolean;
  onNotice?: (message: string) => void;
}

export interface MosaicTrainResult { weights: string; step: number; resumedFrom: number; lastLoss: number; skippedPhotos: string[] }

/** What a run is made of; a resume must match it (steps may grow). */
type Recipe = Record<'batch' | 'size' | 'lr' | 'seed' | 'widths' | 'inputs' | 'blur' | 'h264' | 'hardNegatives' | 'upscaled' | 'shrunk' | 'largeCells' | 'init', unknown>;

/** What a checkpoint made before an option existed ran with. */
const RECIPE_BEFORE: Partial<Recipe> = { hardNegatives: 0, upscaled: 0, shrunk: 0, largeCells: 0, init: null };

/** 1 − Dice over the whole batch, on sigmoid probabilities. */
function softDiceLoss(logits: Tensor, target: Tensor): Tensor {
  const p = logits.sigmoid();
  const inter = p.mul(target).sum();
  const denom = p.sum().add(target.sum()).add(1);
  return inter.mul(2).add(1).div(denom).neg().add(1);
}

/** A: detector input [N, C, s, s], B: target mask [N, 1, s, s] in {0, 1}. */
export class MosaicDetectorTrainer extends TrainerBase {
  readonly networks: { net: MosaicNet };
  readonly optimizers: { net: Adam };

  constructor(net: MosaicNet, lr: number, readonly recipe: Recipe) {
    super({ lr, beta1: 0.9, precision: 'fp32' });
    this.networks = { net };
    this.optimizers = { net: this.adam([net]) };
  }

  step(batch: Batch): Losses {
    const loss = tidy(() => {
      const logits = this.networks.net.forward(batch.A);
      const l = F.bceWithLogits(logits, batch.B).add(softDiceLoss(logits, batch.B));
      this.optimizers.net.zeroGrad();
      l.backward();
      this.optimizers.net.step();
      return l.item();
    });
    const losses = { loss };
    this.emit({ type: 'losses', losses });
    return losses;
  }

  override state(): TrainerState {
    const st = super.state();
    return { ...st, json: { ...st.json, recipe: this.recipe } };
  }

  override load(st: TrainerState): void {
    const saved = { ...RECIPE_BEFORE, ...(st.json.recipe ?? {}) } as Recipe;
    for (const k of Object.keys(this.recipe) as (keyof Recipe)[]) {
      if (JSON.stringify(saved[k]) !== JSON.stringify(this.recipe[k])) {
        throw new Error(`the detector was trained with ${k} ${JSON.stringify(saved[k])}, not ${JSON.stringify(this.recipe[k])}; use another run folder or the same options`);
      }
    }
    super.load(st);
  }
}

export async function trainMosaicNet(o: MosaicTrainOptions): Promise<MosaicTrainResult> {
  const widths = o.widths ?? DEFAULT_MOSAIC_NET.widths, inputs = o.inputs ?? DEFAULT_MOSAIC_NET.inputs;
  const recipe: Recipe = {
    batch: o.batch, size: o.size, lr: o.lr, seed: o.seed, widths, inputs, blur: o.blur ?? 0, h264: o.h264 ?? 0,
    hardNegatives: o.hardNegatives ?? 0, upscaled: o.upscaled ?? 0, shrunk: o.shrunk ?? 0, largeCells: o.largeCells ?? 0, init: o.init ? path.basename(o.init) : null,
  };
  const m = 2 ** (widths.length - 1);
  if (o.size % m) throw new Error(`the crop size must be a multiple of ${m}, got ${o.size}`);
  const resume = fs.existsSync(path.join(checkpointDir(o.runDir), 'train_state.json'));
  manualSeed(o.seed);
  const net = new MosaicNet({ net: 'mosaic-unet', widths, inputs });
  if (o.init && !resume) startFrom(net, o.init);
  net.train();
  const trainer = new MosaicDetectorTrainer(net, o.lr, recipe);
  try {
    const skippedPhotos: string[] = [];
    const bank = await loadPhotoBank(o.photos, o.size, {
      onBadFile: o.strict ? undefined : (file, message) => {
        skippedPhotos.push(file);
        o.onNotice?.(`${message.includes(file) ? message : `${file}: ${message}`}; left out of training (--strict stops instead)`);
      },
    });
    let resumedFrom = 0, lastLoss = NaN;
    const r = await runLoop({
      trainer,
      batches: synthBatches(bank, {
        inputs, blur: o.blur ?? 0, h264: o.h264 ?? 0, hardNegatives: o.hardNegatives ?? 0, upscaled: o.upscaled ?? 0, shrunk: o.shrunk ?? 0, largeCells: o.largeCells ?? 0,
        seed: o.seed, batch: o.batch, size: o.size,
      }),
      model: 'mosaic-detector', outDir: o.runDir, seed: o.seed, lr: o.lr, resume,
      // it resumes whenever a checkpoint exists; without one, what is left (a log) belongs to no run to keep
      overwrite: !resume, signal: o.signal,
      schedule: { policy: 'cosine', nEpochs: o.steps, nEpochsDecay: 0, minFactor: 0.02 },
      saveEvery: o.saveEvery, saveEachEpoch: false,
      saveNetwork: (file, _, n) => saveMosaicNet(file, n as MosaicNet),
      logLine: (e) => ({ step: e.iteration, loss: e.losses.loss, lr: e.lr }),
      onEvent: (e) => {
        if (e.type === 'start') resumedFrom = e.iteration;
        if (e.type === 'step') { lastLoss = e.losses.loss!; o.onStep?.({ step: e.iteration, steps: o.steps, loss: lastLoss, lr: e.lr }); }
      },
    });
    const weights = path.join(o.runDir, 'mosaic-detector.safetensors');
    if (r.iteration >= o.steps) {
      net.eval();
      saveMosaicNet(weights, net, { steps: String(r.iteration), training: JSON.stringify(recipe), photos: String(bank.length) });
    }
    return { weights, step: r.iteration, resumedFrom, lastLoss, skippedPhotos };
  } finally {
    trainer.optimizers.net.dispose();
    net.dispose();
  }
}

/** Copies a trained detector's weights (and batch-norm statistics) into `net`, which must have its architecture. */
function startFrom(net: MosaicNet, file: string): void {
  const { net: trained } = loadMosaicNet(file);
  try {
    if (JSON.stringify(trained.spec) !== JSON.stringify(net.spec)) {
      throw new Error(`${file}: a detector of architecture ${JSON.stringify(trained.spec)}, not the run's ${JSON.stringify(net.spec)}`);
    }
    const state = trained.stateDict();
    net.loadStateDict(state, { source: file });
  } finally {
    trained.dispose();
  }
}
