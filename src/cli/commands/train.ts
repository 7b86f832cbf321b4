import { Command, Option } from 'commander';
import { NETWORK_DEFAULTS, registryNetworks, runTraining, type GanModel, type NetworkOptions, type RunEvent } from '../../train/index.js';
import { PREPROCESS_MODES, type Preprocess } from '../../data/index.js';
import { GAN_MODES, LR_POLICIES, type GanMode, type LrPolicy } from '../../train/index.js';
import { ProgressBar } from '../progress.js';
import { catchStopSignals } from '../stop-signals.js';

// Flags keep the reference implementation's option names (dashes for underscores). Model-dependent
// defaults are undefined here and filled per model below, and the help text says both.
interface Flags {
  data: string; out: string;
  netG?: string; netD: string; ngf: string; ndf: string; nLayersD: string; norm?: string; dropout?: boolean;
  initType: string; initGain: string; ganMode?: string; lambdaL1: string; lambdaA: string; lambdaB: string;
  lambdaIdentity: string; poolSize?: string; loadSize: string; cropSize: string; preprocess: string; flip: boolean;
  direction: string; inputNc: string; outputNc: string; batchSize: string; lr: string; beta1: string; lrPolicy: string;
  lrDecayIters: string; epochCount: string; nEpochs: string; nEpochsDecay: string; maxDatasetSize?: string;
  serialBatches?: boolean; iters?: string; saveEvery: string; sampleEvery: string; seed: string; precision: string;
  resume?: boolean; workers?: string;
}

function num(flag: string, v: string, o: { int?: boolean; min?: number } = {}): number {
  const n = Number(v);
  if (!Number.isFinite(n) || (o.int && !Number.isInteger(n)) || (o.min !== undefined && n < o.min))
    throw new Error(`--${flag} must be ${o.int ? 'a whole number' : 'a number'}${o.min !== undefined ? ` ≥ ${o.min}` : ''}, got '${v}'`);
  return n;
}
function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new Error(`--${flag} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

export function registerTrain(program: Command): void {
  program.command('train')
    .description('train pix2pix (paired: DIR/train/*.png with A|B side by side), CycleGAN (unpaired: DIR/trainA, DIR/trainB) or the mosaic restorer (DIR made by tessera pairs)')
    .addArgument(new Command().createArgument('<model>', 'pix2pix, cyclegan or restorer').choices(['pix2pix', 'cyclegan', 'restorer']))
    .requiredOption('--data <dir>', 'dataset folder')
    .requiredOption('--out <dir>', 'run folder: checkpoints/, samples/, loss_log.jsonl')
    // networks
    .option('--netG <name>', 'generator: unet_256 | unet_128 | resnet_9blocks | resnet_6blocks (default: pix2pix unet_256, cyclegan resnet_9blocks)')
    .option('--netD <name>', 'discriminator: basic (70×70 PatchGAN) | n_layers | pixel', 'basic')
    .option('--ngf <n>', 'generator filters in the last conv layer', '64')
    .option('--ndf <n>', 'discriminator filters in the first conv layer', '64')
    .option('--n-layers-D <n>', 'discriminator layers when --netD n_layers', '3')
    .option('--norm <type>', 'batch | instance | none (default: pix2pix batch, cyclegan instance)')
    .option('--dropout', 'dropout 0.5 in the generator (default: pix2pix on, cyclegan off)')
    .option('--no-dropout', 'no dropout in the generator')
    .option('--init-type <type>', 'weight init: normal | xavier | kaiming | orthogonal', 'normal')
    .option('--init-gain <x>', 'std (normal) or scale (xavier, orthogonal) of the init', '0.02')
    // objectives
    .option('--gan-mode <mode>', 'vanilla (BCE with logits) | lsgan (MSE) | wgangp (default: pix2pix vanilla, cyclegan lsgan)')
    .option('--lambda-L1 <x>', 'pix2pix: weight of the L1 term', '100')
    .option('--lambda-A <x>', 'cyclegan: weight of the cycle loss A→B→A', '10')
    .option('--lambda-B <x>', 'cyclegan: weight of the cycle loss B→A→B', '10')
    .option('--lambda-identity <x>', 'cyclegan: identity loss weight, relative to lambda-A/B (0 turns it off)', '0.5')
    .option('--pool-size <n>', 'fakes kept for the discriminators, 0 = none (default: pix2pix 0, cyclegan 50)')
    // data
    .option('--load-size <n>', 'scale images to this size', '286')
    .option('--crop-size <n>', 'then crop to this size', '256')
    .addOption(new Option('--preprocess <mode>', 'resize_and_crop | crop | scale_width | scale_width_and_crop | none').default('resize_and_crop'))
    .option('--no-flip', 'no random horizontal flips (default: flip)')
    .addOption(new Option('--direction <dir>', 'AtoB | BtoA').default('AtoB'))
    .option('--input-nc <n>', 'input image channels (1 = grayscale)', '3')
    .option('--output-nc <n>', 'output image channels (1 = grayscale)', '3')
    .option('--max-dataset-size <n>', 'use at most this many images per folder (default: all)')
    .option('--serial-batches', 'take images in order instead of shuffling (and pair A[i] with B[i] for cyclegan)')
    .option('--workers <n>', 'decoding threads (default: cores - 1, at most 4)')
    // optimisation
    .option('--batch-size <n>', 'images per step', '1')
    .option('--lr <x>', 'initial Adam learning rate', '0.0002')
    .option('--beta1 <x>', 'Adam beta1 (beta2 is 0.999)', '0.5')
    .addOption(new Option('--lr-policy <policy>', 'linear | step | plateau | cosine').default('linear'))
    .option('--n-epochs <n>', 'epochs at the initial learning rate', '100')
    .option('--n-epochs-decay <n>', 'epochs of linear decay to zero after that', '100')
    .option('--epoch-count <n>', 'the starting epoch count in the linear formula', '1')
    .option('--lr-decay-iters <n>', 'step policy: multiply by 0.1 every n epochs', '50')
    .addOption(new Option('--precision <p>', 'fp32 | bf16 (autocast: bf16 convolutions, fp32 losses and weights)').default('fp32'))
    // run control
    .option('--iters <n>', 'stop after n steps in all (default: run every epoch)')
    .option('--save-every <n>', 'checkpoint every n steps, besides every epoch end (0 = epoch ends only)', '1000')
    .option('--sample-every <n>', 'write an input | output | target grid to RUN_DIR/samples every n steps (0 = never)', '100')
    .option('--seed <n>', 'seed of weights, dropout, data order, augmentation and pools', '0')
    .option('--resume', 'continue the run in --out from its last checkpoint, exactly')
    .action(async (model: GanModel, f: Flags) => {
      const d = NETWORK_DEFAULTS[model];
      const nc = (flag: string, v: string) => { const n = num(flag, v, { int: true, min: 1 }); if (n !== 1 && n !== 3) throw new Error(`--${flag} must be 1 or 3, got '${v}'`); return n; };
      const nets: NetworkOptions = {
        netG: f.netG ?? d.netG, netD: f.netD, ngf: num('ngf', f.ngf, { int: true, min: 1 }), ndf: num('ndf', f.ndf, { int: true, min: 1 }),
        nLayersD: num('n-layers-D', f.nLayersD, { int: true, min: 1 }), norm: oneOf('norm', f.norm ?? d.norm, ['batch', 'instance', 'none'] as const),
        dropout: f.dropout ?? d.dropout, initType: oneOf('init-type', f.initType, ['normal', 'xavier', 'kaiming', 'orthogonal'] as const),
        initGain: num('init-gain', f.initGain),
        // the restorer's channels are fixed by its input (bicubic, mosaic, mask → RGB)
        inputNc: model === 'restorer' ? d.inputNc : nc('input-nc', f.inputNc), outputNc: model === 'restorer' ? d.outputNc : nc('output-nc', f.outputNc),
      };
      if (model === 'cyclegan' && Number(f.lambdaIdentity) > 0 && nets.inputNc !== nets.outputNc)
        throw new Error('--lambda-identity needs --input-nc equal to --output-nc (set --lambda-identity 0)');
      const { networks, saveNetwork } = registryNetworks(model, nets);
      const stopSignals = catchStopSignals();
      const bar = new ProgressBar(`train ${model}`);
      let total = 0, samples = 0;
      const onEvent = (e: RunEvent) => {
        if (e.type === 'start') total = e.totalIterations;
        else if (e.type === 'sample') samples++;
        else if (e.type === 'step') {
          const losses = Object.entries(e.losses).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ');
          bar.update(e.iteration, total, `ep ${e.epoch} ${losses} | data ${e.dataMs.toFixed(0)} ms`);
        }
      };
      try {
        const r = await runTraining({
          model, outDir: f.out, seed: num('seed', f.seed, { int: true }), resume: !!f.resume, signal: stopSignals.signal, onEvent,
          networks, saveNetwork,
          iters: f.iters === undefined ? undefined : num('iters', f.iters, { int: true, min: 1 }),
          saveEvery: num('save-every', f.saveEvery, { int: true, min: 0 }),
          sampleEvery: num('sample-every', f.sampleEvery, { int: true, min: 0 }),
          data: {
            dataDir: f.data, direction: oneOf('direction', f.direction, ['AtoB', 'BtoA'] as const), inputNc: nets.inputNc, outputNc: nets.outputNc,
            maxDatasetSize: f.maxDatasetSize === undefined ? Infinity : num('max-dataset-size', f.maxDatasetSize, { int: true, min: 1 }),
            serialBatches: !!f.serialBatches, batchSize: num('batch-size', f.batchSize, { int: true, min: 1 }),
            workers: f.workers === undefined ? undefined : num('workers', f.workers, { int: true, min: 1 }),
            transform: {
              preprocess: oneOf<Preprocess>('preprocess', f.preprocess, PREPROCESS_MODES), flip: f.flip,
              loadSize: num('load-size', f.loadSize, { int: true, min: 1 }), cropSize: num('crop-size', f.cropSize, { int: true, min: 1 }),
            },
          },
          trainer: {
            ganMode: oneOf<GanMode>('gan-mode', f.ganMode ?? (model === 'cyclegan' ? 'lsgan' : 'vanilla'), GAN_MODES),
            lambdaL1: num('lambda-L1', f.lambdaL1, { min: 0 }), lambdaA: num('lambda-A', f.lambdaA, { min: 0 }),
            lambdaB: num('lambda-B', f.lambdaB, { min: 0 }), lambdaIdentity: num('lambda-identity', f.lambdaIdentity, { min: 0 }),
            poolSize: num('pool-size', f.poolSize ?? (model === 'cyclegan' ? '50' : '0'), { int: true, min: 0 }),
            lr: num('lr', f.lr, { min: 0 }), beta1: num('beta1', f.beta1), precision: oneOf('precision', f.precision, ['fp32', 'bf16'] as const),
          },
          schedule: {
            policy: oneOf<LrPolicy>('lr-policy', f.lrPolicy, LR_POLICIES), nEpochs: num('n-epochs', f.nEpochs, { int: true, min: 0 }),
            nEpochsDecay: num('n-epochs-decay', f.nEpochsDecay, { int: true, min: 0 }), epochCount: num('epoch-count', f.epochCount, { int: true, min: 1 }),
            lrDecayIters: num('lr-decay-iters', f.lrDecayIters, { int: true, min: 1 }),
          },
          options: { networks: nets },
        });
        process.stderr.write('\n');
        console.log(`${r.stopped ? 'stopped' : 'done'} at step ${r.iteration} (epoch ${r.epoch + 1}); checkpoint in ${f.out}/checkpoints/latest, ${samples} sample grid(s), log ${f.out}/loss_log.jsonl`);
      } finally {
        stopSignals.release();
      }
    });
}
