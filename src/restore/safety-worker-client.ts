// The video safety checks on a worker thread (safety-worker.ts) behind the FrameChecks interface: each
// check posts copies of the frame and its restored output and settles when the worker answers, in order.
import { Worker } from 'node:worker_threads';
import type { Raster } from '../image/raster.js';
import { FACE_REASON, RestoreRefusal } from './safety.js';
import type { CheckedRegion, FrameChecks } from './video-safety.js';

export interface SafetyJob { id: number; frame: Raster; out: Raster; regions: CheckedRegion[]; index: number }
export type SafetyReply =
  | { id: number; left: number[] }
  | { id: number; refusal: { message: string; stage: 'input' | 'output' } }
  | { id: number; error: string };

interface Pending { resolve: (left: number[]) => void; reject: (e: Error) => void }

const copyOf = (r: Raster): Raster => ({ ...r, data: new Uint8Array(r.data) });

export class SafetyWorker implements FrameChecks {
  readonly left = new Map<number, string>();
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #dead: Error | null = null;

  private constructor(readonly worker: Worker) {}

  /**
   * Starts the worker and returns at once: its models load while the first frames decode and restore (a
   * 20-frame clip spent most of its whole-call time waiting for them otherwise). Checks asked for meanwhile
   * wait in the worker's queue; a loading error rejects them.
   */
  static start(source: string): SafetyWorker {
    const worker = new Worker(new URL('./safety-worker.js', import.meta.url), { workerData: { source } });
    const w = new SafetyWorker(worker);
    worker.on('message', (m: SafetyReply | { ready: true } | { failed: string }) => {
      if ('failed' in m) { w.#fail(new Error(`safety checks: ${m.failed}`)); void worker.terminate(); } else if (!('ready' in m)) w.#settle(m);
    });
    worker.on('error', (e) => w.#fail(e));
    worker.on('exit', (code) => w.#fail(new Error(`safety checks: the worker stopped (exit code ${code})`)));
    return w;
  }

  check(frame: Raster, out: Raster, regions: CheckedRegion[], index: number): Promise<number[]> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    // a frame with nothing restored is its own output: one copy goes over
    const sent = copyOf(frame);
    const job: SafetyJob = { id, frame: sent, out: out === frame ? sent : copyOf(out), regions, index };
    const moved = new Set([job.frame.data.buffer as ArrayBuffer, job.out.data.buffer as ArrayBuffer]);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage(job, [...moved]);
    });
  }

  #settle(m: SafetyReply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if ('left' in m) {
      for (const id of m.left) this.left.set(id, FACE_REASON);
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
