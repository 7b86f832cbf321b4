// A pool of decode workers (node:worker_threads + sharp): the training loop never waits on JPEG
// decoding as long as the prefetch queue stays ahead.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Draws, TransformOptions } from './transform.js';

export interface DecodeJob {
  file: string;
  /** Aligned pairs: the image holds A | B side by side. */
  split: boolean;
  /** Per output image (A, B for split; one otherwise): convert to one channel. */
  grayscale: boolean[];
  transform: TransformOptions;
  draws: Draws;
}

/** A file the workers could not decode (the file's fault, unlike a worker that died). */
export class ImageFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
    this.name = 'ImageFileError';
  }
}

export interface DecodedImage { data: Float32Array; shape: [number, number, number] }
export interface DecodeReply { id: number; images?: DecodedImage[]; error?: string }

export class DecoderPool {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, { resolve: (v: DecodedImage[]) => void; reject: (e: Error) => void; worker: Worker; file: string }>();
  readonly #busy = new Map<Worker, number>();
  #next = 0;
  /** Set when a worker died: later jobs fail at once instead of waiting forever. */
  #failed: Error | null = null;
  #rr = 0;

  constructor(size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {
    const url = new URL('./decode-worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on('message', (r: DecodeReply) => {
        const p = this.#pending.get(r.id);
        if (!p) return;
        this.#pending.delete(r.id);
        this.#release(w);
        if (r.error !== undefined) p.reject(new ImageFileError(p.file, r.error));
        else p.resolve(r.images!);
      });
      w.on('error', (e) => {
        this.#failed = new Error(`a decode worker failed: ${e.message}`);
        for (const p of this.#pending.values()) p.reject(this.#failed);
        this.#pending.clear();
      });
      w.unref(); // idle workers must not keep the process alive; busy ones are ref'd in decode()
      this.#workers.push(w);
    }
  }

  decode(job: DecodeJob): Promise<DecodedImage[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    const w = this.#workers[this.#rr++ % this.#workers.length]!;
    const n = this.#busy.get(w) ?? 0;
    if (n === 0) w.ref();
    this.#busy.set(w, n + 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker: w, file: job.file });
      w.postMessage({ id, job });
    });
  }

  #release(w: Worker): void {
    const n = (this.#busy.get(w) ?? 1) - 1;
    this.#busy.set(w, n);
    if (n === 0) w.unref();
  }

  async close(): Promise<void> {
    for (const p of this.#pending.values()) p.reject(new Error('decoder closed'));
    this.#pending.clear();
    // an unref'd worker's exit does not hold the event loop, so terminate() would never settle
    await Promise.all(this.#workers.map((w) => { w.ref(); return w.terminate(); }));
    this.#workers.length = 0;
  }
}
