// The part of `tessera doctor --engine` that loads libtorch: its version, threads, the BLAS it mapped,
// CUDA, and a tiny real training step to prove it works.
import fs from 'node:fs';
import { Adam, F, buildInfo, getNumThreads, manualSeed, randn, tidy, liveTensors } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, Sequential, BatchNorm2d, LeakyReLU, Tanh } from '../nn/index.js';

export interface EngineReport {
  torch: string;
  threads: number;
  blas: string;
  cuda: { available: boolean; devices: number };
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

/** Trains a tiny encoder-decoder to copy noise for a few Adam steps; the loss must fall. */
function tinyTrainingStep(steps = 5): EngineReport['trainStep'] {
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

export function engineCheck(): EngineReport {
  const info = buildInfo();
  const trainStep = tinyTrainingStep();
  return {
    torch: info.torchVersion, threads: getNumThreads(), blas: loadedBlas(),
    cuda: { available: info.cuda, devices: info.cudaDevices }, trainStep,
  };
}
