// Claiming a run folder before training writes into it: one training at a time (a lock file naming its
// pid), and never a fresh run over an existing one by accident — the checkpoint, log and samples of a
// run are only replaced when the caller asked for that (overwrite), or continued (resume).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseStrictJson } from '../io/strict-json.js';

/** What a training writes into its run folder; their presence makes the folder an existing run. */
export const RUN_OUTPUTS = ['checkpoints', 'loss_log.jsonl', 'samples'] as const;
export const LOCK_FILE = 'train.lock';

export interface ClaimOptions {
  resume?: boolean;
  /** Delete the run's outputs (RUN_OUTPUTS) and start over. */
  overwrite?: boolean;
  /** Told when a lock left by a dead process is taken over. */
  onNotice?: (message: string) => void;
}

export interface RunClaim { release(): void }

interface LockInfo { pid: number; host: string; started: string }

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's contents, or null when they are not a lock (empty, damaged, hand-edited). */
function readLock(file: string): LockInfo | null {
  try {
    const info = parseStrictJson(fs.readFileSync(file, 'utf8'), (why) => { throw new Error(why); }, { maxDepth: 2 }) as LockInfo;
    return info && Number.isSafeInteger(info.pid) && info.pid > 0 && typeof info.host === 'string' ? info : null;
  } catch {
    return null;
  }
}

/** A lock just created by another process may not hold its JSON yet: unreadable and this young, it still counts. */
const LOCK_WRITE_GRACE_MS = 5000;

/** Creates the lock file or throws; a lock of a dead process on this host is replaced. */
function lock(dir: string, notice: (m: string) => void): string {
  const file = path.join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx' fails when the file exists, so two trainings cannot both create it
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readLock(file);
    if (!held && Date.now() - statMs(file) < LOCK_WRITE_GRACE_MS) {
      throw new Error(`${dir}: another training is taking this run folder right now (${file} is being written); try again in a few seconds`);
    }
    // a pid on another machine (a shared disk) cannot be checked, so it counts as alive
    if (held && (held.host !== mine.host || isAlive(held.pid))) {
      throw new Error(`${dir}: another training (pid ${held.pid} on ${held.host}, since ${held.started}) is using this run folder; `
        + `wait for it, or delete ${file} if it is not running`);
    }
    notice(`${dir}: taking over the lock of a training that is no longer running (${held ? `pid ${held.pid}` : 'unreadable lock file'})`);
    fs.rmSync(file, { force: true });
  }
  throw new Error(`${dir}: another training took the lock file ${file} at the same moment`);
}

function statMs(file: string): number {
  try { return fs.statSync(file).mtimeMs; } catch { return 0; }
}

function existingOutputs(dir: string): string[] {
  return RUN_OUTPUTS.filter((name) => fs.existsSync(path.join(dir, name)));
}

/** Locks `dir` for this process and checks (or clears) what is in it; release() removes the lock. */
export function claimRunFolder(dir: string, o: ClaimOptions = {}): RunClaim {
  if (o.resume && o.overwrite) throw new Error('--resume and --overwrite exclude each other: continue the run, or start it over');
  fs.mkdirSync(dir, { recursive: true });
  const file = lock(dir, o.onNotice ?? (() => {}));
  const release = () => {
    // only our own lock: a process that took over a lock we thought stale keeps its own
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  try {
    const found = existingOutputs(dir);
    if (found.length && !o.resume && !o.overwrite) {
      throw new Error(`${dir}: holds a training run already (${found.join(', ')}); pass --resume to continue it or --overwrite to start over`);
    }
    if (o.overwrite) for (const name of found) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  } catch (e) {
    release();
    throw e;
  }
  return { release };
}
