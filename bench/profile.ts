// Profile bench (`npm run bench -- profile [--only CASE] [--iters N]`): where a step's time goes, per ATen op
// and autograd node, tessera beside PyTorch on the train bench's cases (the same networks and steps, built by
// bench/train.ts and bench/torch_train.py). Both sides are cut by libtorch's RecordFunction hooks: tessera's
// through the addon (engine/profile.ts), PyTorch's through torch.autograd.profiler. Rows: ms per step of
// self time, the ops with the largest difference first; "(outside ops)" is wall time no op accounts for
// (JS, N-API, GC on our side; Python on theirs).
import { getNumThreads, manualSeed, profileOps, type OpTime } from '../src/engine/index.js';
import type { Precision } from '../src/train/index.js';
import { Reporter, TorchWorker, type BenchOptions } from './report.js';
import { buildCase, type Spec } from './train.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Case { name: string; spec: Spec; dtype: Precision; warmup: number }

const CASES: Case[] = [
  { name: 'cyclegan step 256 fp32', spec: { op: 'cyclegan', side: 256 }, dtype: 'fp32', warmup: 1 },
  { name: 'pix2pix step 256 fp32', spec: { op: 'pix2pix', side: 256 }, dtype: 'fp32', warmup: 2 },
  { name: 'infer unet_256 256 fp32', spec: { op: 'infer', netG: 'unet_256', side: 256 }, dtype: 'fp32', warmup: 2 },
  { name: 'infer resnet_9blocks 256 fp32', spec: { op: 'infer', netG: 'resnet_9blocks', side: 256 }, dtype: 'fp32', warmup: 1 },
];

/** Rows shown per case: the ops whose self time differs most between the two sides. */
const TOP = 25;

export async function run(o: BenchOptions): Promise<void> {
  const threads = getNumThreads();
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'torch_train.py');
  const torch = new TorchWorker(script, [String(threads)]);
  const report = new Reporter(o.json, ['diff_ms', 'tessera_n', 'torch_n']);
  const steps = o.iters ?? 2;
  if (!o.json) console.log(`profile bench: ${threads} threads; self ms per step over ${steps} profiled steps; largest differences first`);
  try {
    for (const c of CASES.filter((k) => !o.only || k.name.includes(o.only))) {
      manualSeed(0);
      const { step, close } = buildCase(c.spec, c.dtype);
      await torch.request({ build: c.spec, dtype: c.dtype });
      for (let i = 0; i < c.warmup; i++) step();
      await torch.request({ steps: c.warmup });
      const ours = profileOps(() => { for (let i = 0; i < steps; i++) step(); });
      const theirs = await torch.request<{ ops: [string, number, number, number][]; wallMs: number }>({ profile: steps });
      close();
      const torchOps: OpTime[] = theirs.ops.map(([name, count, selfMs, totalMs]) => ({ name, count, selfMs, totalMs }));
      const inOps = (ops: OpTime[]) => ops.reduce((s, op) => s + op.selfMs, 0);
      const per = (x: number) => x / steps;
      report.row({ case: `${c.name} | wall`, tessera_ms: per(ours.wallMs), torch_ms: per(theirs.wallMs), ratio: ours.wallMs / theirs.wallMs,
        diff_ms: per(ours.wallMs - theirs.wallMs), tessera_n: NaN, torch_n: NaN });
      const outOurs = ours.wallMs - ours.topLevelMs, outTheirs = theirs.wallMs - inOps(torchOps);
      report.row({ case: `${c.name} | (outside ops)`, tessera_ms: per(outOurs), torch_ms: per(outTheirs), ratio: outOurs / outTheirs,
        diff_ms: per(outOurs - outTheirs), tessera_n: NaN, torch_n: NaN });
      const names = new Set([...ours.ops.map((op) => op.name), ...torchOps.map((op) => op.name)]);
      const byName = (ops: OpTime[]) => new Map(ops.map((op) => [op.name, op]));
      const a = byName(ours.ops), b = byName(torchOps);
      const rows = [...names].map((name) => {
        const x = a.get(name), y = b.get(name);
        return { name, ours: x?.selfMs ?? 0, theirs: y?.selfMs ?? 0, nOurs: x?.count ?? 0, nTheirs: y?.count ?? 0 };
      }).sort((p, q) => Math.abs(q.ours - q.theirs) - Math.abs(p.ours - p.theirs));
      for (const r of rows.slice(0, TOP))
        report.row({ case: `${c.name} | ${r.name}`, tessera_ms: per(r.ours), torch_ms: per(r.theirs), ratio: r.ours / r.theirs,
          diff_ms: per(r.ours - r.theirs), tessera_n: per(r.nOurs), torch_n: per(r.nTheirs) });
    }
  } finally {
    torch.close();
  }
}
