// A progress bar with ETA on stderr; on a non-terminal it prints a plain line now and then instead.
export class ProgressBar {
  readonly #start = Date.now();
  #lastPlain = 0;

  constructor(readonly label: string, readonly width = 28) {}

  /** `extra` (e.g. current losses) is appended after the ETA. */
  update(done: number, total: number, extra = ''): void {
    const frac = total ? done / total : 1;
    const elapsed = (Date.now() - this.#start) / 1000;
    const eta = done ? (elapsed / done) * (total - done) : NaN;
    const text = `${this.label} ${done}/${total} ${(frac * 100).toFixed(0)}% ${fmt(elapsed)} elapsed${done < total && done ? `, ETA ${fmt(eta)}` : ''}${extra ? ` | ${extra}` : ''}`;
    if (process.stderr.isTTY) {
      const fill = Math.round(frac * this.width);
      process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(this.width - fill)}] ${text}\x1b[K${done >= total ? '\n' : ''}`);
    } else if (done >= total || Date.now() - this.#lastPlain > 5000) {
      this.#lastPlain = Date.now();
      process.stderr.write(`${text}\n`);
    }
  }
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60), r = Math.round(s % 60);
  return `${m}:${String(r).padStart(2, '0')}`;
}
