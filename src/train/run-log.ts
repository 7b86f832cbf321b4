// Reading a run folder while it trains, for watchers (the dashboard of `tessera serve`): the loss log
// read on from a byte offset (only whole lines; a line still being written waits for the next read),
// the sample grids written so far, the plan the loop recorded at its start, and the speed estimate.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

export const LOSS_LOG = 'loss_log.jsonl';
export const SAMPLES_DIR = 'samples';
/** Written by the loop at each start: how many steps the run plans, so a watcher can give an ETA. */
export const RUN_INFO = 'run_info.json';

export interface RunInfo { model: string; totalIterations: number; batchesPerEpoch: number; startIteration: number; started: string }

/** One loss_log.jsonl line: iteration, epoch, lr, dataMs, stepMs and the losses by name. */
export type LossLine = Record<string, number>;

export interface LogChunk {
  lines: LossLine[];
  /** Where the next read starts: after the last whole line read. */
  offset: number;
  /** Lines that did not parse as a JSON object of numbers (skipped, counted). */
  bad: number;
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  writeFileAtomic(path.join(dir, RUN_INFO), `${JSON.stringify(info)}\n`);
}

/** The run's plan, or null when the file is missing or not one (an older run, a foreign folder). */
export function readRunInfo(dir: string): RunInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, RUN_INFO), 'utf8')) as RunInfo;
    return Number.isSafeInteger(v.totalIterations) && Number.isSafeInteger(v.startIteration) ? v : null;
  } catch {
    return null;
  }
}

/** Reads the whole lines of `file` after byte `offset`. A log shorter than `offset` was restarted
 *  (an overwrite or a resume that cut it), so it is read again from 0: `restarted` says so. */
export function readLossLog(file: string, offset = 0): LogChunk & { restarted: boolean } {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return { lines: [], offset: 0, bad: 0, restarted: offset > 0 };
  }
  const restarted = size < offset;
  const from = restarted ? 0 : offset;
  if (size === from) return { lines: [], offset: from, bad: 0, restarted };
  const buf = Buffer.alloc(size - from);
  const fd = fs.openSync(file, 'r');
  try { fs.readSync(fd, buf, 0, buf.length, from); } finally { fs.closeSync(fd); }
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return { lines: [], offset: from, bad: 0, restarted };
  const lines: LossLine[] = [];
  let bad = 0;
  for (const text of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (!text.trim()) continue;
    const v = parseLine(text);
    if (v) lines.push(v); else bad++;
  }
  return { lines, offset: from + end + 1, bad, restarted };
}

function parseLine(text: string): LossLine | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const out: LossLine = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
    return Number.isFinite(out.iteration) ? out : null;
  } catch {
    return null;
  }
}

/** The sample grids written so far (PNG names in step order; the loop pads the step to 7 digits). */
export function listSamples(dir: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, SAMPLES_DIR)).filter((n) => /^\d+\.png$/.test(n)).sort();
  } catch {
    return [];
  }
}

export interface RunSpeed {
  /** Steps per second over the last `window` logged steps (data wait + step time), or null with none. */
  itPerSec: number | null;
  /** Seconds left at that speed, or null without a plan or a speed. */
  etaSeconds: number | null;
}

/** Speed from the logged times of the last `window` steps, and the time left to `total` steps. */
export function runSpeed(lines: LossLine[], total: number | null, window = 20): RunSpeed {
  const last = lines.slice(-window);
  const ms = last.reduce((s, l) => s + (l.stepMs ?? 0) + (l.dataMs ?? 0), 0);
  const itPerSec = last.length && ms > 0 ? (1000 * last.length) / ms : null;
  const done = lines.length ? lines[lines.length - 1]!.iteration! : 0;
  const etaSeconds = itPerSec && total !== null ? Math.max(0, total - done) / itPerSec : null;
  return { itPerSec, etaSeconds };
}
