// From option values (by schema key, as a face read them) to a training run: every option of a GAN run
// declared by the room that uses it, and each model's rules and defaults (MODEL_DEFAULTS) applied here,
// once, so that the CLI only reads values and passes them on.
import { DATA_OPTIONS, type Direction, type Preprocess } from '../data/index.js';
import { unetCropMisfit, type InitType, type NormType } from '../models/index.js';
import { flagName, joinSchemas, parserOf, schemaDefaults, type OptionSchema, type OptionValue } from '../util/option-schema.js';
import { CYCLEGAN_OPTIONS } from './cyclegan.js';
import { FIXED_OBJECTIVE_MODELS, MODEL_DEFAULTS } from './defaults.js';
import { DISCOGAN_OPTIONS } from './discogan.js';
import { DUALGAN_OPTIONS } from './dualgan.js';
import { DISTRIBUTED_OPTIONS } from './launch.js';
import { GAN_OBJECTIVE_OPTIONS, type GanMode } from './losses.js';
import { familyOptions, networkSchema, registryNetworks, type NetworkOptions } from './networks.js';
import { PIX2PIX_OPTIONS } from './pix2pix.js';
import { checkpointDir, readRunState } from './checkpoint.js';
import { RESTORER_OBJECTIVE_OPTIONS, RUN_OPTIONS, type GanModel, type RestorerObjective, type RunOptions } from './run.js';
import { SCHEDULE_OPTIONS, type LrPolicy } from './schedulers.js';
import { SRGAN_DEFAULTS, SRGAN_OPTIONS } from './srgan.js';
import { OPTIM_OPTIONS, type Precision } from './trainer.js';
import { UNIT_OPTIONS } from './unit.js';

/** The objectives' options, in help order. */
const OBJECTIVE_OPTIONS = joinSchemas(PIX2PIX_OPTIONS, CYCLEGAN_OPTIONS, DISCOGAN_OPTIONS, DUALGAN_OPTIONS, SRGAN_OPTIONS, UNIT_OPTIONS);

/** The objective options each model's trainer reads (the restorer's under --objective srgan: SRGAN's). */
const OBJECTIVE_OF: Record<GanModel, OptionSchema> = {
  pix2pix: PIX2PIX_OPTIONS, restorer: PIX2PIX_OPTIONS, cyclegan: CYCLEGAN_OPTIONS, discogan: DISCOGAN_OPTIONS, dualgan: DUALGAN_OPTIONS,
  srgan: SRGAN_OPTIONS, unit: UNIT_OPTIONS, cogan: [],
};

/** Every option of a GAN training run, in help order: networks, objectives, data, optimisation, run, data-parallel. */
export function trainingSchema(): OptionSchema {
  return joinSchemas(networkSchema(), RESTORER_OBJECTIVE_OPTIONS, GAN_OBJECTIVE_OPTIONS, OBJECTIVE_OPTIONS, DATA_OPTIONS,
    OPTIM_OPTIONS, SCHEDULE_OPTIONS, RUN_OPTIONS, DISTRIBUTED_OPTIONS);
}

/** A run's option values by schema key; those left out (undefined) take the model's default. */
export interface TrainingValues {
  netG?: string; netD?: string; ngf?: number; ndf?: number; nLayersD?: number; norm?: NormType; dropout?: boolean;
  initType?: InitType; initGain?: number; inputNc?: number; outputNc?: number; options?: Record<string, OptionValue>;
  objective?: RestorerObjective; ganMode?: GanMode; poolSize?: number; scale?: string;
  loadSize?: number; cropSize?: number; preprocess?: Preprocess; flip?: boolean; direction?: Direction;
  maxDatasetSize?: number; serialBatches?: boolean; workers?: number; batchSize?: number;
  lr?: number; beta1?: number; precision?: Precision; policy?: LrPolicy;
  iters?: number; saveEvery?: number; keep?: number; sampleEvery?: number; seed?: number; strict?: boolean;
  initFrom?: string; initNets?: string[]; resume?: boolean; overwrite?: boolean; syncBn?: boolean;
  [objectiveOption: string]: unknown;
}

/** What a run needs beyond the place it writes to and how it is watched. */
export type PlannedRun = Omit<RunOptions, 'outDir' | 'signal' | 'onEvent' | 'parallel'> & { nets: NetworkOptions };

/** The given values of `schema`'s keys (schema defaults filled in before). */
const pick = (v: TrainingValues, schema: OptionSchema, skip: string[] = []) =>
  Object.fromEntries(schema.filter((s) => !skip.includes(s.key) && v[s.key] !== undefined).map((s) => [s.key, v[s.key]]));

/** CoGAN's images are resized 132/128 of the crop (the authors' 132² → 128² face crops). */
const coganLoadSize = (crop: number) => Math.round((crop * MODEL_DEFAULTS.cogan.loadSize) / MODEL_DEFAULTS.cogan.cropSize);

/**
 * The run of `model` on `dataDir` with `given` values: the options that do not apply to the model refused,
 * the networks named and checked, each unset option its model's default. Throws one line on a bad mix.
 */
export function planTraining(model: GanModel, dataDir: string, given: TrainingValues): PlannedRun {
  const v: TrainingValues = { ...schemaDefaults(trainingSchema()), ...given };
  // a network family's own options go to its spec, only those given (the family has its defaults)
  const family = Object.fromEntries(familyOptions().filter((s) => given[s.key] !== undefined).map((s) => [s.key, given[s.key] as OptionValue]));
  for (const key of Object.keys(family)) delete v[key];
  const options = { ...v.options, ...family };
  const d = MODEL_DEFAULTS[model];
  if (FIXED_OBJECTIVE_MODELS.includes(model) && (v.ganMode !== undefined || v.poolSize !== undefined))
    throw new Error(`${model} trains with its paper's objective: --gan-mode and --pool-size do not apply`);
  if (v.scale !== undefined && model !== 'srgan') throw new Error('--scale is an srgan option');
  const srganRestorer = model === 'restorer' && v.objective === 'srgan';
  const fixedObjective = FIXED_OBJECTIVE_MODELS.includes(model) || srganRestorer;
  if (v.objective !== 'pix2pix' && model !== 'restorer') throw new Error('--objective is a restorer option');
  for (const [key, flag] of [['lambdaGradEnergy', '--lambda-grad-energy'], ['lambdaGradAmount', '--lambda-grad-amount'], ['lambdaGradBalance', '--lambda-grad-balance']] as const)
    if ((v[key] as number) > 0 && model !== 'srgan' && !srganRestorer) throw new Error(`${flag} is an srgan option (train srgan, or train restorer --objective srgan)`);
  if (srganRestorer && (v.ganMode !== undefined || v.poolSize !== undefined)) throw new Error("--objective srgan trains with SRGAN's objective: --gan-mode and --pool-size do not apply");
  // SRGAN's discriminator judges an image alone; pix2pix's objective shows D (input, output) pairs
  const netD = v.netD ?? (srganRestorer ? 'srgan' : d.netD);
  if (srganRestorer && netD !== 'srgan') throw new Error(`--objective srgan needs --netD srgan (a discriminator of the output alone), not ${netD}`);
  if (model === 'restorer' && !srganRestorer && netD === 'srgan') throw new Error('--netD srgan judges an image alone: train the restorer with it under --objective srgan');
  const cropSize = v.cropSize ?? d.cropSize;
  // CoGAN draws images of one side: its generator is named by the crop
  const netG = v.netG ?? (model === 'srgan' && v.scale ? `srresnet_16blocks_x${v.scale}` : model === 'cogan' ? `cogan_${cropSize}` : d.netG);
  if (model === 'cogan' && netG !== `cogan_${cropSize}`) throw new Error(`--netG ${netG} draws other images than the --crop-size ${cropSize} ones (cogan: give cogan_${cropSize}, or leave --netG out)`);
  // a fresh run only: a resume's networks are the run's, and a flag that differs is the loop's to name
  const misfit = !v.resume && (v.preprocess ?? d.preprocess).includes('crop') ? unetCropMisfit(netG, cropSize) : null;
  if (misfit) throw new Error(misfit);
  const nets: NetworkOptions = {
    netG, netD, ngf: v.ngf ?? d.ngf, ndf: v.ndf ?? d.ndf, nLayersD: v.nLayersD ?? d.nLayersD, norm: v.norm ?? d.norm,
    dropout: v.dropout ?? d.dropout, initType: v.initType ?? d.initType, initGain: v.initGain ?? d.initGain,
    inputNc: v.inputNc ?? d.inputNc, outputNc: v.outputNc ?? d.outputNc, ...(Object.keys(options).length ? { options } : {}),
  };
  if (model === 'cyclegan' && (v.lambdaIdentity as number) > 0 && nets.inputNc !== nets.outputNc)
    throw new Error('--lambda-identity needs --input-nc equal to --output-nc (set --lambda-identity 0)');
  const { networks, saveNetwork } = registryNetworks(model, nets);
  // what the trainer weighs its losses with; --scale names the generator instead (netG above)
  const objectiveValues = {
    ...pick(v, srganRestorer ? SRGAN_OPTIONS : OBJECTIVE_OF[model], ['scale']),
    // only pix2pix, CycleGAN and the restorer's pix2pix objective let the GAN mode and pool be chosen (never 'wgan')
    ...(fixedObjective ? {} : { ganMode: v.ganMode ?? (d.ganMode as GanMode), poolSize: v.poolSize ?? d.poolSize }),
  };
  return {
    model, nets, networks, saveNetwork, seed: v.seed ?? 0, resume: !!v.resume, overwrite: !!v.overwrite,
    iters: v.iters, saveEvery: v.saveEvery, keep: v.keep, sampleEvery: v.sampleEvery,
    data: {
      dataDir, direction: v.direction ?? 'AtoB', inputNc: nets.inputNc, outputNc: nets.outputNc,
      maxDatasetSize: v.maxDatasetSize ?? Infinity, serialBatches: !!v.serialBatches, batchSize: v.batchSize ?? d.batchSize, workers: v.workers, strict: !!v.strict,
      transform: { preprocess: v.preprocess ?? d.preprocess, flip: v.flip ?? true, loadSize: v.loadSize ?? (model === 'cogan' ? coganLoadSize(cropSize) : d.loadSize), cropSize },
    },
    trainer: {
      ...objectiveValues, precision: v.precision ?? 'fp32',
      lr: v.lr ?? (srganRestorer ? SRGAN_DEFAULTS.lr : d.lr), beta1: v.beta1 ?? (srganRestorer ? SRGAN_DEFAULTS.beta1 : d.beta1),
    },
    schedule: pick(v, SCHEDULE_OPTIONS) as unknown as RunOptions['schedule'],
    initFrom: v.initFrom, ...(v.initNets ? { initNets: v.initNets } : {}), objective: v.objective,
    // recorded in the checkpoint, and taken back by a resume that leaves the flag out (takeRunValuesOnResume):
    // options are what the networks and data are, and a resume must agree with them; settings may change (loop.ts)
    options: {
      networks: nets, ...(model === 'restorer' ? { objective: v.objective } : {}),
      ...(v.syncBn ? { syncBn: true } : {}), ...(v.initFrom ? { initFrom: v.initFrom } : {}), ...(v.initNets ? { initNets: v.initNets } : {}),
    },
    settings: { sampleEvery: v.sampleEvery, ...objectiveValues },
  };
}

const NETWORK_KEYS = ['netG', 'netD', 'ngf', 'ndf', 'nLayersD', 'norm', 'dropout', 'initType', 'initGain', 'inputNc', 'outputNc', 'options'] as const;

/**
 * --resume continues the run as it was started: each value its checkpoint in `outDir` records (the networks, a
 * restorer's objective, the objective's weights and phases, --sample-every, …) that is not `given` again is
 * taken from it. Given ones must still agree where they make the networks or data (loop.ts). A checkpoint
 * from before a value was recorded gives nothing for it; without a readable checkpoint nothing is taken, and
 * the run loop says what is wrong with it.
 */
export function takeRunValuesOnResume(outDir: string, v: TrainingValues, given: (key: string) => boolean): void {
  let saved: Record<string, unknown>, options: Record<string, unknown>;
  try {
    options = readRunState(outDir).options as Record<string, unknown>;
    saved = (options.networks ?? {}) as Record<string, unknown>;
  } catch {
    return;
  }
  for (const k of NETWORK_KEYS) if (!given(k) && saved[k] !== undefined) (v as Record<string, unknown>)[k] = saved[k];
  // read back as if typed again, so a hand-edited value is refused here, naming its flag
  for (const spec of trainingSchema()) {
    if (given(spec.key) || options[spec.key] === undefined) continue;
    try {
      v[spec.key] = parserOf(spec)(flagName(spec), String(options[spec.key]));
    } catch (e) {
      throw new Error(`${checkpointDir(outDir)}: the run's ${(e as Error).message} (give ${flagName(spec)} again, or start the run over)`);
    }
  }
}
