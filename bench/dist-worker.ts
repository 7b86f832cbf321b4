// One rank of the dist bench (bench/dist.ts starts these): reference pix2pix steps (unet_256 + 70×70
// PatchGAN, batch norm, fp32) on synthetic 256² batches, timed per step, with the bytes this rank put into
// collectives and the time it blocked on them. Prints one JSON line on stdout.
import { ProcessGroup, keep, manualSeed, randn, tidy, type Tensor } from '../src/engine/index.js';
import { DataParallel, NETWORK_DEFAULTS } from '../src/train/index.js';
import { median } from './report.js';
import { makeTrainer } from './train.js';

const env = process.env;
const rank = Number(env.BENCH_RANK ?? 0), worldSize = Number(env.BENCH_WORLD ?? 1);
const comm = env.BENCH_COMM as 'overlap' | 'after-backward' | 'none';
const batch = Number(env.BENCH_BATCH ?? 1), side = Number(env.BENCH_SIDE ?? 256);
const warmup = Number(env.BENCH_WARMUP ?? 1), iters = Number(env.BENCH_ITERS ?? 4);

manualSeed(0);
// dropout off: no effect on speed, and every rank then computes the same kind of step
const trainer = makeTrainer('pix2pix', 'fp32', { ...NETWORK_DEFAULTS.pix2pix, dropout: false });
const group = comm !== 'none' && worldSize > 1
  ? new ProcessGroup({ rank, worldSize, master: { host: '127.0.0.1', port: Number(env.BENCH_PORT) }, bind: '127.0.0.1', timeoutMs: 120_000 })
  : null;
const dp = group ? new DataParallel(trainer, { group, overlap: comm === 'overlap' }) : null;
dp?.start();
const image = (): Tensor => keep(tidy(() => randn([batch, 3, side, side]).tanh()));
const data = { A: image(), B: image() };
const step = () => tidy(() => {
  const losses = trainer.step(data);
  dp?.agree(losses, false);
});
for (let i = 0; i < warmup; i++) step();
group?.barrier();
const before = group?.stats() ?? { bytes: 0, ops: 0, waitMs: 0 };
const times: number[] = [];
for (let i = 0; i < iters; i++) {
  const t0 = performance.now();
  step();
  times.push(performance.now() - t0);
}
const after = group?.stats() ?? before;
const params = Object.values(trainer.networks).flatMap((n) => n.parameters()).reduce((s, p) => s + p.size, 0);
console.log(JSON.stringify({
  rank, stepMs: median(times), bytesPerStep: (after.bytes - before.bytes) / iters, waitMsPerStep: (after.waitMs - before.waitMs) / iters,
  gradientBytes: params * 4,
}));
dp?.dispose();
group?.close();
