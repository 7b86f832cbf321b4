import fs from 'node:fs';
import { Command } from 'commander';
import { DIRECTIONS, PREPROCESS_MODES, type Direction, type Preprocess } from '../../data/index.js';
import { INIT_TYPES, NORM_TYPES, unetCropMisfit, type InitType, type NormType } from '../../models/index.js';
import { ProcessGroup } from '../../engine/index.js';
import {
  CONTENT_LOSSES, FIXED_OBJECTIVE_MODELS, GAN_MODELS, GAN_MODES, LR_POLICIES, MODEL_DEFAULTS, PRECISIONS, RECONSTRUCTION_DISTANCES, RESTORER_OBJECTIVES, SRGAN_DEFAULTS, launchWorkers, parseMaster, readRunState, registryNetworks, runTraining, workerPlace,
  type ContentLoss, type RestorerObjective, type GanMode, type GanModel, type LrPolicy, type ReconstructionDistance, type Master, type NetworkOptions, type Precision, type RunEvent, type WorkerPlace,
} from '../../train/index.js';
import { ProgressBar } from '../progress.js';
import { channels, choice, device, float, int, option } from '../options.js';
import { catchStopSignals, exitAsStopped } from '../stop-signals.js';
import { serve } from './serve.js';

// Flags keep the reference implementation's option names (dashes for underscores). Options whose default
// depends on the model are left unset here and come from MODEL_DEFAULTS (train/defaults.ts).
interface Opts {
  data: string; out: string;
  netG?: string; netD?: string; ngf?: number; ndf?: number; nLayersD?: number; norm?: NormType; dropout?: boolean;
  initType: InitType; initGain: number; ganMode?: GanMode; lambdaL1: number; lambdaSsim: number; initFrom?: string; lambdaA: number; lambdaB: number;
  lambdaIdentity: number; poolSize?: number; loadSize?: number; cropSize?: number; preprocess?: Preprocess; flip: boolean;
  direction: Direction; inputNc?: number; outputNc?: number; batchSize?: number; lr?: number; beta1?: number; lrPolicy: LrPolicy;
  reconstruction: ReconstructionDistance; lambdaRec: number; lambdaU: number; lambdaV: number; clip: number; nCritic: number;
  objective: RestorerObjective; scale?: string; contentLoss: ContentLoss; lambdaAdv: number; pretrainIters: number;
  lambdaGan: number; lambdaKl: number; lambdaVae: number; lambdaCycKl: number; lambdaCyc: number;
  lrDecayIters: number; epochCount: number; nEpochs: number; nEpochsDecay: number; maxDatasetSize?: number;
  serialBatches?: boolean; iters?: number; saveEvery: number; keep: number; sampleEvery: number; seed: number; precision: Precision;
  resume?: boolean; overwrite?: boolean; workers?: number; serve?: number; strict?: boolean;
  nproc: number; nnodes: number; nodeRank: number; master?: Master; syncBn?: boolean; distTimeout: number; overlap: boolean;
}

/** CoGAN's images are resized 132/128 of the crop (the authors' 132² → 128² face crops). */
const coganLoadSize = (crop: number) => Math.round((crop * MODEL_DEFAULTS.cogan.loadSize) / MODEL_DEFAULTS.cogan.cropSize);

/** "(default: pix2pix X, cyclegan Y, …)" from the table. */
const perModel = (key: 'netG' | 'netD' | 'ngf' | 'ndf' | 'nLayersD' | 'norm' | 'ganMode' | 'poolSize' | 'lr' | 'beta1' | 'batchSize' | 'loadSize' | 'cropSize' | 'preprocess') =>
  `(default: ${GAN_MODELS.map((m) => `${m} ${MODEL_DEFAULTS[m][key]}`).join(', ')})`;

export function registerTrain(program: Command): void {
  const cmd = program.command('train')
    .description('train pix2pix (paired: DIR/train/*.png with A|B side by side), CycleGAN, DiscoGAN, DualGAN, UNIT or CoGAN (unpaired: DIR/trainA, DIR/trainB), SRGAN (photos: DIR/train/* or DIR/*) or the mosaic restorer (DIR made by tessera pairs)')
    .addArgument(new Command().createArgument('<model>', GAN_MODELS.join(', ')).choices(GAN_MODELS))
    .requiredOption('--data <dir>', 'dataset folder')
    .requiredOption('--out <dir>', 'run folder: checkpoints/, samples/, loss_log.jsonl');
  // networks
  cmd.option('--netG <name>', `generator: unet_256 | unet_128 | resnet_9blocks | resnet_6blocks | restorer_unet_<side> | discogan | srresnet_<n>blocks_x<2|4|8> | unit | cogan_<side> (cogan: from --crop-size) ${perModel('netG')}`);
  cmd.option('--netD <name>', `discriminator: basic (70×70 PatchGAN) | n_layers | pixel | discogan | srgan | unit | cogan ${perModel('netD')}`);
  option(cmd, '--ngf <n>', 'generator filters in the last conv layer (default: 64, cogan 32)', int(1));
  option(cmd, '--ndf <n>', 'discriminator filters in the first conv layer (default: 64, cogan 32)', int(1));
  option(cmd, '--n-layers-D <n>', 'discriminator layers when --netD n_layers, stride-2 convolutions of --netD unit (default: 3, unit 5; cogan: from the image side)', int(1));
  option(cmd, '--norm <type>', `${NORM_TYPES.join(' | ')} ${perModel('norm')}`, choice(NORM_TYPES));
  cmd.option('--dropout', 'dropout 0.5 in the generator (default: pix2pix on, cyclegan and restorer off)');
  cmd.option('--no-dropout', 'no dropout in the generator');
  option(cmd, '--init-type <type>', `weight init: ${INIT_TYPES.join(' | ')}`, choice(INIT_TYPES), 'normal');
  option(cmd, '--init-gain <x>', 'std (normal) or scale (xavier, orthogonal) of the init', float(), 0.02);
  // objectives
  option(cmd, '--objective <o>', 'restorer: pix2pix (conditional PatchGAN + lambda-L1 · L1) | srgan (SRGAN\'s: --content-loss + lambda-adv · adversarial from --netD srgan on the output alone, after --pretrain-iters of content alone; Adam 1e-4, beta1 0.9 unless given)', choice(RESTORER_OBJECTIVES), 'pix2pix');
  option(cmd, '--gan-mode <mode>', `vanilla (BCE with logits) | lsgan (MSE) | wgangp ${perModel('ganMode')}`, choice(GAN_MODES));
  option(cmd, '--lambda-L1 <x>', 'pix2pix: weight of the L1 term', float(0), 100);
  option(cmd, '--lambda-ssim <x>', 'pix2pix / restorer: weight of 1 − SSIM of luma (0 = off)', float(0), 0);
  option(cmd, '--lambda-A <x>', 'cyclegan: weight of the cycle loss A→B→A', float(0), 10);
  option(cmd, '--lambda-B <x>', 'cyclegan: weight of the cycle loss B→A→B', float(0), 10);
  option(cmd, '--lambda-identity <x>', 'cyclegan: identity loss weight, relative to lambda-A/B (0 turns it off)', float(0), 0.5);
  option(cmd, '--pool-size <n>', `fakes kept for the discriminators, 0 = none ${perModel('poolSize')}`, int(0));
  option(cmd, '--reconstruction <d>', `discogan: distance of the reconstruction terms, ${RECONSTRUCTION_DISTANCES.join(' | ')}`, choice(RECONSTRUCTION_DISTANCES), 'mse');
  option(cmd, '--lambda-rec <x>', 'discogan: weight of each reconstruction term', float(0), 1);
  option(cmd, '--lambda-U <x>', 'dualgan: weight of the U (A) reconstruction, the paper uses 100–1000', float(0), 500);
  option(cmd, '--lambda-V <x>', 'dualgan: weight of the V (B) reconstruction', float(0), 500);
  option(cmd, '--clip <c>', 'dualgan: critic weights clipped to [-c, c] (WGAN)', float(0), 0.01);
  option(cmd, '--n-critic <n>', 'dualgan: critic steps per generator step', int(1), 2);
  option(cmd, '--scale <s>', 'srgan: upscaling factor, 2 | 4 | 8 (picks srresnet_16blocks_x<s> unless --netG names one)', choice(['2', '4', '8']));
  option(cmd, '--content-loss <c>', 'srgan (and restorer --objective srgan): mse (pixels) | features (the discriminator\'s own stage activations); VGG features need weights tessera does not ship', choice(CONTENT_LOSSES), 'mse');
  option(cmd, '--lambda-adv <x>', 'srgan (and restorer --objective srgan): weight of the adversarial term', float(0), 1e-3);
  option(cmd, '--pretrain-iters <n>', 'srgan (and restorer --objective srgan): generator-only MSE steps before the adversarial phase (the paper: an SRResNet of 10^6 steps)', int(0), 10000);
  option(cmd, '--lambda-gan <x>', 'unit: weight λ0 of the adversarial terms', float(0), 10);
  option(cmd, '--lambda-kl <x>', 'unit: weight λ1 of the KL of each image\'s code', float(0), 0.1);
  option(cmd, '--lambda-vae <x>', 'unit: weight λ2 of the VAE reconstruction (L1)', float(0), 100);
  option(cmd, '--lambda-cyc-kl <x>', 'unit: weight λ3 of the cycle\'s KL terms', float(0), 0.1);
  option(cmd, '--lambda-cyc <x>', 'unit: weight λ4 of the cycle reconstruction (L1)', float(0), 100);
  // data
  option(cmd, '--load-size <n>', `scale images to this size ${perModel('loadSize')}`, int(1));
  option(cmd, '--crop-size <n>', `then crop to this size ${perModel('cropSize')}`, int(1));
  option(cmd, '--preprocess <mode>', `${PREPROCESS_MODES.join(' | ')} ${perModel('preprocess')}`, choice(PREPROCESS_MODES));
  cmd.option('--no-flip', 'no random horizontal flips (default: flip)');
  option(cmd, '--direction <dir>', DIRECTIONS.join(' | '), choice(DIRECTIONS), 'AtoB');
  option(cmd, '--input-nc <n>', 'input image channels (1 = grayscale; default 3, the restorer its own 7)', channels);
  option(cmd, '--output-nc <n>', 'output image channels (1 = grayscale; default 3)', channels);
  option(cmd, '--max-dataset-size <n>', 'use at most this many images per folder (default: all)', int(1));
  cmd.option('--serial-batches', 'take images in order instead of shuffling (and pair A[i] with B[i] for cyclegan)');
  option(cmd, '--workers <n>', 'decoding threads (default: cores - 1, at most 4)', int(1));
  // optimisation
  option(cmd, '--batch-size <n>', `images per step ${perModel('batchSize')}`, int(1));
  option(cmd, '--lr <x>', `initial learning rate (Adam; RMSprop for dualgan) ${perModel('lr')}`, float(0));
  option(cmd, '--beta1 <x>', `Adam beta1 (beta2 is 0.999) ${perModel('beta1')}`, float());
  option(cmd, '--lr-policy <policy>', LR_POLICIES.join(' | '), choice(LR_POLICIES), 'linear');
  option(cmd, '--n-epochs <n>', 'epochs at the initial learning rate', int(0), 100);
  option(cmd, '--n-epochs-decay <n>', 'epochs of linear decay to zero after that', int(0), 100);
  option(cmd, '--epoch-count <n>', 'the starting epoch count in the linear formula', int(1), 1);
  option(cmd, '--lr-decay-iters <n>', 'step policy: multiply by 0.1 every n epochs', int(1), 50);
  option(cmd, '--device <d>', 'cpu (cuda: refused with the reason: a CPU-only libtorch, or not supported yet)', device, 'cpu');
  option(cmd, '--precision <p>', 'fp32 | bf16 (autocast: bf16 convolutions, fp32 losses and weights)', choice(PRECISIONS), 'fp32');
  // run control
  option(cmd, '--iters <n>', 'stop after n steps in all (default: run every epoch)', int(1));
  option(cmd, '--save-every <n>', 'checkpoint every n steps, besides every epoch end (0 = epoch ends only)', int(0), 1000);
  option(cmd, '--keep <n>', 'also keep the last n checkpoints as RUN_DIR/checkpoints/<step> (0 = only checkpoints/latest)', int(0), 0);
  option(cmd, '--sample-every <n>', 'write an input | output | target grid to RUN_DIR/samples every n steps (0 = never)', int(0), 100);
  option(cmd, '--seed <n>', 'seed of weights, dropout, data order, augmentation and pools', int(), 0);
  cmd.option('--strict', 'stop at the first dataset file that does not decode (default: leave it out, name it, count it at the end)');
  cmd.option('--init-from <dir>', 'fine-tune: start every network from the weights of this run or checkpoint folder');
  cmd.option('--resume', 'continue the run in --out from its last checkpoint, exactly');
  cmd.option('--overwrite', 'delete the run already in --out (checkpoints, loss log, samples) and start over');
  cmd.option('--serve [port]', 'also start the dashboard of this run (tessera serve --runs OUT) on 127.0.0.1, port 8080 or the one given, while it trains',
    (v: string) => int(0, 65535)('--serve', v));
  // data-parallel training (docs/distributed.md)
  option(cmd, '--nproc <n>', 'worker processes on this machine, each a rank with its own --batch-size (1 = no launcher)', int(1, 1024), 1);
  option(cmd, '--nnodes <n>', 'machines in the run; each runs this command with its own --node-rank', int(1, 4096), 1);
  option(cmd, '--node-rank <r>', 'this machine\'s index, 0 to nnodes - 1 (node 0 runs rank 0)', int(0), 0);
  option(cmd, '--master <host:port>', 'where rank 0 listens (needed with --nnodes > 1; default: a free loopback port)', (_flag, text) => parseMaster(text));
  cmd.option('--sync-bn', 'batch norm statistics over the whole batch of every rank (default: per process)');
  option(cmd, '--dist-timeout <s>', 'seconds a rank waits for the others (joining, each collective) before failing', int(1), 300);
  cmd.option('--no-overlap', 'allreduce gradients after backward instead of from autograd hooks during it');
  cmd.action(async (model: GanModel, o: Opts) => {
    if (o.resume) takeRunFlagsOnResume(o, (k) => ['cli', 'env'].includes(cmd.getOptionValueSource(k) ?? ''));
    const place = workerPlace();
    if (!place && (o.nproc > 1 || o.nnodes > 1)) {
      process.exitCode = await launchWorkers({
        nproc: o.nproc, nnodes: o.nnodes, nodeRank: o.nodeRank, master: o.master, timeoutMs: o.distTimeout * 1000,
        argv: process.argv.slice(1), onMessage: (m) => process.stderr.write(`tessera: ${m}\n`),
      });
      return;
    }
    // A worker keeps a SIGTERM listener to the end: the launcher's SIGTERM may arrive after the run's own
    // handler is released (a rank that saw its peer die is cleaning up), and must not kill it before it
    // prints why it stopped. A worker that hangs gets the launcher's SIGKILL after the grace period.
    if (place) process.on('SIGTERM', () => {});
    try {
      await trainOneProcess(model, o, place);
    } catch (e) {
      throw place ? rankError(place, e as Error) : e;
    }
  });
}

const NETWORK_FLAGS = ['netG', 'netD', 'ngf', 'ndf', 'nLayersD', 'norm', 'dropout', 'initType', 'initGain', 'inputNc', 'outputNc'] as const;

/**
 * --resume continues the networks (and a restorer's objective) the run was started with: each such flag not given on this command
 * line is taken from the checkpoint (given ones must still agree, as before). Without a readable
 * checkpoint nothing is taken, and the run loop says what is wrong with it.
 */
function takeRunFlagsOnResume(o: Opts, given: (flag: string) => boolean): void {
  let saved: Partial<Record<(typeof NETWORK_FLAGS)[number], unknown>>, options: Record<string, unknown>;
  try {
    options = readRunState(o.out).options as Record<string, unknown>;
    saved = (options.networks ?? {}) as typeof saved;
  } catch {
    return;
  }
  const into = o as unknown as Record<string, unknown>;
  for (const k of NETWORK_FLAGS) if (!given(k) && saved[k] !== undefined) into[k] = saved[k];
  // how often samples are drawn is the run's too, unless given again (it may change on a resume)
  if (!given('sampleEvery') && typeof options.sampleEvery === 'number') into.sampleEvery = options.sampleEvery;
  // a restorer's objective goes with its discriminator (srgan's judges the output alone)
  if (!given('objective') && typeof options.objective === 'string') into.objective = options.objective;
}

/** A worker's error names its rank; a broken connection says what it most likely means. */
function rankError(place: WorkerPlace, e: Error): Error {
  const lost = /Connection closed by peer|Connection reset|Broken pipe|Timed out|timeout|Socket|ECONNREFUSED|Connection refused/i.test(e.message);
  return new Error(`rank ${place.rank} of ${place.worldSize}: ${e.message.split('\n')[0]}`
    + (lost ? ' (another rank died or stopped answering; the run stops)' : ''));
}

async function trainOneProcess(model: GanModel, o: Opts, place: WorkerPlace | null): Promise<void> {
  const d = MODEL_DEFAULTS[model];
  if (FIXED_OBJECTIVE_MODELS.includes(model) && (o.ganMode !== undefined || o.poolSize !== undefined))
    throw new Error(`${model} trains with its paper's objective: --gan-mode and --pool-size do not apply`);
  if (o.scale !== undefined && model !== 'srgan') throw new Error('--scale is an srgan option');
  const srganRestorer = model === 'restorer' && o.objective === 'srgan';
  if (o.objective !== 'pix2pix' && model !== 'restorer') throw new Error('--objective is a restorer option');
  if (srganRestorer && (o.ganMode !== undefined || o.poolSize !== undefined)) throw new Error("--objective srgan trains with SRGAN's objective: --gan-mode and --pool-size do not apply");
  // SRGAN's discriminator judges an image alone; pix2pix's objective shows D (input, output) pairs
  const netD = o.netD ?? (srganRestorer ? 'srgan' : d.netD);
  if (srganRestorer && netD !== 'srgan') throw new Error(`--objective srgan needs --netD srgan (a discriminator of the output alone), not ${netD}`);
  if (model === 'restorer' && !srganRestorer && netD === 'srgan') throw new Error('--netD srgan judges an image alone: train the restorer with it under --objective srgan');
  const cropSize = o.cropSize ?? d.cropSize;
  // CoGAN draws images of one side: its generator is named by the crop
  const netG = o.netG ?? (model === 'srgan' && o.scale ? `srresnet_16blocks_x${o.scale}` : model === 'cogan' ? `cogan_${cropSize}` : d.netG);
  if (model === 'cogan' && netG !== `cogan_${cropSize}`) throw new Error(`--netG ${netG} draws other images than the --crop-size ${cropSize} ones (cogan: give cogan_${cropSize}, or leave --netG out)`);
  // a fresh run only: a resume's networks are the run's, and a flag that differs is the loop's to name
  const misfit = !o.resume && (o.preprocess ?? d.preprocess).includes('crop') ? unetCropMisfit(netG, cropSize) : null;
  if (misfit) throw new Error(misfit);
  const nets: NetworkOptions = {
    // the CLI always trained the other models with 64 discriminator filters (NETWORK_DEFAULTS.restorer says 32)
    netG, netD, ngf: o.ngf ?? d.ngf, ndf: o.ndf ?? (model === 'restorer' ? 64 : d.ndf), nLayersD: o.nLayersD ?? d.nLayersD, norm: o.norm ?? d.norm,
    dropout: o.dropout ?? d.dropout, initType: o.initType, initGain: o.initGain, inputNc: o.inputNc ?? d.inputNc, outputNc: o.outputNc ?? d.outputNc,
  };
  if (model === 'cyclegan' && o.lambdaIdentity > 0 && nets.inputNc !== nets.outputNc)
    throw new Error('--lambda-identity needs --input-nc equal to --output-nc (set --lambda-identity 0)');
  const { networks, saveNetwork } = registryNetworks(model, nets);
  const group = place && new ProcessGroup({
    rank: place.rank, worldSize: place.worldSize, master: place.master, timeoutMs: place.timeoutMs, bind: place.bind,
    iface: process.env.TESSERA_GLOO_IFNAME || undefined,
  });
  const speaks = !place || place.rank === 0;
  // the dashboard watches the run folder, so it must exist before the run writes into it (rank 0 serves it)
  if (speaks && o.serve !== undefined) fs.mkdirSync(o.out, { recursive: true });
  const dashboard = !speaks || o.serve === undefined ? null
    : await serve({ host: '127.0.0.1', port: (o.serve as number | true) === true ? 8080 : o.serve, runs: o.out });
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
      model, outDir: o.out, seed: o.seed, resume: !!o.resume, overwrite: !!o.overwrite, signal: stopSignals.signal, onEvent, networks, saveNetwork,
      iters: o.iters, saveEvery: o.saveEvery, keep: o.keep, sampleEvery: o.sampleEvery,
      data: {
        dataDir: o.data, direction: o.direction, inputNc: nets.inputNc, outputNc: nets.outputNc,
        maxDatasetSize: o.maxDatasetSize ?? Infinity, serialBatches: !!o.serialBatches, batchSize: o.batchSize ?? d.batchSize, workers: o.workers, strict: !!o.strict,
        transform: { preprocess: o.preprocess ?? d.preprocess, flip: o.flip, loadSize: o.loadSize ?? (model === 'cogan' ? coganLoadSize(cropSize) : d.loadSize), cropSize },
      },
      trainer: {
        ...(d.ganMode !== 'wgan' ? { ganMode: o.ganMode ?? d.ganMode } : {}),
        lambdaL1: o.lambdaL1, lambdaSsim: o.lambdaSsim, lambdaA: o.lambdaA, lambdaB: o.lambdaB, lambdaIdentity: o.lambdaIdentity,
        poolSize: o.poolSize ?? d.poolSize, lr: o.lr ?? (srganRestorer ? SRGAN_DEFAULTS.lr : d.lr), beta1: o.beta1 ?? (srganRestorer ? SRGAN_DEFAULTS.beta1 : d.beta1), precision: o.precision,
        reconstruction: o.reconstruction, lambdaRec: o.lambdaRec, lambdaU: o.lambdaU, lambdaV: o.lambdaV, clip: o.clip, nCritic: o.nCritic,
        content: o.contentLoss, lambdaAdv: o.lambdaAdv, pretrainIters: o.pretrainIters,
        lambdaGan: o.lambdaGan, lambdaKl: o.lambdaKl, lambdaVae: o.lambdaVae, lambdaCycKl: o.lambdaCycKl, lambdaCyc: o.lambdaCyc,
      },
      schedule: { policy: o.lrPolicy, nEpochs: o.nEpochs, nEpochsDecay: o.nEpochsDecay, epochCount: o.epochCount, lrDecayIters: o.lrDecayIters },
      initFrom: o.initFrom, objective: o.objective,
      options: { networks: nets, sampleEvery: o.sampleEvery, ...(model === 'restorer' ? { objective: o.objective } : {}), ...(o.syncBn ? { syncBn: true } : {}), ...(o.initFrom ? { initFrom: o.initFrom } : {}) },
      parallel: group ? { group, syncBn: !!o.syncBn, overlap: o.overlap } : undefined,
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
