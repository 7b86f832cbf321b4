// A one-line progress bar on stderr with rate and ETA. Redraws at most every 200 ms; silent when
// stderr is not a terminal unless forced.
export class ProgressBar {
  private done = 0;
  private readonly start = performance.now();
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(readonly total: number, readonly label = '', readonly unit = 'fps', enabled?: boolean) {
    this.enabled = enabled ?? Boolean(process.stderr.isTTY);
  }

  tick(n = 1): void {
    this.done += n;
    const now = performance.now();
    if (now - this.lastDraw >= 200 || this.done === this.total) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  /** Items per second so far. */
  rate(): number {
    const s = (performance.now() - this.start) / 1000;
    return s > 0 ? this.done / s : 0;
  }

  finish(): void {
    if (this.enabled) {
      this.draw(performance.now());
      process.stderr.write('\n');
    }
  }

  private draw(now: number): void {
    if (!this.enabled) return;
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const eta = rate > 0 && this.total > 0 ? Math.max(0, (this.total - this.done) / rate) : NaN;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const line = `${this.label} [${bar}] ${this.done}/${this.total || '?'} ${rate.toFixed(1)} ${this.unit} ETA ${formatSeconds(eta)}`;
    process.stderr.write(`\r${line}\x1b[K`);
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60), sec = Math.floor(s % 60);
  return `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}
