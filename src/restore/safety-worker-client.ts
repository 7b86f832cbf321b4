// The video safety checks on a worker thread (safety-worker.ts) behind the FrameChecks interface: each
// check posts copies of the frame and its restored output and settles when the worker answers, in order.
// One worker serves any number of videos, one after another or at once (restorePaths starts one for a
// whole batch, before its restorer has loaded); each video's checks keep their own tracks and name.
import { Worker } from 'node:worker_threads';
import type { Raster } from '../image/raster.js';
import { FACE_REASON, RestoreRefusal } from './safety.js';
import type { CheckedRegion, FrameChecks } from './video-safety.js';

export interface SafetyJob { video: number; source: string; id: number; frame: Raster; out: Raster; regions: CheckedRegion[]; index: number }
/** A video's checks are over: the worker lets its state go. */
export interface SafetyEnd { end: number }
export type SafetyReply =
  | { id: number; left: number[] }
  | { id: number; refusal: { message: string; stage: 'input' | 'output' } }
  | { id: number; error: string };

interface Pending { resolve: (left: number[]) => void; reject: (e: Error) => void; left: Map<number, string> }

const copyOf = (r: Raster): Raster => ({ ...r, data: new Uint8Array(r.data) });

/**
 * Whether a video's checks go to the worker: the bundled ones do; a checker or face finder the caller brings
 * (a test's, a library user's) runs on the caller's thread instead. One rule for restoreVideo, restorePaths
 * and the server's video jobs.
 */
export const checksOnWorker = (o: { safety?: unknown; faces?: unknown }): boolean => !o.safety && !o.faces;

export class SafetyWorker {
  readonly #pending = new Map<number, Pending>();
  #nextJob = 0;
  #nextVideo = 0;
  #dead: Error | null = null;

  private constructor(readonly worker: Worker) {}

  /** Closed, or failed (its models did not load, the thread died): it answers every check with that error. */
  get stopped(): boolean {
    return this.#dead !== null;
  }

  /**
   * Starts the worker and returns at once: its models load (and run once, so that the first frame's checks
   * do not pay for the first pass) while the caller goes on. Checks asked for meanwhile wait in the worker's
   * queue; a loading error rejects them.
   */
  static start(): SafetyWorker {
    const worker = new Worker(new URL('./safety-worker.js', import.meta.url));
    const w = new SafetyWorker(worker);
    worker.on('message', (m: SafetyReply | { ready: true } | { failed: string }) => {
      if ('failed' in m) { w.#fail(new Error(`safety checks: ${m.failed}`)); void worker.terminate(); } else if (!('ready' in m)) w.#settle(m);
    });
    worker.on('error', (e) => w.#fail(e));
    worker.on('exit', (code) => w.#fail(new Error(`safety checks: the worker stopped (exit code ${code})`)));
    return w;
  }

  /** The checks of one video, named `source` in messages; `owner`: closing them closes this worker too. */
  video(source: string, owner = false): FrameChecks {
    const video = this.#nextVideo++, left = new Map<number, string>();
    return {
      left,
      check: (frame, out, regions, index) => this.#check({ video, source, frame, out, regions, index }, left),
      close: async () => {
        if (!this.#dead) this.worker.postMessage({ end: video } satisfies SafetyEnd);
        if (owner) await this.close();
      },
    };
  }

  #check(job: Omit<SafetyJob, 'id'>, left: Map<number, string>): Promise<number[]> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextJob++;
    // a frame with nothing restored is its own output: one copy goes over
    const sent = copyOf(job.frame);
    const full: SafetyJob = { ...job, id, frame: sent, out: job.out === job.frame ? sent : copyOf(job.out) };
    const moved = new Set([full.frame.data.buffer as ArrayBuffer, full.out.data.buffer as ArrayBuffer]);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, left });
      this.worker.postMessage(full, [...moved]);
    });
  }

  #settle(m: SafetyReply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if ('left' in m) {
      for (const id of m.left) p.left.set(id, FACE_REASON);
      p.resolve(m.left);
    } else if ('refusal' in m) p.reject(new RestoreRefusal(m.refusal.message, m.refusal.stage));
    else p.reject(new Error(m.error));
  }

  #fail(e: Error): void {
    this.#dead ??= e;
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }

  async close(): Promise<void> {
    this.#dead ??= new Error('safety checks: closed');
    await this.worker.terminate();
  }
}
