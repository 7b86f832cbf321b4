// Engine bench: GAN-sized layers and a small U-Net, forward + backward, fp32 and bf16 autocast,
// each timed in tessera and in PyTorch (bench/torch_engine.py) on the same shapes and thread count.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  F, autocast, cat, getNumThreads, keep, manualSeed, ones, randn, tidy, zeros, type Tensor,
} from '../src/engine/index.js';
import { Reporter, TorchWorker, compareSteps, timeMs, type BenchOptions } from './report.js';

type Dtype = 'fp32' | 'bf16';
/** A case as both sides read it; bench/torch_engine.py builds the same thing from it. */
export type Spec =
  | { op: 'conv2d' | 'conv_transpose2d'; x: number[]; cout: number; k: number; s: number; p: number }
  | { op: 'batch_norm' | 'instance_norm'; x: number[] }
  | UnetSpec;
type UnetSpec = { op: 'unet'; x: number[]; ngf: number; depth: number };

const CASES: { name: string; spec: Spec }[] = [
  { name: 'conv2d 64>128 k4s2 1x64x128x128', spec: { op: 'conv2d', x: [1, 64, 128, 128], cout: 128, k: 4, s: 2, p: 1 } },
  { name: 'conv2d 256>256 k3 1x256x32x32', spec: { op: 'conv2d', x: [1, 256, 32, 32], cout: 256, k: 3, s: 1, p: 1 } },
  { name: 'convT 128>64 k4s2 1x128x64x64', spec: { op: 'conv_transpose2d', x: [1, 128, 64, 64], cout: 64, k: 4, s: 2, p: 1 } },
  { name: 'convT 256>128 k4s2 1x256x32x32', spec: { op: 'conv_transpose2d', x: [1, 256, 32, 32], cout: 128, k: 4, s: 2, p: 1 } },
  { name: 'batchnorm 1x64x128x128', spec: { op: 'batch_norm', x: [1, 64, 128, 128] } },
  { name: 'batchnorm 1x256x32x32', spec: { op: 'batch_norm', x: [1, 256, 32, 32] } },
  { name: 'instancenorm 1x64x128x128', spec: { op: 'instance_norm', x: [1, 64, 128, 128] } },
  { name: 'instancenorm 1x256x32x32', spec: { op: 'instance_norm', x: [1, 256, 32, 32] } },
  { name: 'unet ngf32 depth5 1x3x128x128', spec: { op: 'unet', x: [1, 3, 128, 128], ngf: 32, depth: 5 } },
  // pix2pix's unet_256 generator (ngf 64, 8 levels): the network the DESIGN's speed bar is about
  { name: 'unet ngf64 depth8 1x3x256x256', spec: { op: 'unet', x: [1, 3, 256, 256], ngf: 64, depth: 8 } },
];
const WARMUP = 3;

/** Leaf tensors a case trains (so their grads are computed and cleared each step). */
function leaf(t: Tensor): Tensor { return keep(t).requiresGrad_(true); }

/** Builds one fwd+bwd step for a case; returns it and the tensors to free afterwards. */
function buildStep(spec: Spec, dtype: Dtype): { step: () => void; owned: Tensor[] } {
  const bf16 = dtype === 'bf16';
  const owned: Tensor[] = [];
  const own = (t: Tensor) => { owned.push(t); return t; };
  let forward: () => Tensor;
  if (spec.op === 'conv2d' || spec.op === 'conv_transpose2d') {
    const cin = spec.x[1]!;
    const x = own(leaf(randn(spec.x)));
    const w = own(leaf(randn(spec.op === 'conv2d' ? [spec.cout, cin, spec.k, spec.k] : [cin, spec.cout, spec.k, spec.k]).mul(0.02)));
    const b = own(leaf(zeros([spec.cout])));
    const o = { stride: spec.s, padding: spec.p };
    forward = spec.op === 'conv2d' ? () => F.conv2d(x, w, b, o) : () => F.convTranspose2d(x, w, b, o);
  } else if (spec.op === 'batch_norm' || spec.op === 'instance_norm') {
    const c = spec.x[1]!;
    // under bf16 the input arrives in bf16, as from an autocast convolution; weights stay fp32
    const x = own(leaf(tidy(() => (bf16 ? randn(spec.x).to('bfloat16') : randn(spec.x)))));
    if (spec.op === 'batch_norm') {
      const [weight, bias] = [own(leaf(ones([c]))), own(leaf(zeros([c])))];
      const [runningMean, runningVar] = [own(keep(zeros([c]))), own(keep(ones([c])))];
      forward = () => F.batchNorm(x, { weight, bias, runningMean, runningVar, training: true });
    } else {
      forward = () => F.instanceNorm(x, { training: true }); // CycleGAN's: no affine, no running stats
    }
  } else {
    forward = unet(spec as UnetSpec, own);
  }
  const gy = own(keep(tidy(() => { const y = autocast(forward, bf16); return randn(y.shape).to(y.dtype); })));
  const step = () => {
    tidy(() => autocast(forward, bf16).backward(gy));
    for (const t of owned) if (t.requiresGrad) t.grad = null;
  };
  return { step, owned };
}

/** pix2pix-style U-Net: LeakyReLU-conv-BN down, ReLU-convT-BN up, skips by concatenation, tanh out. */
function unet(spec: UnetSpec, own: (t: Tensor) => Tensor): () => Tensor {
  const ch = Array.from({ length: spec.depth }, (_, i) => spec.ngf * Math.min(2 ** i, 8));
  const x = own(keep(randn(spec.x)));
  const w = (shape: number[]) => own(leaf(randn(shape).mul(0.02)));
  const bn = (c: number) => ({
    weight: own(leaf(ones([c]))), bias: own(leaf(zeros([c]))), runningMean: own(keep(zeros([c]))), runningVar: own(keep(ones([c]))),
  });
  const down = ch.map((c, i) => ({ w: w([c, i ? ch[i - 1]! : spec.x[1]!, 4, 4]), bn: i > 0 && i < spec.depth - 1 ? bn(c) : null }));
  const up = ch.map((c, i) => {
    const cin = i === spec.depth - 1 ? c : 2 * c, cout = i ? ch[i - 1]! : spec.x[1]!;
    return { w: w([cin, cout, 4, 4]), b: i === 0 ? own(leaf(zeros([cout]))) : null, bn: i > 0 ? bn(cout) : null };
  });
  return () => {
    const skips: Tensor[] = [];
    let h = x;
    down.forEach((d, i) => {
      if (i > 0) h = h.leakyRelu(0.2);
      h = F.conv2d(h, d.w, null, { stride: 2, padding: 1 });
      if (d.bn) h = F.batchNorm(h, { ...d.bn, training: true });
      skips.push(h);
    });
    for (let i = spec.depth - 1; i >= 0; i--) {
      const u = up[i]!;
      if (i < spec.depth - 1) h = cat([h, skips[i]!], 1);
      h = F.convTranspose2d(h.relu(), u.w, u.b, { stride: 2, padding: 1 });
      if (u.bn) h = F.batchNorm(h, { ...u.bn, training: true });
    }
    return h.tanh();
  };
}

/** Enough steps for ~0.4 s per side (10 to 200), from the time of one warm step. */
function itersFor(oneStepMs: number): number {
  return Math.max(10, Math.min(200, Math.round(400 / Math.max(oneStepMs, 0.01))));
}

export async function run(o: BenchOptions): Promise<void> {
  const threads = getNumThreads();
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'torch_engine.py');
  const torch = new TorchWorker(script, [String(threads)]);
  const report = new Reporter(o.json, ['ratio_cpu', 'torch_fp32_ms', 'ratio_fp32', 'torch_out', 'steps']);
  if (!o.json) console.log(`engine bench: ${threads} threads; fwd+bwd per step; warm-up ${WARMUP}, then tessera and PyTorch steps alternate; medians`);
  try {
    for (const c of CASES.filter((k) => !o.only || k.name.includes(o.only))) {
      let torchFp32 = NaN;
      for (const dtype of ['fp32', 'bf16'] as const) {
        manualSeed(0);
        const { step, owned } = buildStep(c.spec, dtype);
        const { out_dtype } = await torch.request<{ out_dtype: string }>({ build: c.spec, dtype });
        const warm = timeMs(step, WARMUP, 1);
        await torch.request({ steps: WARMUP });
        const iters = o.iters ?? itersFor(warm);
        const row = await compareSteps(`${c.name} ${dtype}`, step, torch, iters, dtype === 'bf16' ? torchFp32 : undefined);
        for (const t of owned) t.dispose();
        if (dtype === 'fp32') torchFp32 = row.torch_ms;
        report.row({ ...row, torch_out: out_dtype });
      }
    }
  } finally {
    torch.close();
  }
}
