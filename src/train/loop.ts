// The resumable training loop every trainer runs through (GANs, the restorer, the mosaic detector):
// batches → trainer steps → loss log, sample grids, checkpoints, lr schedule. A run that is stopped and
// resumed computes exactly what an uninterrupted one would, because the batches of (epoch, position)
// come back from the source and everything else from the checkpoint.
import fs from 'node:fs';
import path from 'node:path';
import { tensor, tidy } from '../engine/index.js';
import { writeError, writeFileAtomic } from '../io/atomic.js';
import type { HostBatch } from '../data/index.js';
import { checkpointDir, historySteps, loadCheckpoint, readRunState, recoverCheckpoint, rotateHistory, saveCheckpoint, saveStateDict, type SaveNetwork } from './checkpoint.js';
import { claimRunFolder, type RunClaim } from './run-folder.js';
import { LOSS_LOG, SAMPLES_DIR, writeRunInfo } from './run-log.js';
import { sampleStrip, writePng } from './samples.js';
import { LrScheduler, type SchedulerOptions } from './schedulers.js';
import type { LoopParallel } from './ddp.js';
import type { Losses, Trainer } from './trainer.js';

/** Where batches come from: the data loader, or a generator of synthetic ones. */
export interface BatchSource {
  readonly batchesPerEpoch: number;
  /** The batches of one epoch from position `start` on; the same (epoch, position) gives the same batch. */
  epoch(epoch: number, start: number): AsyncIterable<HostBatch>;
  close(): Promise<void>;
}

export interface LoopOptions {
  trainer: Trainer;
  batches: BatchSource;
  /** Recorded in the checkpoint; a resume must name the same. */
  model: string;
  outDir: string;
  seed: number;
  /** The initial learning rate; the schedule scales it per epoch. */
  lr: number;
  schedule: SchedulerOptions;
  /** Stop after this many steps in all (a checkpoint is written); default: run every epoch. */
  iters?: number;
  /** Checkpoint every N steps; 0 = only at epoch ends (and at the stop). */
  saveEvery?: number;
  /** Also checkpoint at every epoch end (default on; off where an epoch is one step). */
  saveEachEpoch?: boolean;
  /** Also keep the last N checkpoints as RUN/checkpoints/<step> (0 = only latest). */
  keep?: number;
  /** Write a sample grid every N steps; 0 = never. */
  sampleEvery?: number;
  resume?: boolean;
  /** Delete an existing run's checkpoint, log and samples and start over; without it (or resume) an existing run is refused. */
  overwrite?: boolean;
  /** Aborting saves a checkpoint after the current step and returns (SIGINT / SIGTERM). */
  signal?: AbortSignal;
  saveNetwork?: SaveNetwork;
  /** Recorded in the checkpoint so a resumed run can be checked against it: a resume must give the same. */
  options?: Record<string, unknown>;
  /** Recorded with `options`, but a resume may give other values (the objective's weights, how often samples are
   *  drawn): each change is named in a notice, and recorded for the next resume. */
  settings?: Record<string, unknown>;
  /** One loss_log.jsonl line per step; default: iteration, epoch, lr, data and step ms, the losses. */
  logLine?: (e: Extract<RunEvent, { type: 'step' }>) => Record<string, unknown>;
  onEvent?: (e: RunEvent) => void;
  /**
   * Data-parallel training (ddp.ts): rank 0 alone claims the run folder and writes checkpoints, samples
   * and the log; every rank resumes from the same checkpoint; stopping is agreed on every step.
   */
  parallel?: LoopParallel;
}

export type RunEvent =
  | { type: 'start'; iteration: number; totalIterations: number; batchesPerEpoch: number; resumed: boolean }
  | { type: 'step'; iteration: number; epoch: number; losses: Losses; lr: number; dataMs: number; stepMs: number }
  | { type: 'sample'; file: string }
  | { type: 'checkpoint'; dir: string; iteration: number }
  | { type: 'notice'; message: string };

/** `epoch`: the epoch of the last step, counted from 1 (what the progress bar and the log say). */
export interface RunResult { iteration: number; epoch: number; stopped: boolean; losses: Losses[] }

/** A loss came out NaN or infinite: the run stops before that step reaches a checkpoint. */
export class NonFiniteLossError extends Error {
  constructor(readonly iteration: number, readonly losses: Losses, checkpoint: string) {
    const bad = Object.entries(losses).filter(([, v]) => !Number.isFinite(v)).map(([k, v]) => `${k} = ${v}`).join(', ');
    super(`step ${iteration}: ${bad}; training stopped, nothing of this step was saved (${checkpoint}); ` +
      'resume from it with a lower --lr, or look at the data of this step');
    this.name = 'NonFiniteLossError';
  }
}

const defaultLogLine: NonNullable<LoopOptions['logLine']> = (e) =>
  ({ iteration: e.iteration, epoch: e.epoch, lr: e.lr, dataMs: +e.dataMs.toFixed(2), stepMs: +e.stepMs.toFixed(1), ...e.losses });

function toBatch(h: HostBatch) {
  const A = tensor(h.A.data, h.A.shape);
  const B = h.B ? tensor(h.B.data, h.B.shape) : A;
  return { A, B };
}

/** Keeps the first `iteration` log lines (one per step), so a resumed run's log reads as one run. */
function truncateLog(file: string, iteration: number): void {
  if (!fs.existsSync(file)) return;
  const keep = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, iteration);
  writeFileAtomic(file, keep.map((l) => `${l}\n`).join(''));
}

/** Runs (or resumes) the loop; the caller has seeded the engine and built the trainer. Closes the source.
 *  The run folder is locked while it runs (run-folder.ts). */
export async function runLoop(o: LoopOptions): Promise<RunResult> {
  let claim: RunClaim = { release: () => {} };
  try {
    if ((o.parallel?.rank ?? 0) === 0)
      claim = claimRunFolder(o.outDir, { resume: o.resume, overwrite: o.overwrite, onNotice: (message) => o.onEvent?.({ type: 'notice', message }) });
    else if (o.resume && o.overwrite) throw new Error('--resume and --overwrite exclude each other: continue the run, or start it over');
  } catch (e) {
    await o.batches.close();
    throw e;
  }
  try {
    return await steps(o);
  } finally {
    claim.release();
    await o.batches.close();
  }
}

async function steps(o: LoopOptions): Promise<RunResult> {
  fs.mkdirSync(o.outDir, { recursive: true });
  const { trainer, batches, parallel } = o;
  const writer = (parallel?.rank ?? 0) === 0;
  const worldSize = parallel?.worldSize ?? 1;
  const sched = new LrScheduler(o.schedule);
  const logFile = path.join(o.outDir, LOSS_LOG);
  let epoch = 0, batchInEpoch = 0, iteration = 0;
  // the plateau policy's metric: the epoch's mean generator loss, carried across a resume
  let epochLoss = { sum: 0, count: 0 };
  if (o.resume) {
    const mended = recoverCheckpoint(o.outDir);
    if (mended) o.onEvent?.({ type: 'notice', message: mended });
    const st = readRunState(o.outDir);
    if (st.model !== o.model) throw new Error(`${checkpointDir(o.outDir)}: checkpoint is a ${st.model} run, not ${o.model}`);
    for (const [k, v] of Object.entries(o.options ?? {})) {
      const was = JSON.stringify(st.options[k]), now = JSON.stringify(v);
      if (st.options[k] === undefined || was === now) continue;
      // name the fields that differ, not two whole objects
      const a = st.options[k], b = v as Record<string, unknown>;
      const fields = a && b && typeof a === 'object' && typeof b === 'object'
        ? [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => JSON.stringify((a as Record<string, unknown>)[f]) !== JSON.stringify(b[f]))
          .map((f) => `${f} ${JSON.stringify((a as Record<string, unknown>)[f])}, not ${JSON.stringify(b[f])}`)
        : [`${k} ${was}, not ${now}`];
      throw new Error(`${checkpointDir(o.outDir)}: the run was started with ${fields.join('; ')}; resume with the same options (or leave them out: --resume takes the network flags from the run)`);
    }
    const wasWorld = typeof st.options.worldSize === 'number' ? st.options.worldSize : 1;
    if (wasWorld !== worldSize)
      throw new Error(`${checkpointDir(o.outDir)}: the run was trained by ${wasWorld} process${wasWorld > 1 ? 'es' : ''}, not ${worldSize}; `
        + `resume it with the same world size (${wasWorld === 1 ? 'no --nproc' : `--nproc × --nnodes = ${wasWorld}`}), since the batch each step sees depends on it`);
    if (st.data.seed !== o.seed) throw new Error(`${checkpointDir(o.outDir)}: the run was started with seed ${st.data.seed}, not ${o.seed}; resume with the same seed`);
    loadCheckpoint(o.outDir, trainer, st);
    // a setting given anew changes the run from here on (a loss weight: the objective): said once, so it is not a
    // surprise; how often samples are drawn changes nothing the run learns, so that one goes unsaid
    const changed = Object.entries(o.settings ?? {})
      .filter(([k, v]) => k !== 'sampleEvery' && st.options[k] !== undefined && JSON.stringify(st.options[k]) !== JSON.stringify(v))
      .map(([k, v]) => `${k} ${JSON.stringify(v)} (the run had ${JSON.stringify(st.options[k])})`);
    if (changed.length) o.onEvent?.({ type: 'notice', message: `resumed with ${changed.join(', ')}` });
    // the position comes from data (0-based epoch index); st.epoch is the 1-based epoch shown
    ({ epoch, batchInEpoch } = st.data);
    iteration = st.iteration;
    sched.load(st.scheduler);
    epochLoss = (st.options.epochLoss as typeof epochLoss | undefined) ?? epochLoss;
    if (writer) truncateLog(logFile, iteration);
    // a kill between latest's swap and its history link leaves latest's step unkept; a resume with no
    // step left to take would never save again, so the rotation is finished here
    if (writer && (o.keep ?? 0) > 0 && !historySteps(o.outDir).includes(iteration)) rotateHistory(o.outDir, iteration, o.keep!);
  }
  parallel?.start();
  const totalEpochs = o.schedule.nEpochs + o.schedule.nEpochsDecay;
  const stopAt = Math.min(o.iters ?? Infinity, totalEpochs * batches.batchesPerEpoch);
  const emit = o.onEvent ?? (() => {});
  // Two epoch counts: `epoch` here is the 0-based index of the epoch being run (= epochs finished), the
  // loader's key, stored as data.epoch. What people read (progress bar "ep N", loss_log.jsonl, the state's
  // top-level "epoch", the last line) is the epoch of the last step taken, counted from 1: mid-epoch
  // that is epoch + 1; right after an epoch ended (batchInEpoch back at 0) it is the epoch just finished.
  const epochShown = () => (batchInEpoch > 0 ? epoch + 1 : epoch);
  const save = () => {
    if (!writer) return;
    const dir = saveCheckpoint(o.outDir, trainer, {
      epoch: epochShown(), batchInEpoch, iteration, model: o.model, options: { ...o.options, ...o.settings, worldSize, epochLoss },
      scheduler: sched.state(), data: { seed: o.seed, epoch, batchInEpoch },
    }, o.saveNetwork ?? saveStateDict, o.keep ?? 0);
    emit({ type: 'checkpoint', dir, iteration });
  };
  let pendingImages: Promise<void> | null = null;
  trainer.on((e) => {
    if (e.type !== 'images') return;
    const strip = sampleStrip(Object.values(e.images));
    const file = path.join(o.outDir, SAMPLES_DIR, `${String(iteration + 1).padStart(7, '0')}.png`);
    pendingImages = writePng(file, strip).then(() => emit({ type: 'sample', file }));
  });

  // the plan, for watchers (the dashboard's ETA); rank 0's alone, like every file of the run
  if (writer) writeRunInfo(o.outDir, { model: o.model, totalIterations: stopAt, batchesPerEpoch: batches.batchesPerEpoch, startIteration: iteration, started: new Date().toISOString() });
  emit({ type: 'start', iteration, totalIterations: stopAt, batchesPerEpoch: batches.batchesPerEpoch, resumed: !!o.resume });
  const history: Losses[] = [];
  let stopped = false;
  outer: while (epoch < totalEpochs && iteration < stopAt) {
    const lr = o.lr * sched.factor;
    trainer.setLr(lr);
    for await (const hb of batches.epoch(epoch, batchInEpoch)) {
      const t0 = performance.now();
      const capture = writer && !!o.sampleEvery && (iteration + 1) % o.sampleEvery === 0;
      const own = tidy(() => trainer.step(toBatch(hb), capture));
      // every rank logs and schedules on the same numbers, and stops at the same step
      const agreed = parallel ? parallel.agree(own, !!o.signal?.aborted) : { losses: own, stop: !!o.signal?.aborted };
      const losses = agreed.losses;
      const stepMs = performance.now() - t0;
      // the weights may already hold NaN: stop before anything of this step is logged or saved
      if (!Object.values(losses).every(Number.isFinite)) throw new NonFiniteLossError(iteration + 1, losses, checkpointLine(o.outDir));
      // from the batch's own position: the loader skips a batch whose files all failed to decode
      iteration++; batchInEpoch = hb.index + 1;
      epochLoss.sum += Object.entries(losses).filter(([k]) => k.startsWith('G')).reduce((s, [, v]) => s + v, 0);
      epochLoss.count++;
      history.push(losses);
      const step = { type: 'step' as const, iteration, epoch: epochShown(), losses, lr, dataMs: hb.waitMs, stepMs };
      if (writer) {
        try {
          fs.appendFileSync(logFile, `${JSON.stringify((o.logLine ?? defaultLogLine)(step))}\n`);
        } catch (e) {
          throw writeError(logFile, e); // a full disk: the checkpoint before this step is intact
        }
      }
      emit(step);
      if (pendingImages) { await pendingImages; pendingImages = null; }
      // let the event loop turn: with the loader ahead every await above resolves at once, and a SIGTERM
      // handler or a timer that stops the run would otherwise never run
      await new Promise((resolve) => setImmediate(resolve));
      if (o.saveEvery && iteration % o.saveEvery === 0) save();
      // one process reads the signal now (a listener of this step may have aborted); ranks use the agreed flag
      const stopNow = parallel ? agreed.stop : !!o.signal?.aborted;
      if (stopNow || iteration >= stopAt) {
        stopped = stopNow;
        if (!(o.saveEvery && iteration % o.saveEvery === 0)) save();
        break outer;
      }
    }
    epoch++;
    batchInEpoch = 0;
    sched.step(epochLoss.count ? epochLoss.sum / epochLoss.count : 0);
    epochLoss = { sum: 0, count: 0 };
    if (o.saveEachEpoch ?? true) save();
  }
  return { iteration, epoch: epochShown(), stopped, losses: history };
}

/** Where the last good checkpoint is, for the NaN message. */
function checkpointLine(outDir: string): string {
  try {
    const st = readRunState(outDir);
    return `the last checkpoint, step ${st.iteration}, is kept in ${checkpointDir(outDir)}`;
  } catch {
    return 'no checkpoint had been written yet';
  }
}
