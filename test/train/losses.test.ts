import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy } from '../../src/engine/index.js';
import { ganLoss, gradientPenalty, l1Loss, lumaSsim } from '../../src/train/index.js';
import { ssim } from '../../src/restore/metrics.js';
import { boxesToMask } from '../../src/image/mask.js';
import { Mulberry32 } from '../../src/util/rng.js';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const softplus = (x: number) => Math.log1p(Math.exp(x));

test('vanilla GAN loss is BCE with logits against 1 / 0', () => tidy(() => {
  const xs = [0, 2, -1, 0.5];
  const p = tensor(xs, [1, 1, 2, 2]);
  close(ganLoss('vanilla', p, true).item(), mean(xs.map((x) => softplus(-x))));
  close(ganLoss('vanilla', p, false).item(), mean(xs.map((x) => softplus(x))));
}));

test('lsgan loss is MSE against 1 / 0; wgangp is -mean / +mean', () => tidy(() => {
  const xs = [0, 2, -1, 0.5];
  const p = tensor(xs, [4]);
  close(ganLoss('lsgan', p, true).item(), mean(xs.map((x) => (x - 1) ** 2)));
  close(ganLoss('lsgan', p, false).item(), mean(xs.map((x) => x ** 2)));
  close(ganLoss('wgangp', p, true).item(), -mean(xs));
  close(ganLoss('wgangp', p, false).item(), mean(xs));
}));

test('L1 loss is the mean absolute difference', () => tidy(() => {
  close(l1Loss(tensor([1, -2, 3], [3]), tensor([0, 0, 5], [3])).item(), (1 + 2 + 2) / 3);
}));

test('gradient penalty of a linear critic is λ(‖w‖ − 1)² and it has a gradient', () => tidy(() => {
  const wv = [0.5, -1, 2, 0.25];
  const w = tensor(wv, [1, 1, 2, 2], { requiresGrad: true });
  const critic = (x: ReturnType<typeof tensor>) => x.mul(w).sum([1, 2, 3]);
  const real = tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 2]);
  const fake = tensor([0, 0, 1, 1, -1, 2, 0, 3], [2, 1, 2, 2]);
  const gp = gradientPenalty(critic, real, fake, 10);
  const norm = Math.sqrt(wv.reduce((s, v) => s + v * v, 0));
  close(gp.item(), 10 * (norm - 1) ** 2, 1e-4);
  gp.backward(); // createGraph: the penalty differentiates with respect to the critic's weights
  const g = w.grad!;
  // d/dw λ(‖w‖−1)² = 2λ(‖w‖−1)·w/‖w‖
  g.toArray().forEach((v, i) => close(v, (2 * 10 * (norm - 1) * wv[i]!) / norm, 1e-3));
  g.dispose();
  w.dispose();
}));

test('the SSIM loss term equals the SSIM the restore evaluation reports, and SSIM(x, x) = 1', () => tidy(() => {
  // 24×24: the window fits around the inner 14×14 pixels, where the metric's clamped blur reads no edge
  const S = 24, rng = new Mulberry32(3);
  const a = new Uint8Array(S * S * 3), b = new Uint8Array(S * S * 3);
  for (let i = 0; i < S * S; i++) for (let c = 0; c < 3; c++) {
    const x = i % S, y = Math.floor(i / S), smooth = 120 + 60 * Math.sin(x / 3 + c) * Math.cos(y / 4);
    a[i * 3 + c] = Math.round(smooth);
    b[i * 3 + c] = Math.max(0, Math.min(255, Math.round(smooth + 40 * (rng.random() - 0.5) + 10)));
  }
  const raster = (d: Uint8Array) => ({ data: d, width: S, height: S, channels: 3 });
  const planar = (d: Uint8Array) => {
    const out = new Float32Array(3 * S * S);
    for (let i = 0; i < S * S; i++) for (let c = 0; c < 3; c++) out[c * S * S + i] = d[i * 3 + c]! / 127.5 - 1;
    return tensor(out, [1, 3, S, S]);
  };
  const box = { x: 5, y: 5, w: S - 10, h: S - 10 };
  const expected = ssim(raster(a), raster(b), boxesToMask(S, S, [box]), box);
  assert.ok(expected < 0.9, `the pair differs (SSIM ${expected})`);
  close(lumaSsim(planar(a), planar(b)).item(), expected, 1e-4);
  close(lumaSsim(planar(a), planar(a)).item(), 1, 1e-5);
}));
