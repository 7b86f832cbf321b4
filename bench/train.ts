// Train bench (`npm run bench -- train`): the full pix2pix step (unet_256 + 70x70 PatchGAN, batch norm, D then G) and the CycleGAN
// step (2x resnet_9blocks + 2x PatchGAN, instance norm, pool 50) at 256², batch 1, the SRGAN x4 adversarial step
// (SRResNet 16 blocks + the paper's D, 96² HR crops, batch 16) and the UNIT step (translators sharing the
// latent blocks + two 5-conv discriminators, 256², batch 1), fp32 and bf16, through
// the real trainers (src/train/) and registry networks, each timed against PyTorch (bench/torch_train.py)
// on the same shapes and thread count; then generator inference per image at 256² and 512²; then a leak
// check (RSS and live tensors over --leak-iters pix2pix steps of a small config); then the data loader's
// decode throughput (tessera only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import {
  Adam, autocast, dispose, getNumThreads, keep, liveTensors, manualSeed, noGrad, randn, tidy, type Tensor,
} from '../src/engine/index.js';
import { DataLoader, openDataset } from '../src/data/index.js';
import { buildModel, generatorSpec, initWeights } from '../src/models/index.js';
import type { Module } from '../src/nn/index.js';
import {
  CYCLEGAN_DEFAULTS, CycleGANTrainer, NETWORK_DEFAULTS, PIX2PIX_DEFAULTS, Pix2PixTrainer, SRGAN_DEFAULTS, SRGANTrainer, UNIT_DEFAULTS, UNITTrainer,
  networkSpecs, registryNetworks, type CycleGANNetworks, type UNITNetworks, type NetworkOptions, type Precision, type Trainer,
} from '../src/train/index.js';
import { Reporter, TorchWorker, compareSteps, type BenchOptions } from './report.js';

/** A case as both sides read it; bench/torch_train.py builds the same thing from it. */
export type Spec = { op: 'pix2pix' | 'cyclegan' | 'unit'; side: number } | { op: 'srgan'; side: number; batch: number } | { op: 'infer'; netG: string; side: number }
  | { op: 'adam'; model: 'pix2pix'; fused: boolean };

interface Case { name: string; spec: Spec; dtypes: Precision[]; warmup: number; iters: number }

// Few timed steps for the big cases so the default run stays within a few minutes on 2 busy cores.
const CASES: Case[] = [
  // the optimizer alone over pix2pix's G + D parameters (57M), fused and PyTorch's per-parameter sequence
  { name: 'adam pix2pix params fused', spec: { op: 'adam', model: 'pix2pix', fused: true }, dtypes: ['fp32'], warmup: 2, iters: 7 },
  { name: 'adam pix2pix params per-parameter', spec: { op: 'adam', model: 'pix2pix', fused: false }, dtypes: ['fp32'], warmup: 2, iters: 7 },
  { name: 'pix2pix step 256', spec: { op: 'pix2pix', side: 256 }, dtypes: ['fp32', 'bf16'], warmup: 2, iters: 5 },
  { name: 'cyclegan step 256', spec: { op: 'cyclegan', side: 256 }, dtypes: ['fp32', 'bf16'], warmup: 1, iters: 3 },
  // the papers' sizes: SRGAN 96² HR crops (24² LR) in batches of 16, UNIT 256² crops one at a time
  { name: 'srgan x4 step 96 b16', spec: { op: 'srgan', side: 96, batch: 16 }, dtypes: ['fp32', 'bf16'], warmup: 1, iters: 3 },
  { name: 'unit step 256', spec: { op: 'unit', side: 256 }, dtypes: ['fp32', 'bf16'], warmup: 1, iters: 3 },
  { name: 'infer unet_256 256', spec: { op: 'infer', netG: 'unet_256', side: 256 }, dtypes: ['fp32', 'bf16'], warmup: 2, iters: 7 },
  { name: 'infer unet_256 512', spec: { op: 'infer', netG: 'unet_256', side: 512 }, dtypes: ['fp32'], warmup: 1, iters: 5 },
  { name: 'infer resnet_9blocks 256', spec: { op: 'infer', netG: 'resnet_9blocks', side: 256 }, dtypes: ['fp32', 'bf16'], warmup: 1, iters: 5 },
  { name: 'infer resnet_9blocks 512', spec: { op: 'infer', netG: 'resnet_9blocks', side: 512 }, dtypes: ['fp32'], warmup: 1, iters: 3 },
];

const image = (side: number, n = 1): Tensor => keep(tidy(() => randn([n, 3, side, side]).tanh()));

function networks(o: NetworkOptions, model: 'pix2pix' | 'cyclegan'): Record<string, Module> {
  const nets: Record<string, Module> = {};
  for (const [name, spec] of Object.entries(networkSpecs(model, o))) nets[name] = initWeights(buildModel(spec), { type: o.initType, gain: o.initGain });
  return nets;
}

/** The trainer of a model at the papers' settings; precision as asked. */
export function makeTrainer(model: 'pix2pix' | 'cyclegan', precision: Precision, o: NetworkOptions = NETWORK_DEFAULTS[model]): Trainer {
  const nets = networks(o, model);
  if (model === 'pix2pix') return new Pix2PixTrainer(nets.G!, nets.D!, { ...PIX2PIX_DEFAULTS, precision });
  return new CycleGANTrainer(nets as CycleGANNetworks, { ...CYCLEGAN_DEFAULTS, precision });
}

/** SRGAN (adversarial phase: no pretraining steps) and UNIT through the registry's networks, shared layers tied. */
function familyTrainer(model: 'srgan' | 'unit', precision: Precision): Trainer {
  const nets = registryNetworks(model, NETWORK_DEFAULTS[model]).networks(model);
  if (model === 'srgan') return new SRGANTrainer(nets.G!, nets.D!, { ...SRGAN_DEFAULTS, pretrainIters: 0, precision });
  return new UNITTrainer(nets as UNITNetworks, { ...UNIT_DEFAULTS, precision });
}

/** One step of a case and the cleanup after it. */
export function buildCase(spec: Spec, dtype: Precision): { step: () => void; close: () => void } {
  if (spec.op === 'adam') {
    const params = Object.values(networks(NETWORK_DEFAULTS[spec.model], spec.model)).flatMap((n) => n.parameters());
    const grads = params.map((p) => keep(randn(p.shape)));
    params.forEach((p, i) => { p.grad = grads[i]!; });
    const opt = new Adam(params, { lr: 2e-4, betas: [0.5, 0.999], fused: spec.fused });
    return {
      step: () => opt.step(),
      close: () => { opt.dispose(); params.forEach((p) => { p.grad = null; }); dispose([...grads, ...params]); },
    };
  }
  if (spec.op === 'infer') {
    const norm = spec.netG.startsWith('unet') ? 'batch' : 'instance';
    const G = initWeights(buildModel(generatorSpec({ netG: spec.netG, norm, dropout: false })), { type: 'normal', gain: 0.02 }).eval();
    const x = image(spec.side);
    return {
      step: () => tidy(() => noGrad(() => autocast(() => G.forward(x), dtype === 'bf16').float().sum().item())),
      close: () => { x.dispose(); dispose(G.stateDict()); },
    };
  }
  const trainer = spec.op === 'srgan' || spec.op === 'unit' ? familyTrainer(spec.op, dtype) : makeTrainer(spec.op, dtype);
  const n = spec.op === 'srgan' ? spec.batch : 1;
  const batch = { A: image(spec.side, n), B: image(spec.side, n) };
  return {
    step: () => { trainer.step(batch); },
    close: () => {
      dispose([batch.A, batch.B]);
      dispose(trainer.state().tensors);
    },
  };
}

/** RSS and live tensors before and after `iters` pix2pix steps of a small config (unet_32, 32², ngf 16). */
async function leakCheck(report: Reporter, iters: number): Promise<void> {
  const o: NetworkOptions = { ...NETWORK_DEFAULTS.pix2pix, netG: 'unet_32', ngf: 16, ndf: 16 };
  const trainer = makeTrainer('pix2pix', 'fp32', o);
  const batch = { A: image(32), B: image(32) };
  const warm = Math.min(20, iters);
  for (let i = 0; i < warm; i++) trainer.step(batch);
  const [rss0, live0, t0] = [process.memoryUsage().rss, liveTensors(), process.hrtime.bigint()];
  let rssMid = 0, heapMid = 0;
  for (let i = 0; i < iters; i++) {
    trainer.step(batch);
    // growth in the first half only (then flat) is the allocator settling; growth in both halves is a leak
    if (i === (iters >> 1)) [rssMid, heapMid] = [process.memoryUsage().rss, process.memoryUsage().heapUsed];
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / iters;
  const [rss1, heap1, live1] = [process.memoryUsage().rss, process.memoryUsage().heapUsed, liveTensors()];
  const mb = (b: number) => b / 2 ** 20;
  report.row({
    case: `leak pix2pix unet_32 32² x${iters}`, tessera_ms: ms, torch_ms: NaN, ratio: NaN,
    rss_start_mb: mb(rss0), rss_mid_mb: mb(rssMid), rss_end_mb: mb(rss1), rss_growth_second_half_mb: mb(rss1 - rssMid),
    js_heap_mid_mb: mb(heapMid), js_heap_end_mb: mb(heap1), live_start: live0, live_end: live1,
  });
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
  const report = new Reporter(o.json, ['ratio_cpu', 'ratio_fp32', 'steps']);
  if (!o.json) console.log(`train bench: ${threads} threads; ms per step (training) or per image (inference); tessera and PyTorch steps alternate; medians`);
  try {
    for (const c of CASES.filter((k) => !o.only || k.name.includes(o.only))) {
      let torchFp32 = NaN;
      for (const dtype of c.dtypes) {
        manualSeed(0);
        const { step, close } = buildCase(c.spec, dtype);
        await torch.request({ build: c.spec, dtype });
        for (let i = 0; i < c.warmup; i++) step();
        await torch.request({ steps: c.warmup });
        const iters = o.iters ?? c.iters;
        const row = await compareSteps(`${c.name} ${dtype}`, step, torch, iters, dtype === 'bf16' ? torchFp32 : undefined);
        close();
        if (dtype === 'fp32') torchFp32 = row.torch_ms;
        report.row(row);
      }
    }
  } finally {
    torch.close();
  }
  const leakIters = o.leakIters ?? 50;
  if (leakIters > 0 && (!o.only || 'leak'.includes(o.only))) await leakCheck(report, leakIters);
  if (!o.only || 'loader'.includes(o.only)) {
    const ips = await loaderThroughput();
    report.row({ case: 'loader 512x256 jpeg -> 256 crop, ms per image', tessera_ms: 1000 / ips, torch_ms: NaN, ratio: NaN, images_per_s: ips });
  }
}
