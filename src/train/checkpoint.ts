// Checkpoints: one safetensors per network, the optimizer moments and pool images in one more
// safetensors, and a JSON training state, written into a fresh folder that then replaces `latest`,
// so a crash mid-save leaves the previous checkpoint whole.
import fs from 'node:fs';
import path from 'node:path';
import { getRngState, setRngState, type Tensor } from '../engine/index.js';
import { readFileNamed, writeFileAtomic } from '../io/atomic.js';
import { RunStateError } from '../io/format-error.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { checkpointDir } from '../models/model-path.js';
import type { Module } from '../nn/index.js';
import { decodeRunState, MAX_RUN_STATE_BYTES, RUN_STATE_FORMAT } from './run-state.js';
import type { SchedulerState } from './schedulers.js';
import type { Trainer, TrainerState } from './trainer.js';

export interface Progress {
  /**
   * The epoch of the last step, counted from 1: the progress bar's "ep N" and loss_log.jsonl's epoch.
   * Only for people; resuming reads data.epoch (the 0-based index of the epoch to continue).
   */
  epoch: number;
  /** Batches done in the current epoch. */
  batchInEpoch: number;
  /** Steps done in the whole run. */
  iteration: number;
}

export interface RunState extends Progress {
  format: 'tessera-train-state/1';
  model: string;
  options: Record<string, unknown>;
  scheduler: SchedulerState;
  /** The data loader's generator is keyed by (seed, epoch, position): these three numbers restore it. */
  data: { seed: number; epoch: number; batchInEpoch: number };
  trainer: TrainerState['json'];
  networks: Record<string, string>;
}

/** Writes one network's weights; models/ provides one that records the architecture. */
export type SaveNetwork = (file: string, name: string, net: Module) => void;

export const saveStateDict: SaveNetwork = (file, name, net) => saveSafetensors(file, net.stateDict(), { network: name });

export { checkpointDir };

/** The folder of the history copy of step `iteration` (`--keep N`): RUN/checkpoints/<step>. */
export function historyDir(runDir: string, iteration: number): string {
  return path.join(path.dirname(checkpointDir(runDir)), String(iteration));
}

/** The steps kept in RUN/checkpoints/<step>/, newest first. */
export function historySteps(runDir: string): number[] {
  const dir = path.dirname(checkpointDir(runDir));
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => b - a);
}

/**
 * Folders a save killed by SIGKILL may leave beside `latest`: `latest.tmp-PID` (being written),
 * `latest.old-PID` (the one replaced), `<step>.tmp-PID` (a history copy being linked).
 */
function leftovers(runDir: string): { tmp: string[]; old: string[]; history: string[] } {
  const dir = path.dirname(checkpointDir(runDir));
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const at = (re: RegExp) => names.filter((n) => re.test(n)).map((n) => path.join(dir, n));
  return { tmp: at(/^latest\.tmp-/), old: at(/^latest\.old-/), history: at(/^\d+\.tmp-/) };
}

/**
 * A save killed between its two renames (latest → latest.old-PID, latest.tmp-PID → latest) leaves no
 * `latest`: puts the newest whole checkpoint back. The folder being written is whole once its
 * train_state.json exists (written last); otherwise the replaced one is. Then clears what killed saves
 * left (call it with the run folder locked). Returns what was mended, or null.
 */
export function recoverCheckpoint(runDir: string): string | null {
  const final = checkpointDir(runDir);
  let mended: string | null = null;
  if (!fs.existsSync(final)) {
    const { tmp, old } = leftovers(runDir);
    const whole = tmp.find((d) => fs.existsSync(path.join(d, 'train_state.json'))) ?? old[0];
    if (!whole) return null;
    fs.renameSync(whole, final);
    mended = `${final}: was missing (a save was killed while swapping folders); put ${path.basename(whole)} back in its place`;
  }
  clearLeftovers(runDir);
  return mended;
}

function clearLeftovers(runDir: string): void {
  const { tmp, old, history } = leftovers(runDir);
  for (const d of [...tmp, ...old, ...history]) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * `--keep N`: after `latest` is in place, gives it a second name RUN/checkpoints/<step> (hard links, so
 * no second copy on disk until later saves replace latest; a copy where links fail) and removes the
 * step folders beyond the newest `keep`. `latest` is only read here, so a kill at any point of this
 * costs at most the history copy being made (`<step>.tmp-PID`, cleared by the next save or resume).
 * keep 0 makes and removes nothing (folders kept by an earlier --keep stay).
 */
export function rotateHistory(runDir: string, iteration: number, keep: number): void {
  if (keep <= 0) return;
  const latest = checkpointDir(runDir), dest = historyDir(runDir, iteration);
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  for (const f of fs.readdirSync(latest)) {
    try {
      fs.linkSync(path.join(latest, f), path.join(tmp, f));
    } catch {
      fs.copyFileSync(path.join(latest, f), path.join(tmp, f));
    }
  }
  // a resume can save a step already kept (stopped and resumed at once): the new one replaces it
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(tmp, dest);
  for (const step of historySteps(runDir).slice(keep)) fs.rmSync(historyDir(runDir, step), { recursive: true, force: true });
}

export function saveCheckpoint(runDir: string, trainer: Trainer, st: Omit<RunState, 'format' | 'trainer' | 'networks'>,
  saveNetwork: SaveNetwork = saveStateDict, keep = 0): string {
  const final = checkpointDir(runDir);
  const tmp = `${final}.tmp-${process.pid}`;
  // the run folder is locked, so what a killed save left is ours to clear (latest itself is whole)
  if (fs.existsSync(final)) clearLeftovers(runDir);
  try {
    writeCheckpointFolder(tmp, trainer, st, saveNetwork);
  } catch (e) {
    // a full disk must not cost the previous checkpoint: latest is untouched, the partial folder goes
    fs.rmSync(tmp, { recursive: true, force: true });
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    throw new Error(`${final}: could not write the checkpoint of step ${st.iteration} (${why}); the previous checkpoint is kept`);
  }
  // swap folders: latest → old, tmp → latest, drop old (recoverCheckpoint mends a kill in between)
  const old = `${final}.old-${process.pid}`;
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(tmp, final);
  fs.rmSync(old, { recursive: true, force: true });
  // only once latest is whole and in place: the history is a second name for it
  rotateHistory(runDir, st.iteration, keep);
  return final;
}

function writeCheckpointFolder(tmp: string, trainer: Trainer, st: Omit<RunState, 'format' | 'trainer' | 'networks'>, saveNetwork: SaveNetwork): void {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const { json, tensors } = trainer.state();
  const networks: Record<string, string> = {};
  for (const [name, net] of Object.entries(trainer.networks)) {
    networks[name] = `net_${name}.safetensors`;
    saveNetwork(path.join(tmp, networks[name]), name, net);
  }
  const rest = new Map([...tensors].filter(([k]) => !k.startsWith('net.')));
  const rng = getRngState();
  try {
    rest.set('engine_rng', rng);
    saveSafetensors(path.join(tmp, 'train_state.safetensors'), rest);
  } finally {
    rng.dispose();
  }
  const state: RunState = { format: RUN_STATE_FORMAT, ...st, trainer: json, networks };
  // written last: its presence marks the folder whole (recoverCheckpoint relies on it)
  writeFileAtomic(path.join(tmp, 'train_state.json'), JSON.stringify(state, null, 1));
}

/** The JSON part of a run's checkpoint, checked for its format. */
export function readRunState(runDir: string): RunState {
  const dir = checkpointDir(runDir);
  const jsonFile = path.join(dir, 'train_state.json');
  if (!fs.existsSync(jsonFile)) throw new Error(`${runDir}: no checkpoint to resume from (missing ${jsonFile})`);
  if (fs.statSync(jsonFile).size > MAX_RUN_STATE_BYTES) throw new RunStateError(jsonFile, `larger than ${MAX_RUN_STATE_BYTES} bytes, so not a training state`);
  return decodeRunState(readFileNamed(jsonFile), jsonFile);
}

/** Reads a checkpoint into the trainer and the engine's generator; returns the run state. */
export function loadCheckpoint(runDir: string, trainer: Trainer, state: RunState = readRunState(runDir)): RunState {
  const dir = checkpointDir(runDir);
  const tensors = new Map<string, Tensor>();
  const owned: Tensor[] = [];
  try {
    for (const [name, file] of Object.entries(state.networks)) {
      const { tensors: sd } = loadSafetensors(path.join(dir, file));
      for (const [k, t] of sd) { tensors.set(`net.${name}.${k}`, t); owned.push(t); }
    }
    const { tensors: rest } = loadSafetensors(path.join(dir, 'train_state.safetensors'));
    for (const [k, t] of rest) { tensors.set(k, t); owned.push(t); }
    trainer.load({ json: state.trainer, tensors });
    const rng = tensors.get('engine_rng');
    if (!rng) throw new Error(`${dir}: train_state.safetensors lacks engine_rng`);
    setRngState(rng);
  } finally {
    for (const t of owned) t.dispose();
  }
  return state;
}
