// Ctrl-C (SIGINT) and SIGTERM during a long job: the first one asks the job to stop after its current step
// (so it can write a checkpoint) instead of killing the process.
export interface StopSignals {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** Removes the handlers (call when the job ends). */
  release(): void;
}

export function catchStopSignals(what = 'saving a checkpoint after this step'): StopSignals {
  const ac = new AbortController();
  const stop = (sig: string) => { process.stderr.write(`\n${sig}: ${what}…\n`); ac.abort(); };
  const onInt = () => stop('SIGINT'), onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal: ac.signal, release: () => { process.off('SIGINT', onInt); process.off('SIGTERM', onTerm); } };
}
