// A one-line progress bar with ETA on stderr (only when stderr is a terminal, so logs stay clean).
export interface ProgressLine { (done: number, total: number): void; done(): void }

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const start = Date.now();
  let shown = false;
  const update = ((done: number, total: number) => {
    if (!stream.isTTY || total <= 1) return;
    const frac = done / total, secs = (Date.now() - start) / 1000;
    const eta = done > 0 ? Math.round((secs / done) * (total - done)) : 0;
    const bar = '#'.repeat(Math.round(frac * 24)).padEnd(24, '.');
    stream.write(`\r${label} [${bar}] ${done}/${total} ETA ${eta}s `);
    shown = true;
  }) as ProgressLine;
  update.done = () => { if (shown) stream.write('\n'); };
  return update;
}
