// What `npm run faults` has run, kept in test/fuzz-corpus/faults.json (one record per seed; a run of a
// seed with more kills replaces one with fewer) and written as a table into docs/reliability.md between
// two markers, as the fuzz table is (ledger.ts). The table is only ever this file's output.
import fs from 'node:fs';
import path from 'node:path';
import type { KillReport } from './kill-resume.js';

/** One campaign: its report, the run it killed (steps, checkpoint interval, --keep) and when. */
export interface FaultRecord extends KillReport { iters: number; saveEvery: number; keep: number; seconds: number; date: string }
export type FaultLedger = Record<string, FaultRecord>;

export const FAULTS_START = '<!-- fault-campaigns: written by npm run faults (fuzz/faults-ledger.ts), do not edit -->';
export const FAULTS_END = '<!-- /fault-campaigns -->';

export const faultsFile = (root: string) => path.join(root, 'test/fuzz-corpus/faults.json');

export function readFaults(file: string): FaultLedger {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FaultLedger) : {};
}

/** Adds a campaign; one of a seed with fewer kills than the one recorded adds nothing. */
export function recordFaults(ledger: FaultLedger, seed: number, r: FaultRecord): FaultLedger {
  const old = ledger[String(seed)];
  if (old && old.kills > r.kills) return ledger;
  return { ...ledger, [String(seed)]: r };
}

/** The table: a row per seed and the sums (the most lost steps: the worst seed's). */
export function faultsTable(ledger: FaultLedger): string {
  const runs = Object.entries(ledger).sort(([a], [b]) => Number(a) - Number(b));
  const row = (seed: string, r: Omit<FaultRecord, 'date'> & { date: string }) =>
    `| ${seed} | ${r.kills} | ${r.exact} | ${r.resumes} | ${r.mended} | ${r.inSave} | ${r.maxLost} of ${r.saveEvery} | ${r.finishedEarly} | ${r.iters} steps, --keep ${r.keep} | ${r.seconds.toFixed(0)} s | ${r.date} |`;
  const rows = runs.map(([s, r]) => row(s, r));
  if (runs.length > 1) {
    const sum = (k: 'kills' | 'exact' | 'resumes' | 'mended' | 'inSave' | 'finishedEarly' | 'seconds') => runs.reduce((t, [, r]) => t + r[k], 0);
    const worst = runs.reduce((m, [, r]) => (r.maxLost > m.maxLost ? r : m), runs[0]![1]);
    rows.push(`| all | ${sum('kills')} | ${sum('exact')} | ${sum('resumes')} | ${sum('mended')} | ${sum('inSave')} | ${worst.maxLost} of ${worst.saveEvery} | ${sum('finishedEarly')} | | ${sum('seconds').toFixed(0)} s | |`);
  }
  return [
    '| seed | SIGKILLs at random moments | kills made exactly (swap ×2, rotation) | resumes, all succeeded | swaps mended | kills inside a checkpoint write | most steps lost (of the interval) | runs done before their kill | run | time | date |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...(rows.length ? rows : ['| none yet | | | | | | | | | | |']),
  ].join('\n');
}
