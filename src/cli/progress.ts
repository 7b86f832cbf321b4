// The one progress bar: a line on stderr with count, percentage, elapsed time and ETA (and a rate when
// asked). On a terminal it redraws in place; elsewhere it stays silent, or prints a plain line now and
// then where a log wants one (training). Only the CLI draws: the library reports progress as callbacks.
export interface ProgressOptions {
  /** Show items per second in this unit (e.g. 'fps'). */
  rateUnit?: string;
  /** Off a terminal: print a plain line at most this often (ms), and at the end; default: silent. */
  plainEveryMs?: number;
  /** Force the bar on or off; default: on when stderr is a terminal. */
  enabled?: boolean;
  /** Draw nothing until this long (ms) after the bar was made: work that ends sooner shows no bar. */
  afterMs?: number;
}

export class ProgressBar {
  readonly #start = performance.now();
  readonly #tty: boolean;
  #lastDraw = -Infinity;
  #drawn = false;

  constructor(readonly label: string, readonly o: ProgressOptions = {}, readonly width = 28) {
    this.#tty = o.enabled ?? Boolean(process.stderr.isTTY);
  }

  /** `extra` (e.g. current losses) is appended after the ETA. */
  update(done: number, total: number, extra = ''): void {
    const now = performance.now(), finished = done >= total;
    const plain = !this.#tty && this.o.plainEveryMs !== undefined && this.o.enabled !== false;
    if (!this.#tty && !plain) return;
    if (this.o.afterMs && now - this.#start < this.o.afterMs) return;
    if (!finished && now - this.#lastDraw < (this.#tty ? 100 : this.o.plainEveryMs!)) return;
    this.#lastDraw = now;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const secs = (now - this.#start) / 1000;
    const eta = done ? (secs / done) * (total - done) : NaN;
    const rate = this.o.rateUnit ? ` ${(secs > 0 ? done / secs : 0).toFixed(1)} ${this.o.rateUnit}` : '';
    const text = `${this.label} ${done}/${total || '?'} ${(frac * 100).toFixed(0)}%${rate} ${clock(secs)} elapsed${!finished && done ? `, ETA ${clock(eta)}` : ''}${extra ? ` | ${extra}` : ''}`;
    if (plain) { process.stderr.write(`${text}\n`); return; }
    const fill = Math.round(frac * this.width);
    process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(this.width - fill)}] ${text}\x1b[K`);
    this.#drawn = true;
  }

  /** Ends the bar's line on a terminal. */
  done(): void {
    if (this.#drawn) process.stderr.write('\n');
    this.#drawn = false;
  }
}

/** One fps bar per video, fed by the library's `onFrame` (which counts from 1 again at each video's first frame). */
export function videoBars(label: string): { onFrame: (done: number, total: number) => void; done: () => void } {
  let bar: ProgressBar | undefined;
  return {
    onFrame(done, total) {
      if (done === 1 || !bar) { bar?.done(); bar = new ProgressBar(label, { rateUnit: 'fps' }); }
      bar.update(done, total);
    },
    done() { bar?.done(); bar = undefined; },
  };
}

export function clock(s: number): string {
  if (!Number.isFinite(s)) return '?';
  // round the whole first: rounding only the seconds turns 59.6 s into "0:60"
  const t = Math.round(s), m = Math.floor(t / 60);
  return `${m}:${String(t % 60).padStart(2, '0')}`;
}
