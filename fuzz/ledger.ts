// What the fuzz and fault campaigns have run, kept in test/fuzz-corpus/campaigns.json (one record per
// target and seed: input i of a campaign is rebuilt from (seed, i), so a longer run with the same seed
// covers a shorter one and replaces it), and written as a table into docs/reliability.md between two
// markers. The table is only ever this file's output, never typed by hand.
import fs from 'node:fs';
import path from 'node:path';

export interface CampaignRecord { inputs: number; accepted: number; refused: number; failures: number; seconds: number; date: string }
export type Ledger = Record<string, Record<string, CampaignRecord>>;

export const START = '<!-- fuzz-campaigns: written by npm run fuzz (fuzz/ledger.ts), do not edit -->';
export const END = '<!-- /fuzz-campaigns -->';

export function readLedger(file: string): Ledger {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Ledger) : {};
}

/** Adds a run; a run of a seed shorter than the one recorded adds nothing (its inputs were all run). */
export function record(ledger: Ledger, target: string, seed: number, r: CampaignRecord): Ledger {
  const old = ledger[target]?.[String(seed)];
  if (old && old.inputs > r.inputs) return ledger;
  return { ...ledger, [target]: { ...ledger[target], [String(seed)]: r } };
}

const n = (x: number) => x.toLocaleString('en-US');

/** The table: per target, its seeds and the sums over them. */
export function ledgerTable(ledger: Ledger, about: Record<string, string>): string {
  const rows = Object.keys(about).map((t) => {
    const runs = Object.entries(ledger[t] ?? {}).sort(([a], [b]) => Number(a) - Number(b));
    const sum = (k: 'inputs' | 'accepted' | 'refused' | 'failures') => runs.reduce((s, [, r]) => s + r[k], 0);
    const seconds = runs.reduce((s, [, r]) => s + r.seconds, 0);
    const seeds = runs.map(([s, r]) => `${s} (${n(r.inputs)})`).join(', ') || 'none yet';
    return `| ${t} | ${about[t]} | ${seeds} | ${n(sum('inputs'))} | ${n(sum('accepted'))} | ${n(sum('refused'))} | ${n(sum('failures'))} | ${seconds.toFixed(0)} s |`;
  });
  return ['| target | parses | seeds (inputs each) | inputs | parsed | refused with its own error | failures | time |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the text between two markers in `doc` (which must hold both): the fuzz table's, or another's. */
export function writeBetweenMarkers(doc: string, table: string, start = START, end = END): void {
  const text = fs.readFileSync(doc, 'utf8');
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${doc}: no ${start} … ${end} block to write the table into`);
  fs.writeFileSync(doc, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
}

export const ledgerFile = (root: string) => path.join(root, 'test/fuzz-corpus/campaigns.json');
export const reliabilityDoc = (root: string) => path.join(root, 'docs/reliability.md');
