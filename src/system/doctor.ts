// Facts about this machine's engine set-up, and a tiny real training step to prove it works.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Adam, F, buildInfo, getNumThreads, manualSeed, randn, tidy, liveTensors } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, Sequential, BatchNorm2d, LeakyReLU, Tanh } from '../nn/index.js';

export interface DoctorReport {
  node: string;
  torch: string;
  threads: number;
  blas: string;
  cpuBf16: { amx: boolean; avx512bf16: boolean };
  cuda: { available: boolean; devices: number };
  ffmpeg: string | null;
  trainStep: { losses: number[]; msPerStep: number; liveTensorsAfter: number };
}

/** Which BLAS the process actually mapped (the engine must not run on Debian's reference BLAS). */
function loadedBlas(): string {
  const maps = fs.readFileSync('/proc/self/maps', 'utf8');
  const lib = maps.split('\n').map((l) => l.split(/\s+/)[5] ?? '').find((p) => /libblas|openblas|mkl_rt/.test(p));
  if (!lib) return 'none mapped';
  const real = fs.realpathSync(lib);
  return /openblas/.test(real) ? `OpenBLAS (${real})` : `reference BLAS (${real}): install libopenblas0-openmp`;
}

function cpuFlags(): Set<string> {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return new Set((line ?? '').split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}

function ffmpegVersion(): string | null {
  try {
    return execFileSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

/** Trains a tiny encoder-decoder to copy noise for a few Adam steps; the loss must fall. */
function tinyTrainingStep(steps = 5): DoctorReport['trainStep'] {
  manualSeed(0);
  const net = new Sequential(
    new Conv2d(3, 8, 4, { stride: 2, padding: 1 }), new BatchNorm2d(8), new LeakyReLU(0.2),
    new ConvTranspose2d(8, 3, 4, { stride: 2, padding: 1 }), new Tanh());
  const opt = new Adam(net.parameters(), { lr: 2e-3, betas: [0.5, 0.999] });
  const x = randn([2, 3, 32, 32]).tanh();
  const losses: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    tidy(() => {
      const loss = F.l1Loss(net.forward(x), x);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    });
  }
  const msPerStep = (performance.now() - t0) / steps;
  x.dispose();
  opt.dispose();
  net.dispose();
  return { losses, msPerStep, liveTensorsAfter: liveTensors() };
}

export function doctor(): DoctorReport {
  const info = buildInfo();
  const flags = cpuFlags();
  const trainStep = tinyTrainingStep();
  return {
    node: process.version,
    torch: info.torchVersion,
    threads: getNumThreads(),
    blas: loadedBlas(),
    cpuBf16: { amx: flags.has('amx_bf16'), avx512bf16: flags.has('avx512_bf16') },
    cuda: { available: info.cuda, devices: info.cudaDevices },
    ffmpeg: ffmpegVersion(),
    trainStep,
  };
}
