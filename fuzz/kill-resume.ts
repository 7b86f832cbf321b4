// `npm run faults [-- --kills N --seed S --no-record]`: SIGKILL a real `tessera train` at random moments (inside a
// step, inside a checkpoint write, between them), resume it each time, and check the promises: every
// resume succeeds, no checkpoint is ever corrupt, at most one checkpoint interval is lost, and the final
// loss log equals an uninterrupted run's line for line. test/train/hard-kill.test.ts runs a few kills.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSafetensors } from '../src/io/safetensors.js';
import { checkpointDir, historyDir, historySteps, readRunState, recoverCheckpoint } from '../src/train/checkpoint.js';
import { Mulberry32 } from '../src/util/rng.js';
import { faultsFile, faultsTable, FAULTS_END, FAULTS_START, readFaults, recordFaults } from './faults-ledger.js';
import { reliabilityDoc, writeBetweenMarkers } from './ledger.js';
import { makeAlignedDataset } from '../test/helpers/images.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src/cli/main.js');
export const SAVE_EVERY = 2;
export const ITERS = 40;
/** `--keep`: every kill also lands in or near the history rotation (RUN/checkpoints/<step>). */
export const KEEP = 2;

export interface KillReport {
  kills: number;
  /** Kills that found a checkpoint swap half done (latest missing) and were mended on resume. */
  mended: number;
  /** Most steps a kill cost (logged minus checkpointed). */
  maxLost: number;
  /** Runs that finished before their kill came (started again from the checkpoint, not counted). */
  finishedEarly: number;
  /** Kills that left a checkpoint folder half written (latest.tmp-PID without its train_state.json). */
  inSave: number;
  /** Kills made exactly rather than timed: the two swap states and one inside the --keep rotation. */
  exact: number;
  resumes: number;
}

function trainArgs(data: string, out: string, iters = ITERS): string[] {
  return ['train', 'pix2pix', '--data', data, '--out', out, '--netG', 'unet_32', '--ngf', '4', '--ndf', '4', '--load-size', '36',
    '--crop-size', '32', '--workers', '1', '--iters', String(iters), '--batch-size', '1', '--save-every', String(SAVE_EVERY),
    '--keep', String(KEEP), '--sample-every', '0', '--n-epochs', '20', '--n-epochs-decay', '0'];
}

/** Runs the CLI; `killAfterMs` sends SIGKILL then. Resolves with the exit code (null when killed). */
function train(args: string[], killAfterMs?: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TESSERA_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = killAfterMs === undefined ? null : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('close', (code) => { if (timer) clearTimeout(timer); resolve({ code, stderr }); });
  });
}

export const logLines = (run: string): Record<string, unknown>[] => {
  const file = path.join(run, 'loss_log.jsonl');
  if (!fs.existsSync(file)) return [];
  // a line cut by the kill has no newline yet; the resume drops it with the steps past the checkpoint
  const text = fs.readFileSync(file, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean)
    .map((l) => { const { dataMs, stepMs, ...rest } = JSON.parse(l); void dataMs; void stepMs; return rest; });
};

/** After a kill: the checkpoint (once one was written) is whole and readable, and at most one interval behind the log. */
function inspect(run: string, report: KillReport): void {
  const ck = checkpointDir(run);
  const side = fs.existsSync(path.dirname(ck)) ? fs.readdirSync(path.dirname(ck)) : [];
  if (side.some((n) => n.startsWith('latest.tmp-') && !fs.existsSync(path.join(path.dirname(ck), n, 'train_state.json')))) report.inSave++;
  if (!fs.existsSync(ck) && recoverCheckpoint(run)) report.mended++;
  const logged = logLines(run).length;
  if (!fs.existsSync(ck)) {
    if (logged > SAVE_EVERY) throw new Error(`${run}: ${logged} steps logged and no checkpoint`);
    return;
  }
  const st = readRunState(run);
  for (const f of [...Object.values(st.networks), 'train_state.safetensors']) {
    const { tensors } = loadSafetensors(path.join(ck, f));
    for (const t of tensors.values()) t.dispose();
  }
  // the history (--keep): every step folder whole and of its step; one more than KEEP when the kill came
  // between a new one and the pruning (the next save prunes it)
  const steps = historySteps(run);
  if (steps.length > KEEP + 1) throw new Error(`${run}: ${steps.length} step folders kept, --keep is ${KEEP}`);
  for (const step of steps) {
    const f = path.join(historyDir(run, step), 'train_state.json');
    const it = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')).iteration : null;
    if (it !== step) throw new Error(`${historyDir(run, step)}: not the whole checkpoint of step ${step}`);
  }
  const lost = logged - st.iteration;
  if (lost > SAVE_EVERY) throw new Error(`${run}: the kill cost ${lost} steps, more than the checkpoint interval ${SAVE_EVERY}`);
  report.maxLost = Math.max(report.maxLost, lost);
}

/** The campaign; returns what happened, throws on the first broken promise. `swapKills` adds kills that land in the swap, made exactly. */
export async function killResumeCampaign(o: { kills: number; seed?: number; dir?: string; swapStates?: boolean }): Promise<KillReport> {
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-kill-'));
  const data = path.join(dir, 'data'), straight = path.join(dir, 'straight'), cut = path.join(dir, 'cut');
  await makeAlignedDataset(data, 4, 16, 16);
  const t0 = performance.now();
  const ref = await train(trainArgs(data, straight));
  if (ref.code !== 0) throw new Error(`the uninterrupted run failed: ${ref.stderr}`);
  const runMs = performance.now() - t0;
  const rng = new Mulberry32(o.seed ?? 1);
  const report: KillReport = { kills: 0, mended: 0, maxLost: 0, finishedEarly: 0, inSave: 0, exact: 0, resumes: 0 };
  let started = false;
  while (report.kills < o.kills) {
    // anywhere from the process start to the end of a whole run: startup, steps, checkpoint writes
    const at = 300 + rng.random() * (runMs - 300);
    const r = await train([...trainArgs(data, cut), ...(started ? ['--resume'] : [])], at);
    if (started) report.resumes++;
    if (r.code === 0) {
      // done before the kill: start the run over, so the next kills land in a run again
      report.finishedEarly++;
      if (started && JSON.stringify(logLines(cut)) !== JSON.stringify(logLines(straight))) throw new Error(`${cut}: a resumed run that finished logged other losses than the uninterrupted one`);
      fs.rmSync(cut, { recursive: true, force: true });
      started = false;
      continue;
    }
    if (r.code !== null) throw new Error(`a ${started ? 'resume' : 'start'} failed by itself (exit ${r.code}): ${r.stderr.trim().split('\n').pop()}`);
    report.kills++;
    inspect(cut, report);
    started = fs.existsSync(checkpointDir(cut));
    if (!started) fs.rmSync(cut, { recursive: true, force: true });
  }
  if (o.swapStates && !started) {
    // the last kill came before any checkpoint: make one, so the exact states below always run
    const r = await train(trainArgs(data, cut, 2 * SAVE_EVERY));
    if (r.code !== 0) throw new Error(`a start to make a checkpoint failed: ${r.stderr}`);
    started = true;
  }
  if (o.swapStates) {
    // a kill between the swap's two renames, made exactly: latest moved aside, the new folder not yet in
    // place (once whole, once cut short); the resume must put the right one back
    const ck = checkpointDir(cut);
    fs.cpSync(ck, `${ck}.tmp-999999`, { recursive: true });
    fs.renameSync(ck, `${ck}.old-999999`);
    const twoMore = () => trainArgs(data, cut, Math.min(ITERS, readRunStateAfterMend(cut) + 2));
    let r = await train([...twoMore(), '--resume']);
    if (r.code !== 0) throw new Error(`resume after a swap with a whole new folder failed: ${r.stderr}`);
    if (!/was missing .*put latest\.tmp-999999 back/.test(r.stderr)) throw new Error(`the swap was not mended from the new folder: ${r.stderr}`);
    report.mended++; report.resumes++; report.exact++;
    inspect(cut, report);
    fs.mkdirSync(`${ck}.tmp-999998`);
    fs.renameSync(ck, `${ck}.old-999998`);
    r = await train([...twoMore(), '--resume']);
    if (r.code !== 0) throw new Error(`resume after a swap with a partial new folder failed: ${r.stderr}`);
    if (!/was missing .*put latest\.old-999998 back/.test(r.stderr)) throw new Error(`the swap was not mended from the old folder: ${r.stderr}`);
    report.mended++; report.resumes++; report.exact++;
    inspect(cut, report);
    // a kill while linking a history copy: latest is whole, the half-made step folder goes on resume
    fs.mkdirSync(`${historyDir(cut, 999)}.tmp-999997`);
    r = await train([...twoMore(), '--resume']);
    if (r.code !== 0) throw new Error(`resume after a kill in the history rotation failed: ${r.stderr}`);
    report.resumes++; report.exact++;
    inspect(cut, report);
  }
  // the last resume runs to the end; its log must be the uninterrupted one, line for line
  const last = await train([...trainArgs(data, cut), ...(started || fs.existsSync(checkpointDir(cut)) ? ['--resume'] : [])]);
  if (last.code !== 0) throw new Error(`the final resume failed: ${last.stderr}`);
  report.resumes++;
  const want = JSON.stringify(logLines(straight)), got = JSON.stringify(logLines(cut));
  if (want !== got) throw new Error(`${cut}: the resumed loss log differs from the uninterrupted one`);
  const leftover = fs.readdirSync(path.dirname(checkpointDir(cut))).filter((n) => n !== 'latest' && !/^\d+$/.test(n));
  if (leftover.length) throw new Error(`${cut}: left beside the checkpoint: ${leftover.join(', ')}`);
  const kept = historySteps(cut).join(', '), want2 = Array.from({ length: KEEP }, (_, i) => ITERS - i * SAVE_EVERY).join(', ');
  if (kept !== want2) throw new Error(`${cut}: kept steps ${kept}, not the last ${KEEP} checkpoints (${want2})`);
  if (!o.dir) fs.rmSync(dir, { recursive: true });
  return report;
}

/** The step of the checkpoint a resume will start from (the whole folder the mend would pick). */
function readRunStateAfterMend(run: string): number {
  const ck = checkpointDir(run), side = fs.readdirSync(path.dirname(ck)).map((n) => path.join(path.dirname(ck), n));
  const whole = [ck, ...side].find((d) => fs.existsSync(path.join(d, 'train_state.json')))!;
  return JSON.parse(fs.readFileSync(path.join(whole, 'train_state.json'), 'utf8')).iteration;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const kills = Number(valueOf('--kills') ?? 20), seed = Number(valueOf('--seed') ?? 1);
  const t0 = performance.now();
  const r = await killResumeCampaign({ kills, seed, swapStates: true });
  const seconds = Math.round((performance.now() - t0) / 1000);
  console.log(`kill-resume: ${r.kills} SIGKILLs at random moments + ${r.exact} made exactly (${r.exact ? '2 in the checkpoint swap, 1 in the --keep rotation' : 'none asked'}); ${r.resumes} resumes, all succeeded; ` +
    `${r.mended} swaps mended; at most ${r.maxLost} step(s) lost (interval ${SAVE_EVERY}); ${r.inSave} kill(s) inside a checkpoint write; ${r.finishedEarly} run(s) finished before their kill; ` +
    `final log equals the uninterrupted one (${ITERS} steps); ${seconds} s`);
  // a campaign that broke a promise threw above: only whole, passing campaigns are recorded
  if (!args.includes('--no-record')) {
    const ledger = recordFaults(readFaults(faultsFile(ROOT)), seed, { ...r, iters: ITERS, saveEvery: SAVE_EVERY, keep: KEEP, seconds, date: new Date().toISOString().slice(0, 10) });
    fs.writeFileSync(faultsFile(ROOT), `${JSON.stringify(ledger, null, 1)}\n`);
    writeBetweenMarkers(reliabilityDoc(ROOT), faultsTable(ledger), FAULTS_START, FAULTS_END);
    console.log(`recorded in ${path.relative(ROOT, faultsFile(ROOT))} and the table of ${path.relative(ROOT, reliabilityDoc(ROOT))}`);
  }
}
