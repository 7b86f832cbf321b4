// The GAN training run: a dataset and the model's trainer, handed to the resumable loop (loop.ts).
import fs from 'node:fs';
import path from 'node:path';
import { cat, manualSeed, zeros, type ProcessGroup, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { CellRestorerGenerator, SRResNetGenerator, worksPerCell } from '../models/index.js';
import { DataLoader, openDataset, openRestorePairs, type DatasetMode, type DatasetOptions } from '../data/index.js';
import { checkpointDir, type SaveNetwork } from './checkpoint.js';
import { loadSafetensors } from '../io/safetensors.js';
import { CycleGANTrainer, CYCLEGAN_DEFAULTS, type CycleGANNetworks, type CycleGANOptions } from './cyclegan.js';
import { Pix2PixTrainer, PIX2PIX_DEFAULTS, type Pix2PixOptions } from './pix2pix.js';
import { DiscoGANTrainer, DISCOGAN_DEFAULTS, type DiscoGANNetworks, type DiscoGANOptions } from './discogan.js';
import { DualGANTrainer, DUALGAN_DEFAULTS, type DualGANNetworks, type DualGANOptions } from './dualgan.js';
import { SRGANTrainer, SRGAN_DEFAULTS, type SRGANOptions } from './srgan.js';
import { CoGANTrainer, COGAN_DEFAULTS, type CoGANNetworks } from './cogan.js';
import { UNITTrainer, UNIT_DEFAULTS, type UNITNetworks, type UNITOptions } from './unit.js';
import { DataParallel, type DataParallelOptions } from './ddp.js';
import { runLoop, type RunEvent, type RunResult } from './loop.js';
import type { SchedulerOptions } from './schedulers.js';
import type { Trainer } from './trainer.js';
import type { OptionSchema, Parser } from '../util/option-schema.js';

/** A comma-separated list of network names (G, D, D_A …), each once. */
const nameList: Parser<string[]> = (flag, text) => {
  const names = [...new Set(text.split(',').map((t) => t.trim()))];
  if (names.some((n) => !/^[A-Za-z_]+$/.test(n))) throw new Error(`${flag}: expected network names like G,D, got '${text}'`);
  return names;
};

export type { RunEvent, RunResult } from './loop.js';

/** restorer: pix2pix's objective (or SRGAN's, `objective`) on `tessera pairs` data read as the mosaic restorer's
 *  input and target. */
export type GanModel = 'pix2pix' | 'cyclegan' | 'restorer' | 'discogan' | 'dualgan' | 'srgan' | 'cogan' | 'unit';

/** The restorer's objective: pix2pix's (conditional PatchGAN + λ·L1) or SRGAN's (content + 10⁻³ × adversarial
 *  from a discriminator of the output alone, after --pretrain-iters of content alone). */
export type RestorerObjective = 'pix2pix' | 'srgan';
export const RESTORER_OBJECTIVES: readonly RestorerObjective[] = ['pix2pix', 'srgan'];

export const RESTORER_OBJECTIVE_OPTIONS: OptionSchema = [
  { key: 'objective', flag: '--objective <o>', type: 'choice', choices: RESTORER_OBJECTIVES, default: 'pix2pix', help: 'restorer: pix2pix (conditional PatchGAN + lambda-L1 · L1) | srgan (SRGAN\'s: --content-loss + lambda-adv · adversarial from --netD srgan on the output alone, after --pretrain-iters of content alone; Adam 1e-4, beta1 0.9 unless given)' },
];

/** How long a run goes, what it writes, where it starts from. */
export const RUN_OPTIONS: OptionSchema = [
  { key: 'iters', flag: '--iters <n>', type: 'int', min: 1, help: 'stop after n steps in all (default: run every epoch)' },
  { key: 'saveEvery', flag: '--save-every <n>', type: 'int', min: 0, default: 1000, help: 'checkpoint every n steps, besides every epoch end (0 = epoch ends only)' },
  { key: 'keep', flag: '--keep <n>', type: 'int', min: 0, default: 0, help: 'also keep the last n checkpoints as RUN_DIR/checkpoints/<step> (0 = only checkpoints/latest)' },
  { key: 'sampleEvery', flag: '--sample-every <n>', type: 'int', min: 0, default: 100, help: 'write an input | output | target grid to RUN_DIR/samples every n steps (0 = never)' },
  { key: 'seed', flag: '--seed <n>', type: 'int', default: 0, help: 'seed of weights, dropout, data order, augmentation and pools' },
  { key: 'strict', flag: '--strict', type: 'flag', help: 'stop at the first dataset file that does not decode (default: leave it out, name it, count it at the end)' },
  { key: 'initFrom', flag: '--init-from <dir>', type: 'text', help: 'fine-tune: start every network from the weights of this run or checkpoint folder' },
  { key: 'initNets', flag: '--init-nets <list>', type: 'text', parse: nameList, help: "with --init-from: which networks start from it, comma-separated (G: a GAN fine-tune of a content-only run, its discriminator new); default all" },
  { key: 'resume', flag: '--resume', type: 'flag', help: 'continue the run in --out from its last checkpoint, exactly; a flag left out takes the run\'s value (networks, objective and its weights, --sample-every)' },
  { key: 'overwrite', flag: '--overwrite', type: 'flag', help: 'delete the run already in --out (checkpoints, loss log, samples) and start over' },
];

/** Builds the networks of a model (G, D for pix2pix and SRGAN; G_A, G_B, D_A, D_B for CycleGAN and DualGAN;
 *  G_AB, G_BA, D_A, D_B for DiscoGAN and UNIT; G_A, G_B, D_A, D_B for CoGAN, whose pairs share layers) after
 *  the seed is set. */
export type NetworkFactory = (model: GanModel) => Record<string, Module>;

export interface RunOptions {
  model: GanModel;
  outDir: string;
  /** strict: stop at the first file that does not decode (default: leave it out, say so once, count it). */
  data: Omit<DatasetOptions, 'mode'> & { batchSize: number; workers?: number; prefetch?: number; strict?: boolean };
  trainer: Partial<Pix2PixOptions & CycleGANOptions & DiscoGANOptions & DualGANOptions & SRGANOptions & UNITOptions>;
  schedule: SchedulerOptions;
  /** restorer only (default pix2pix). */
  objective?: RestorerObjective;
  networks: NetworkFactory;
  /** Stop after this many steps in all (a checkpoint is written); default: run every epoch. */
  iters?: number;
  /** Checkpoint every N steps (plus every epoch end); 0 = epoch ends only. */
  saveEvery?: number;
  /** Also keep the last N checkpoints as outDir/checkpoints/<step> (0 = only latest). */
  keep?: number;
  /** Write a sample grid every N steps; 0 = never. */
  sampleEvery?: number;
  seed: number;
  resume?: boolean;
  /** Fine-tune: a fresh run whose networks start from this checkpoint's weights (a run folder or a
   *  checkpoint folder holding net_<name>.safetensors); ignored on resume, where the run's own checkpoint wins. */
  initFrom?: string;
  /** The networks initFrom starts (default every one); the others keep their fresh initialisation. */
  initNets?: string[];
  /** Replace an existing run in outDir (its checkpoint, log and samples); without it or resume, one is refused. */
  overwrite?: boolean;
  /** Aborting saves a checkpoint after the current step and returns (SIGINT / SIGTERM). */
  signal?: AbortSignal;
  saveNetwork?: SaveNetwork;
  /** Recorded in the checkpoint so a resumed run can be checked against it. */
  options?: Record<string, unknown>;
  /** Recorded too; a resume may change them (the objective's weights, --sample-every; loop.ts). */
  settings?: Record<string, unknown>;
  onEvent?: (e: RunEvent) => void;
  /** Data-parallel: this process is one rank of the group; --batch-size is per rank (ddp.ts). */
  parallel?: Omit<DataParallelOptions, 'group'> & { group: ProcessGroup };
}

/**
 * A checkpoint of a cell restorer without the noise plane, loaded into one with it (the GAN fine-tune of a
 * content-trained restorer): the head's weight gains the plane's input channels as zeros, so the network
 * starts exactly as the checkpoint's did. The one shape change allowed; any other stays an error.
 */
export function growNoiseInputs(net: Module, tensors: Map<string, Tensor>): boolean {
  if (!(net instanceof CellRestorerGenerator && net.noise)) return false;
  const old = tensors.get('head.weight'), want = net.head.weight.shape;
  const plane = want[1]! / (net.inputNc + 1);
  if (!old || old.shape[1] !== want[1]! - plane || [0, 2, 3].some((d) => old.shape[d] !== want[d])) return false;
  const noiseInputs = zeros([want[0]!, plane, want[2]!, want[3]!]);
  tensors.set('head.weight', cat([old, noiseInputs], 1));
  old.dispose();
  noiseInputs.dispose();
  return true;
}

/** Loads the named networks' weights (default all) from a checkpoint folder (or a run folder's latest checkpoint). */
function initNetworks(nets: Record<string, Module>, from: string, only?: string[], notice?: (message: string) => void): void {
  const dir = fs.existsSync(path.join(from, 'checkpoints', 'latest')) ? checkpointDir(from) : from;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${from}: not a run or checkpoint folder (--init-from)`);
  const unknown = only?.find((n) => !(n in nets));
  if (unknown !== undefined) throw new Error(`--init-nets: this run has no network ${unknown} (it has ${Object.keys(nets).join(', ')})`);
  for (const [name, net] of Object.entries(nets)) {
    if (only && !only.includes(name)) continue;
    const file = path.join(dir, `net_${name}.safetensors`);
    if (!fs.existsSync(file)) throw new Error(`${dir}: has no net_${name}.safetensors to start network ${name} from (--init-from)`);
    const { tensors } = loadSafetensors(file);
    try {
      if (growNoiseInputs(net, tensors)) notice?.(`${file}: network ${name} has no noise input; its head starts with zero weights for it (--noise-input)`);
      net.loadStateDict(tensors, { source: file });
    } finally {
      for (const t of tensors.values()) t.dispose();
    }
  }
}

function makeTrainer(o: RunOptions, nets: Record<string, Module>): Trainer {
  switch (o.model) {
    case 'cyclegan': return new CycleGANTrainer(nets as CycleGANNetworks, { ...CYCLEGAN_DEFAULTS, poolSeed: o.seed, ...o.trainer });
    case 'discogan': return new DiscoGANTrainer(nets as DiscoGANNetworks, { ...DISCOGAN_DEFAULTS, ...o.trainer });
    case 'dualgan': return new DualGANTrainer(nets as DualGANNetworks, { ...DUALGAN_DEFAULTS, ...o.trainer });
    case 'cogan': return new CoGANTrainer(nets as CoGANNetworks, { ...COGAN_DEFAULTS, ...o.trainer });
    case 'unit': return new UNITTrainer(nets as UNITNetworks, { ...UNIT_DEFAULTS, ...o.trainer });
    case 'srgan': {
      // the factor is the generator's own, so the LR inputs always fit it
      const scale = nets.G instanceof SRResNetGenerator ? nets.G.scale : o.trainer.scale ?? SRGAN_DEFAULTS.scale;
      return new SRGANTrainer(nets.G!, nets.D!, { ...SRGAN_DEFAULTS, ...o.trainer, scale });
    }
    case 'restorer':
      if (o.objective === 'srgan') return new SRGANTrainer(nets.G!, nets.D!, { ...SRGAN_DEFAULTS, ...o.trainer, paired: true });
      return new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, ...o.trainer });
    default: return new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, ...o.trainer });
  }
}

const DATASET_MODE: Record<Exclude<GanModel, 'restorer'>, DatasetMode> = {
  pix2pix: 'aligned', cyclegan: 'unaligned', discogan: 'unaligned', dualgan: 'unaligned', srgan: 'single', cogan: 'unaligned', unit: 'unaligned',
};

/** The loop's result and the dataset's files that did not decode (each left out, told once as a notice). */
export interface TrainingResult extends RunResult { skippedFiles: string[] }

export async function runTraining(o: RunOptions): Promise<TrainingResult> {
  fs.mkdirSync(o.outDir, { recursive: true });
  manualSeed(o.seed);
  const nets = o.networks(o.model);
  if (o.initNets && !o.initFrom) throw new Error('--init-nets needs --init-from');
  if (o.initFrom && !o.resume) initNetworks(nets, o.initFrom, o.initNets, (message) => o.onEvent?.({ type: 'notice', message }));
  const dataset = o.model === 'restorer'
    ? openRestorePairs(o.data.dataDir, o.data.phase, o.data.maxDatasetSize, { alignCells: worksPerCell(nets.G!) })
    : openDataset({ ...o.data, mode: DATASET_MODE[o.model] });
  const trainer = makeTrainer(o, nets);
  const parallel = o.parallel ? new DataParallel(trainer, o.parallel) : undefined;
  // one broken file in thousands must not stop a night's training: it is left out and named once.
  // Data-parallel ranks stop instead (as --strict): a rank's shorter or skipped batch would leave the
  // others waiting in a collective.
  const skipped = new Set<string>();
  const onBadFile = (file: string, message: string) => {
    if (skipped.has(file)) return;
    skipped.add(file);
    o.onEvent?.({ type: 'notice', message: `${message.includes(file) ? message : `${file}: ${message}`}; left out of training (--strict stops instead)` });
  };
  const loader = new DataLoader(dataset, {
    batchSize: o.data.batchSize, shuffle: !o.data.serialBatches, seed: o.seed, direction: o.data.direction,
    workers: o.data.workers, prefetch: o.data.prefetch,
    shard: parallel && { rank: parallel.rank, worldSize: parallel.worldSize },
    onBadFile: o.data.strict || parallel ? undefined : onBadFile,
  });
  try {
    const r = await runLoop({
      trainer, batches: loader, model: o.model, outDir: o.outDir, seed: o.seed, lr: o.trainer.lr ?? 2e-4, schedule: o.schedule,
      iters: o.iters, saveEvery: o.saveEvery, keep: o.keep, sampleEvery: o.sampleEvery, resume: o.resume, overwrite: o.overwrite, signal: o.signal,
      saveNetwork: o.saveNetwork, options: o.options, settings: o.settings, onEvent: o.onEvent, parallel,
    });
    return { ...r, skippedFiles: [...skipped] };
  } finally {
    parallel?.dispose();
  }
}
