import { Command } from 'commander';
import { DIRECTIONS, PREPROCESS_MODES, type Direction, type Preprocess } from '../../data/index.js';
import { INIT_TYPES, NORM_TYPES, type InitType, type NormType } from '../../models/index.js';
import {
  GAN_MODELS, GAN_MODES, LR_POLICIES, MODEL_DEFAULTS, PRECISIONS, registryNetworks, runTraining,
  type GanMode, type GanModel, type LrPolicy, type NetworkOptions, type Precision, type RunEvent,
} from '../../train/index.js';
import { ProgressBar } from '../../util/progress.js';
import { channels, choice, float, int, option } from '../options.js';
import { catchStopSignals } from '../stop-signals.js';

// Flags keep the reference implementation's option names (dashes for underscores). Options whose default
// depends on the model are left unset here and come from MODEL_DEFAULTS (train/defaults.ts).
interface Opts {
  data: string; out: string;
  netG?: string; netD: string; ngf: number; ndf: number; nLayersD: number; norm?: NormType; dropout?: boolean;
  initType: InitType; initGain: number; ganMode?: GanMode; lambdaL1: number; lambdaA: number; lambdaB: number;
  lambdaIdentity: number; poolSize?: number; loadSize: number; cropSize: number; preprocess: Preprocess; flip: boolean;
  direction: Direction; inputNc?: number; outputNc?: number; batchSize: number; lr: number; beta1: number; lrPolicy: LrPolicy;
  lrDecayIters: number; epochCount: number; nEpochs: number; nEpochsDecay: number; maxDatasetSize?: number;
  serialBatches?: boolean; iters?: number; saveEvery: number; sampleEvery: number; seed: number; precision: Precision;
  resume?: boolean; overwrite?: boolean; workers?: number; strict?: boolean;
}

/** "(default: pix2pix X, cyclegan Y, …)" from the table. */
const perModel = (key: 'netG' | 'norm' | 'ganMode' | 'poolSize') =>
  `(default: ${GAN_MODELS.map((m) => `${m} ${MODEL_DEFAULTS[m][key]}`).join(', ')})`;

export function registerTrain(program: Command): void {
  const cmd = program.command('train')
    .description('train pix2pix (paired: DIR/train/*.png with A|B side by side), CycleGAN (unpaired: DIR/trainA, DIR/trainB) or the mosaic restorer (DIR made by tessera pairs)')
    .addArgument(new Command().createArgument('<model>', GAN_MODELS.join(', ')).choices(GAN_MODELS))
    .requiredOption('--data <dir>', 'dataset folder')
    .requiredOption('--out <dir>', 'run folder: checkpoints/, samples/, loss_log.jsonl');
  // networks
  cmd.option('--netG <name>', `generator: unet_256 | unet_128 | resnet_9blocks | resnet_6blocks | restorer_unet_<side> ${perModel('netG')}`);
  cmd.option('--netD <name>', 'discriminator: basic (70×70 PatchGAN) | n_layers | pixel', 'basic');
  option(cmd, '--ngf <n>', 'generator filters in the last conv layer', int(1), 64);
  option(cmd, '--ndf <n>', 'discriminator filters in the first conv layer', int(1), 64);
  option(cmd, '--n-layers-D <n>', 'discriminator layers when --netD n_layers', int(1), 3);
  option(cmd, '--norm <type>', `${NORM_TYPES.join(' | ')} ${perModel('norm')}`, choice(NORM_TYPES));
  cmd.option('--dropout', 'dropout 0.5 in the generator (default: pix2pix on, cyclegan and restorer off)');
  cmd.option('--no-dropout', 'no dropout in the generator');
  option(cmd, '--init-type <type>', `weight init: ${INIT_TYPES.join(' | ')}`, choice(INIT_TYPES), 'normal');
  option(cmd, '--init-gain <x>', 'std (normal) or scale (xavier, orthogonal) of the init', float(), 0.02);
  // objectives
  option(cmd, '--gan-mode <mode>', `vanilla (BCE with logits) | lsgan (MSE) | wgangp ${perModel('ganMode')}`, choice(GAN_MODES));
  option(cmd, '--lambda-L1 <x>', 'pix2pix: weight of the L1 term', float(0), 100);
  option(cmd, '--lambda-A <x>', 'cyclegan: weight of the cycle loss A→B→A', float(0), 10);
  option(cmd, '--lambda-B <x>', 'cyclegan: weight of the cycle loss B→A→B', float(0), 10);
  option(cmd, '--lambda-identity <x>', 'cyclegan: identity loss weight, relative to lambda-A/B (0 turns it off)', float(0), 0.5);
  option(cmd, '--pool-size <n>', `fakes kept for the discriminators, 0 = none ${perModel('poolSize')}`, int(0));
  // data
  option(cmd, '--load-size <n>', 'scale images to this size', int(1), 286);
  option(cmd, '--crop-size <n>', 'then crop to this size', int(1), 256);
  option(cmd, '--preprocess <mode>', PREPROCESS_MODES.join(' | '), choice(PREPROCESS_MODES), 'resize_and_crop');
  cmd.option('--no-flip', 'no random horizontal flips (default: flip)');
  option(cmd, '--direction <dir>', DIRECTIONS.join(' | '), choice(DIRECTIONS), 'AtoB');
  option(cmd, '--input-nc <n>', 'input image channels (1 = grayscale; default 3, the restorer its own 7)', channels);
  option(cmd, '--output-nc <n>', 'output image channels (1 = grayscale; default 3)', channels);
  option(cmd, '--max-dataset-size <n>', 'use at most this many images per folder (default: all)', int(1));
  cmd.option('--serial-batches', 'take images in order instead of shuffling (and pair A[i] with B[i] for cyclegan)');
  option(cmd, '--workers <n>', 'decoding threads (default: cores - 1, at most 4)', int(1));
  // optimisation
  option(cmd, '--batch-size <n>', 'images per step', int(1), 1);
  option(cmd, '--lr <x>', 'initial Adam learning rate', float(0), 0.0002);
  option(cmd, '--beta1 <x>', 'Adam beta1 (beta2 is 0.999)', float(), 0.5);
  option(cmd, '--lr-policy <policy>', LR_POLICIES.join(' | '), choice(LR_POLICIES), 'linear');
  option(cmd, '--n-epochs <n>', 'epochs at the initial learning rate', int(0), 100);
  option(cmd, '--n-epochs-decay <n>', 'epochs of linear decay to zero after that', int(0), 100);
  option(cmd, '--epoch-count <n>', 'the starting epoch count in the linear formula', int(1), 1);
  option(cmd, '--lr-decay-iters <n>', 'step policy: multiply by 0.1 every n epochs', int(1), 50);
  option(cmd, '--precision <p>', 'fp32 | bf16 (autocast: bf16 convolutions, fp32 losses and weights)', choice(PRECISIONS), 'fp32');
  // run control
  option(cmd, '--iters <n>', 'stop after n steps in all (default: run every epoch)', int(1));
  option(cmd, '--save-every <n>', 'checkpoint every n steps, besides every epoch end (0 = epoch ends only)', int(0), 1000);
  option(cmd, '--sample-every <n>', 'write an input | output | target grid to RUN_DIR/samples every n steps (0 = never)', int(0), 100);
  option(cmd, '--seed <n>', 'seed of weights, dropout, data order, augmentation and pools', int(), 0);
  cmd.option('--resume', 'continue the run in --out from its last checkpoint, exactly');
  cmd.option('--strict', 'stop at the first dataset file that does not decode (default: leave it out, name it, count it at the end)');
  cmd.option('--overwrite', 'delete the run already in --out (checkpoints, loss log, samples) and start over');
  cmd.action(async (model: GanModel, o: Opts) => {
    const d = MODEL_DEFAULTS[model];
    const nets: NetworkOptions = {
      netG: o.netG ?? d.netG, netD: o.netD, ngf: o.ngf, ndf: o.ndf, nLayersD: o.nLayersD, norm: o.norm ?? d.norm,
      dropout: o.dropout ?? d.dropout, initType: o.initType, initGain: o.initGain, inputNc: o.inputNc ?? d.inputNc, outputNc: o.outputNc ?? d.outputNc,
    };
    if (model === 'cyclegan' && o.lambdaIdentity > 0 && nets.inputNc !== nets.outputNc)
      throw new Error('--lambda-identity needs --input-nc equal to --output-nc (set --lambda-identity 0)');
    const { networks, saveNetwork } = registryNetworks(model, nets);
    const stopSignals = catchStopSignals();
    const bar = new ProgressBar(`train ${model}`, { plainEveryMs: 5000 });
    let total = 0, samples = 0;
    const onEvent = (e: RunEvent) => {
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
        model, outDir: o.out, seed: o.seed, resume: !!o.resume, overwrite: !!o.overwrite, signal: stopSignals.signal, onEvent, networks, saveNetwork,
        iters: o.iters, saveEvery: o.saveEvery, sampleEvery: o.sampleEvery,
        data: {
          dataDir: o.data, direction: o.direction, inputNc: nets.inputNc, outputNc: nets.outputNc,
          maxDatasetSize: o.maxDatasetSize ?? Infinity, serialBatches: !!o.serialBatches, batchSize: o.batchSize, workers: o.workers, strict: !!o.strict,
          transform: { preprocess: o.preprocess, flip: o.flip, loadSize: o.loadSize, cropSize: o.cropSize },
        },
        trainer: {
          ganMode: o.ganMode ?? d.ganMode, lambdaL1: o.lambdaL1, lambdaA: o.lambdaA, lambdaB: o.lambdaB, lambdaIdentity: o.lambdaIdentity,
          poolSize: o.poolSize ?? d.poolSize, lr: o.lr, beta1: o.beta1, precision: o.precision,
        },
        schedule: { policy: o.lrPolicy, nEpochs: o.nEpochs, nEpochsDecay: o.nEpochsDecay, epochCount: o.epochCount, lrDecayIters: o.lrDecayIters },
        options: { networks: nets },
      });
      bar.done();
      if (r.skippedFiles.length) {
        process.stderr.write(`tessera: ${r.skippedFiles.length} dataset file${r.skippedFiles.length === 1 ? '' : 's'} did not decode and ${r.skippedFiles.length === 1 ? 'was' : 'were'} left out (named above)\n`);
      }
      console.log(`${r.stopped ? 'stopped' : 'done'} at step ${r.iteration} (epoch ${r.epoch}); checkpoint in ${o.out}/checkpoints/latest, ${samples} sample grid(s), log ${o.out}/loss_log.jsonl`);
    } finally {
      stopSignals.release();
    }
  });
}
