// `npm run fuzz [-- --target NAME] [--iters N] [--seed S]`: mutates each target's seed files and checks
// that only the parser's own error escapes and no input takes over 5 s. The inputs run in a child
// process that reports each index before parsing it, so a hang (no report for 5 s) or a crash (the child
// dies) is pinned to one input, rebuilt here from (seed, index), saved to test/fuzz-corpus/<target>/,
// and the campaign goes on from the next index. `npm test` replays that corpus. Each campaign is recorded
// in test/fuzz-corpus/campaigns.json and the table in docs/reliability.md is written from it
// (`--no-record` for a trial run).
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mutant, seed, type Seed } from './mutate.js';
import { ledgerFile, ledgerTable, readLedger, record, reliabilityDoc, writeBetweenMarkers } from './ledger.js';
import { corpusDir, ROOT, TARGETS, unexpected, type FuzzTarget } from './targets.js';

const TIME_LIMIT_MS = 5000;

interface Tally { inputs: number; accepted: number; refused: number; failures: number }
type FromChild = { at: number } | { fail: number; why: string } | { done: true; accepted: number; refused: number };

const args = process.argv.slice(2);
const valueOf = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
const iters = Number(valueOf('--iters') ?? 5000);
const campaignSeed = Number(valueOf('--seed') ?? 1);
const only = valueOf('--target');

if (args.includes('--child')) await child(TARGETS[only!]!, Number(valueOf('--from')), iters);
else await parent();

async function child(target: FuzzTarget, from: number, to: number): Promise<void> {
  const seeds = target.seeds().map(seed);
  let accepted = 0, refused = 0;
  for (let i = from; i < to; i++) {
    process.send!({ at: i });
    const { bytes } = mutant(seeds, campaignSeed, i);
    const t0 = performance.now();
    let ok = true, why: string | null = null;
    try { target.parse(bytes); } catch (e) { ok = false; why = unexpected(target, e); }
    const ms = performance.now() - t0;
    if (why) process.send!({ fail: i, why });
    else if (ms > TIME_LIMIT_MS) process.send!({ fail: i, why: `took ${Math.round(ms)} ms` });
    else if (ok) accepted++;
    else refused++;
    if (i % 50 === 0) await new Promise((r) => setImmediate(r)); // let the IPC queue drain
  }
  process.send!({ done: true, accepted, refused });
  process.disconnect();
}

async function parent(): Promise<void> {
  const names = only ? [only] : Object.keys(TARGETS);
  for (const n of names) if (!TARGETS[n]) { console.error(`unknown target "${n}"; targets: ${Object.keys(TARGETS).join(', ')}`); process.exit(1); }
  const results: [string, Tally, number][] = [];
  for (const name of names) {
    const t0 = performance.now();
    const tally = await campaign(name);
    results.push([name, tally, performance.now() - t0]);
  }
  console.log(`\nseed ${campaignSeed}, ${iters} inputs per target\n${'target'.padEnd(12)} ${'inputs'.padStart(7)} ${'accepted'.padStart(9)} ${'refused'.padStart(8)} ${'failures'.padStart(9)}   time`);
  for (const [name, t, ms] of results)
    console.log(`${name.padEnd(12)} ${String(t.inputs).padStart(7)} ${String(t.accepted).padStart(9)} ${String(t.refused).padStart(8)} ${String(t.failures).padStart(9)}   ${(ms / 1000).toFixed(1)} s`);
  if (!args.includes('--no-record')) {
    let ledger = readLedger(ledgerFile(ROOT));
    const date = new Date().toISOString().slice(0, 10);
    for (const [name, t, ms] of results) ledger = record(ledger, name, campaignSeed, { ...t, seconds: Math.round(ms / 100) / 10, date });
    fs.writeFileSync(ledgerFile(ROOT), `${JSON.stringify(ledger, null, 1)}\n`);
    writeBetweenMarkers(reliabilityDoc(ROOT), ledgerTable(ledger, Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, t.about]))));
    console.log(`recorded in ${path.relative(ROOT, ledgerFile(ROOT))} and the table of ${path.relative(ROOT, reliabilityDoc(ROOT))}`);
  }
  if (results.some(([, t]) => t.failures)) process.exit(1);
}

/** One target over [0, iters): restarts the child past each input that hung or crashed it. */
async function campaign(name: string): Promise<Tally> {
  const target = TARGETS[name]!;
  const seeds: Seed[] = target.seeds().map(seed); // here too: a broken seed fails before any child runs
  const save = (i: number, why: string) => {
    const { bytes, kinds } = mutant(seeds, campaignSeed, i);
    const dir = corpusDir(name);
    fs.mkdirSync(dir, { recursive: true });
    const id = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    fs.writeFileSync(path.join(dir, `${id}.bin`), bytes);
    fs.writeFileSync(path.join(dir, `${id}.txt`), `${why}\nfound by: npm run fuzz -- --target ${name} --seed ${campaignSeed} (input ${i}; ${kinds.join(', ')})\n`);
    console.log(`${name}: input ${i} FAILED (${why}); saved test/fuzz-corpus/${name}/${id}.bin`);
  };
  const tally: Tally = { inputs: 0, accepted: 0, refused: 0, failures: 0 };
  let from = 0;
  while (from < iters) {
    const script = new URL(import.meta.url).pathname;
    const proc = fork(script, ['--child', '--target', name, '--from', String(from), '--iters', String(iters), '--seed', String(campaignSeed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let last = from - 1;
    let finished = false, hung = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { hung = true; save(last, `no answer within ${TIME_LIMIT_MS} ms (a hang)`); tally.failures++; proc.kill('SIGKILL'); }, TIME_LIMIT_MS);
    };
    arm();
    proc.on('message', (m: FromChild) => {
      if ('at' in m) { last = m.at; arm(); }
      else if ('fail' in m) { save(m.fail, m.why); tally.failures++; }
      else { tally.accepted += m.accepted; tally.refused += m.refused; finished = true; }
    });
    const code = await new Promise<number | string>((r) => proc.on('exit', (c, sig) => r(sig ?? c ?? 0)));
    clearTimeout(timer);
    if (finished) break;
    if (!hung) { save(last, `the process died (${code})`); tally.failures++; }
    // the inputs before `last` that the dead child had counted are lost from the tally, not from the run
    from = last + 1;
  }
  tally.inputs = iters;
  return tally;
}
