// Video work on the server: jobs run one at a time (each uses every core), report frames done to any
// number of listeners, and can be cancelled, queued or running; a cancelled or failed job leaves no output
// (the video pipeline writes its file only once the last frame is in).
import crypto from 'node:crypto';
import { HttpError } from './http.js';
import { Busy } from './limits.js';
import { publicItem, type Item } from './store.js';
import type { JobInfo, JobKind } from '../web/api.js';

/** Does the work: frames done go to `progress`; the result is the output item. */
export type JobWork = (signal: AbortSignal, progress: (done: number, total: number) => void) => Promise<Item>;

type JobListener = (event: 'progress' | 'end', job: JobInfo) => void;

interface Job { info: JobInfo; controller: AbortController; listeners: Set<JobListener>; result?: Item }

/** Frame progress is sent at most this often per job (a 60 fps clip would flood a page otherwise). */
const PROGRESS_MS = 100;
/** Jobs waiting for their turn; one more is refused (503) rather than queued without end. */
export const MAX_QUEUED_JOBS = 16;

export class VideoJobs {
  private jobs = new Map<string, Job>();
  private chain: Promise<void> = Promise.resolve();

  start(kind: JobKind, input: Item, work: JobWork, onResult: (item: Item) => void): JobInfo {
    const queued = [...this.jobs.values()].filter((j) => j.info.state === 'queued').length;
    if (queued >= MAX_QUEUED_JOBS) throw new Busy(`${queued} video jobs are waiting`);
    const id = crypto.randomBytes(9).toString('base64url');
    const job: Job = {
      info: { id, kind, input: input.name, state: 'queued', done: 0, total: input.frames ?? 0 },
      controller: new AbortController(), listeners: new Set(),
    };
    this.jobs.set(id, job);
    const emit = (event: 'progress' | 'end') => { for (const l of job.listeners) l(event, { ...job.info }); };
    let lastSent = 0;
    this.chain = this.chain.then(async () => {
      if (job.controller.signal.aborted) return;
      job.info.state = 'running';
      emit('progress');
      try {
        const item = await work(job.controller.signal, (done, total) => {
          job.info.done = done;
          job.info.total = total;
          const now = Date.now();
          if (now - lastSent >= PROGRESS_MS || done === total) { lastSent = now; emit('progress'); }
        });
        onResult(item);
        job.info.result = publicItem(item);
        job.info.state = 'done';
      } catch (e) {
        if (job.controller.signal.aborted) job.info.state = 'cancelled';
        else { job.info.state = 'failed'; job.info.error = (e as Error).message; }
      }
      emit('end');
    });
    return { ...job.info };
  }

  get(id: string): JobInfo {
    return { ...this.find(id).info };
  }

  private find(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new HttpError(404, `no video job ${JSON.stringify(id)}`);
    return job;
  }

  /** Stops a queued or running job; a finished one is left as it is (409). */
  cancel(id: string): JobInfo {
    const job = this.find(id);
    if (job.info.state === 'queued') {
      job.controller.abort();
      job.info.state = 'cancelled';
      for (const l of job.listeners) l('end', { ...job.info });
    } else if (job.info.state === 'running') {
      job.controller.abort();
    } else {
      throw new HttpError(409, `the job is already ${job.info.state}`);
    }
    return { ...job.info };
  }

  /** Listens to a job; an ended job calls back with 'end' at once. Returns the unsubscribe. */
  listen(id: string, listener: JobListener): () => void {
    const job = this.find(id);
    if (['done', 'failed', 'cancelled'].includes(job.info.state)) {
      listener('end', { ...job.info });
      return () => {};
    }
    job.listeners.add(listener);
    listener('progress', { ...job.info });
    return () => job.listeners.delete(listener);
  }

  /** Cancels everything and waits for the running job to stop. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await this.chain;
  }
}
