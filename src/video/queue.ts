// A bounded async queue: put() waits while the queue is full, so a fast producer cannot run ahead of a
// slow consumer by more than `capacity` items (that is the pipeline's backpressure).
export class BoundedQueue<T> {
  private items: T[] = [];
  private closed = false;
  private failure: Error | null = null;
  private waitingTakers: (() => void)[] = [];
  private waitingPutters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`queue capacity must be >= 1, got ${capacity}`);
  }

  get size(): number { return this.items.length; }

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed && !this.failure) {
      await new Promise<void>((r) => this.waitingPutters.push(r));
    }
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('put on a closed queue');
    this.items.push(item);
    this.waitingTakers.shift()?.();
  }

  /** Resolves with the next item, or `undefined` once the queue is closed and drained. */
  async take(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.closed && !this.failure) {
      await new Promise<void>((r) => this.waitingTakers.push(r));
    }
    if (this.failure) throw this.failure;
    const item = this.items.shift();
    this.waitingPutters.shift()?.();
    return item;
  }

  /** No more items will come; takers drain what is left. */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  /** Fails both sides: the error surfaces in every pending and later put/take. */
  fail(err: Error): void {
    if (!this.failure) this.failure = err;
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const w of this.waitingTakers.splice(0)) w();
    for (const w of this.waitingPutters.splice(0)) w();
  }
}
