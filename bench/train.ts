// Train bench: one full optimisation step of pix2pix (unet_256 + 70×70 PatchGAN) and CycleGAN
// (resnet_9blocks, four networks) at the reference settings, fp32 and bf16, tessera vs PyTorch on the same
// networks (bench/torch_train.py), plus the data loader's decode throughput (tessera only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { getNumThreads, keep, manualSeed, randn, tidy, type Tensor } from '../src/engine/index.js';
import { DataLoader, openDataset } from '../src/data/index.js';
import { CYCLEGAN_DEFAULTS, CycleGANTrainer, PIX2PIX_DEFAULTS, Pix2PixTrainer, registryNetworks, NETWORK_DEFAULTS, type CycleGANNetworks, type GanModel, type Trainer } from '../src/train/index.js';
import { Reporter, TorchWorker, median, timeOnce, type BenchOptions } from './report.js';

const CASES: { model: GanModel; netG: string; size: number }[] = [
  { model: 'pix2pix', netG: 'unet_256', size: 256 },
  { model: 'cyclegan', netG: 'resnet_9blocks', size: 256 },
];
const WARMUP = 1, ITERS = 3;

function makeTrainer(model: GanModel, netG: string, precision: 'fp32' | 'bf16'): Trainer {
  const { networks } = registryNetworks(model, { ...NETWORK_DEFAULTS[model], netG });
  const nets = networks(model);
  return model === 'pix2pix'
    ? new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, precision })
    : new CycleGANTrainer(nets as CycleGANNetworks, { ...CYCLEGAN_DEFAULTS, poolSize: 0, precision });
}

/** Images per second through the loader: 512×256 aligned JPEGs, 286 → random crop 256, flips. */
async function loaderThroughput(n = 24): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const px = Buffer.alloc(512 * 256 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7919) % 251;
  fs.mkdirSync(path.join(dir, 'train'));
  for (let k = 0; k < n; k++) await sharp(px, { raw: { width: 512, height: 256, channels: 3 } }).jpeg().toFile(path.join(dir, 'train', `${k}.jpg`));
  const ds = openDataset({ mode: 'aligned', dataDir: dir, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: false,
    transform: { preprocess: 'resize_and_crop', loadSize: 286, cropSize: 256, flip: true } });
  const loader = new DataLoader(ds, { batchSize: 1, shuffle: true, seed: 0, direction: 'AtoB' });
  const t0 = performance.now();
  let count = 0;
  for await (const b of loader.epoch(0)) count += b.A.shape[0]!;
  const s = (performance.now() - t0) / 1000;
  await loader.close();
  fs.rmSync(dir, { recursive: true });
  return count / s;
}

export async function run(o: BenchOptions): Promise<void> {
  const threads = getNumThreads();
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'torch_train.py');
  const torch = new TorchWorker(script, [String(threads)]);
  const report = new Reporter(o.json, ['ratio_cpu', 'steps']);
  const iters = o.iters ?? ITERS;
  if (!o.json) console.log(`train bench: ${threads} threads; one full optimisation step, batch 1; warm-up ${WARMUP}, then tessera and PyTorch steps alternate; medians of ${iters}`);
  try {
    for (const c of CASES) {
      for (const dtype of ['fp32', 'bf16'] as const) {
        const name = `${c.model} ${c.netG} ${c.size}px ${dtype}`;
        if (o.only && !name.includes(o.only)) continue;
        manualSeed(0);
        const trainer = makeTrainer(c.model, c.netG, dtype);
        const batch = tidy(() => ({ A: keep(randn([1, 3, c.size, c.size]).tanh()), B: keep(randn([1, 3, c.size, c.size]).tanh()) }));
        const step = () => { tidy(() => trainer.step(batch)); };
        await torch.request({ build: c, dtype });
        for (let i = 0; i < WARMUP; i++) step();
        await torch.request({ steps: WARMUP });
        // alternate single steps so both sides see the same machine load
        const ours: number[] = [], oursCpu: number[] = [], theirs: number[] = [], theirsCpu: number[] = [];
        for (let i = 0; i < iters; i++) {
          const t = timeOnce(step);
          ours.push(t.wall); oursCpu.push(t.cpu);
          const r = await torch.request<{ times: number[]; cpu: number[] }>({ steps: 1 });
          theirs.push(...r.times); theirsCpu.push(...r.cpu);
        }
        for (const t of [batch.A, batch.B] as Tensor[]) t.dispose();
        for (const n of Object.values(trainer.networks)) n.dispose();
        for (const opt of Object.values(trainer.optimizers)) opt.dispose();
        report.row({
          case: name, tessera_ms: median(ours), torch_ms: median(theirs), ratio: median(ours) / median(theirs),
          tessera_cpu_ms: median(oursCpu), torch_cpu_ms: median(theirsCpu), ratio_cpu: median(oursCpu) / median(theirsCpu), steps: iters,
        });
      }
    }
  } finally {
    torch.close();
  }
  if (o.only && !'loader'.includes(o.only)) return;
  const ips = await loaderThroughput();
  if (o.json) console.log(JSON.stringify({ case: 'loader 512x256 jpeg 286->crop 256', images_per_s: Math.round(ips * 10) / 10 }));
  else console.log(`loader: ${ips.toFixed(1)} images/s (512×256 JPEG pairs, resize 286, crop 256, flip; decode workers)`);
}
