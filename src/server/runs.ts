// The dashboard's source: every run under the runs folder (the folder itself, or folders up to three
// levels down holding a loss log or a run plan), polled twice a second while anyone watches. Each
// subscriber gets every run in full (thinned) when it connects, then only new loss lines and changed
// summaries; a log that shrank (an overwrite, a resume that cut it) is sent in full again.
import fs from 'node:fs';
import path from 'node:path';
import { listSamples, LOSS_LOG, readLossLog, readRunInfo, runSpeed, RUN_INFO, SAMPLES_DIR, type LossLine } from '../train/run-log.js';
import { LOCK_FILE } from '../train/run-folder.js';
import type { LossPoint, RunSummary, RunUpdate } from '../web/api.js';

/** Points sent per run when it is sent in full; a long log is thinned to about this many. */
const FULL_POINTS = 2000;
const SAMPLES_SHOWN = 12;
const MAX_DEPTH = 3;

interface Watched { dir: string; id: string; offset: number; lines: LossLine[]; summary: string }

export type RunListener = (u: RunUpdate) => void;

function isRun(dir: string): boolean {
  return [LOSS_LOG, RUN_INFO, SAMPLES_DIR].some((n) => fs.existsSync(path.join(dir, n)));
}

/** Run folders under `root`, the root first. */
export function findRuns(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (isRun(dir)) { out.push(dir); return; }
    if (depth >= MAX_DEPTH) return;
    let entries: fs.Dirent[] = [];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

function lockHolderAlive(dir: string): boolean {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every k-th point so that about `max` remain, always with the last. */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if ((points.length - 1) % k !== 0) out.push(points[points.length - 1]!);
  return out;
}

export class RunsWatcher {
  private runs = new Map<string, Watched>();
  private listeners = new Set<RunListener>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly root: string, private readonly fileUrl: (file: string) => string, readonly intervalMs = 500) {}

  private summarize(w: Watched): RunSummary {
    const info = readRunInfo(w.dir);
    const samples = listSamples(w.dir);
    const total = info?.totalIterations ?? null;
    const last = w.lines[w.lines.length - 1];
    const keys = new Set<string>();
    for (const l of w.lines.slice(-50)) for (const k of Object.keys(l)) if (!['iteration', 'epoch', 'lr', 'dataMs', 'stepMs'].includes(k)) keys.add(k);
    const running = lockHolderAlive(w.dir);
    const speed = runSpeed(w.lines, total);
    return {
      id: w.id, model: info?.model ?? null, running,
      iteration: last?.iteration ?? 0, totalIterations: total,
      itPerSec: speed.itPerSec, etaSeconds: running ? speed.etaSeconds : null,
      lossKeys: [...keys],
      samples: samples.slice(-SAMPLES_SHOWN).map((n) => this.fileUrl(path.join(w.dir, SAMPLES_DIR, n))),
      sampleCount: samples.length,
    };
  }

  private static points(lines: LossLine[]): LossPoint[] {
    return lines.map((l) => {
      const { epoch, lr, dataMs, stepMs, ...rest } = l;
      void epoch; void dataMs; void stepMs;
      return { ...rest, lr } as unknown as LossPoint;
    });
  }

  /** Reads what changed; with `full`, also every run in full (for a new subscriber). */
  poll(full = false): { changed: RunUpdate[]; all: RunUpdate[] } {
    const changed: RunUpdate[] = [];
    const all: RunUpdate[] = [];
    const seen = new Set<string>();
    for (const dir of findRuns(this.root)) {
      // the runs folder itself a run (`tessera train --serve`): it goes by its own name
      const id = path.relative(this.root, dir).split(path.sep).join('/') || path.basename(this.root);
      seen.add(id);
      let w = this.runs.get(id);
      const fresh = !w;
      if (!w) { w = { dir, id, offset: 0, lines: [], summary: '' }; this.runs.set(id, w); }
      const chunk = readLossLog(path.join(dir, LOSS_LOG), w.offset);
      if (chunk.restarted) w.lines = [];
      w.lines.push(...chunk.lines);
      w.offset = chunk.offset;
      const summary = this.summarize(w);
      const text = JSON.stringify(summary);
      const reset = fresh || chunk.restarted;
      if (reset || chunk.lines.length || text !== w.summary) {
        changed.push({ run: summary, points: RunsWatcher.points(reset ? thin(w.lines, FULL_POINTS) : chunk.lines), reset });
      }
      w.summary = text;
      if (full) all.push({ run: summary, points: RunsWatcher.points(thin(w.lines, FULL_POINTS)), reset: true });
    }
    for (const id of [...this.runs.keys()]) if (!seen.has(id)) this.runs.delete(id);
    return { changed, all };
  }

  /** Sends every run to `listener` now, then each change until the returned function is called. */
  subscribe(listener: RunListener): () => void {
    const { changed, all } = this.poll(true);
    // changes found by this poll go to the others; the new one gets everything
    for (const l of this.listeners) for (const u of changed) l(u);
    for (const u of all) listener(u);
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      for (const u of this.poll().changed) for (const l of this.listeners) l(u);
    }, this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size && this.timer) { clearInterval(this.timer); this.timer = null; }
    };
  }

  list(): RunSummary[] {
    const { changed, all } = this.poll(true);
    for (const l of this.listeners) for (const u of changed) l(u);
    return all.map((u) => u.run);
  }

  close(): void {
    this.listeners.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
