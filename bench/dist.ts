// Dist bench (`npm run bench -- dist [--json] [--iters N]`): data-parallel pix2pix steps (unet_256 + PatchGAN,
// batch norm, fp32, 256²) at a global batch of 2, as 1 process × 2 threads × batch 2 and as 2 processes ×
// 1 thread × batch 1, with gradients allreduced from autograd hooks during backward (libtorch's Reducer) or
// in buckets after it, and the same two processes without any communication (the compute they share the
// machine for). Reports steps/s, bytes each rank allreduces per step and the time spent on communication.
// docs/distributed.md derives the scaling to more machines from these figures.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/train/index.js';
import type { BenchOptions } from './report.js';

interface RankResult { rank: number; stepMs: number; bytesPerStep: number; waitMsPerStep: number; gradientBytes: number }
interface Config { name: string; procs: number; threads: number; batch: number; comm: 'overlap' | 'after-backward' | 'none' }

const CONFIGS: Config[] = [
  { name: '1 proc × 2 threads, batch 2', procs: 1, threads: 2, batch: 2, comm: 'none' },
  { name: '2 procs × 1 thread, batch 1, no comm', procs: 2, threads: 1, batch: 1, comm: 'none' },
  { name: '2 procs × 1 thread, overlap', procs: 2, threads: 1, batch: 1, comm: 'overlap' },
  { name: '2 procs × 1 thread, after backward', procs: 2, threads: 1, batch: 1, comm: 'after-backward' },
];

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist-worker.js');

async function runConfig(c: Config, iters: number): Promise<RankResult[]> {
  const port = await freePort();
  return Promise.all(Array.from({ length: c.procs }, (_, rank) => new Promise<RankResult>((resolve, reject) => {
    const child = spawn(process.execPath, [worker], {
      env: {
        ...process.env, TESSERA_THREADS: String(c.threads), BENCH_RANK: String(rank), BENCH_WORLD: String(c.procs),
        BENCH_COMM: c.comm, BENCH_BATCH: String(c.batch), BENCH_PORT: String(port), BENCH_ITERS: String(iters),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${c.name}, rank ${rank}: ${err.trim() || `exit ${code}`}`))));
  })));
}

export async function run(o: BenchOptions): Promise<void> {
  const iters = o.iters ?? 4;
  if (!o.json) console.log(`dist bench: pix2pix unet_256 + PatchGAN, 256², fp32, global batch 2, median of ${iters} steps; ${os.availableParallelism()} cores`);
  let alone = NaN, noComm = NaN;
  for (const c of CONFIGS) {
    if (o.only && !c.name.includes(o.only)) continue;
    const ranks = await runConfig(c, iters);
    const stepMs = Math.max(...ranks.map((r) => r.stepMs));
    if (c.procs === 1) alone = stepMs;
    else if (c.comm === 'none') noComm = stepMs;
    const row = {
      case: c.name, step_ms: +stepMs.toFixed(1), steps_per_s: +(1000 / stepMs).toFixed(3),
      speedup_vs_1proc: +(alone / stepMs).toFixed(3),
      allreduce_mb_per_step: +(ranks[0]!.bytesPerStep / 2 ** 20).toFixed(2),
      gradient_mb: +(ranks[0]!.gradientBytes / 2 ** 20).toFixed(2),
      // blocked in explicit waits (bucketed gradients, the per-step loss/stop agreement)
      wait_ms_per_step: +Math.max(...ranks.map((r) => r.waitMsPerStep)).toFixed(1),
      // what communication adds to a step over the same two processes computing alone
      comm_exposed_ms: c.comm === 'none' ? 0 : +(stepMs - noComm).toFixed(1),
    };
    if (o.json) console.log(JSON.stringify(row));
    else console.log(`${row.case.padEnd(40)} ${String(row.step_ms).padStart(8)} ms/step  ${String(row.steps_per_s).padStart(6)} steps/s  ×${row.speedup_vs_1proc}  `
      + `allreduce ${row.allreduce_mb_per_step} MiB/step (gradients ${row.gradient_mb} MiB)  waiting ${row.wait_ms_per_step} ms  exposed ${row.comm_exposed_ms} ms`);
  }
}
