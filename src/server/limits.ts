// What keeps the server's memory bounded under load: request bodies are held in memory while they are
// read, so the bytes of all bodies being read at once are capped (BodyBudget); decoding and running
// models take memory per request, so only a few run at once and a bounded number wait (WorkGate).
// Past either, a request is answered 503 with Retry-After at once, never queued without end.
import { HttpError } from './http.js';

export class Busy extends HttpError {
  constructor(why: string) { super(503, `the server is busy (${why}); try again in a moment`); }
}

/** Bytes of request bodies held in memory right now, across requests, capped at `max`. */
export class BodyBudget {
  private used = 0;
  /** The most bytes held at once (for the load test and the bench). */
  peak = 0;

  constructor(readonly max: number) {}

  /** Takes `n` more bytes for one body, or refuses with 503; `release` gives a body's bytes back. */
  take(n: number): void {
    if (this.used + n > this.max) throw new Busy(`${this.used} bytes of uploads are being received, the limit is ${this.max}`);
    this.used += n;
    this.peak = Math.max(this.peak, this.used);
  }

  release(n: number): void {
    this.used = Math.max(0, this.used - n);
  }

  get inUse(): number { return this.used; }
}

/** At most `running` tasks at once and `waiting` more in line; past that a 503. */
export class WorkGate {
  private active = 0;
  private queue: (() => void)[] = [];
  peakRunning = 0;
  peakWaiting = 0;

  constructor(readonly running: number, readonly waiting: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting) throw new Busy(`${this.active} requests at work and ${this.queue.length} waiting`);
      await new Promise<void>((resolve) => { this.queue.push(resolve); this.peakWaiting = Math.max(this.peakWaiting, this.queue.length); });
    } else this.active++;
    this.peakRunning = Math.max(this.peakRunning, this.active);
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next(); // the slot passes to the next in line
      else this.active--;
    }
  }
}
