// Ctrl-C (SIGINT) and SIGTERM during a long job: the first one asks the job to stop after its current step
// (so it can write a checkpoint) instead of killing the process. The process then still exits as a stopped
// one does (128 + the signal's number: 130, 143), so a script can tell a stopped run from a finished one.
export interface StopSignals {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** Which signal stopped the job, or null. */
  received(): 'SIGINT' | 'SIGTERM' | null;
  /** Removes the handlers (call when the job ends). */
  release(): void;
}

/** The shell's exit status of a process stopped by `sig`: 128 + its number. */
export const STOP_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function catchStopSignals(what = 'saving a checkpoint after this step'): StopSignals {
  const ac = new AbortController();
  let got: 'SIGINT' | 'SIGTERM' | null = null;
  const stop = (sig: 'SIGINT' | 'SIGTERM') => { got ??= sig; process.stderr.write(`\n${sig}: ${what}…\n`); ac.abort(); };
  const onInt = () => stop('SIGINT'), onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal: ac.signal, received: () => got, release: () => { process.off('SIGINT', onInt); process.off('SIGTERM', onTerm); } };
}

/** After the checkpoint: exit as stopped by the signal that stopped the job (no change when none did). */
export function exitAsStopped(stop: StopSignals): void {
  const sig = stop.received();
  if (sig) process.exitCode = STOP_EXIT_CODES[sig];
}
