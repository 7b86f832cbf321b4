// The region scores against independent references: PSNR and gradient energy by hand, SSIM against
// PyTorch (Debian's python3-torch) computing the same definition (luma, 11×11 Gaussian σ 1.5, edges
// clamped, the usual constants) on the same pixels.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { boxesToMask } from '../../src/image/mask.js';
import type { Raster } from '../../src/image/raster.js';
import { gradientEnergy, psnr, ssim } from '../../src/restore/metrics.js';
import { Mulberry32 } from '../../src/util/rng.js';

function noisy(w: number, h: number, seed: number): Raster {
  const rng = new Mulberry32(seed), data = new Uint8Array(w * h * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(80 + 40 * Math.sin(i / 37) + 100 * rng.random());
  return { data, width: w, height: h, channels: 3 };
}

test('psnr and gradient energy by hand, inside the box only', () => {
  const a: Raster = { data: new Uint8Array(4 * 3 * 3), width: 4, height: 3, channels: 3 };
  const b: Raster = { ...a, data: new Uint8Array(a.data) };
  b.data.fill(10); // outside the box too: must not count
  const box = { x: 1, y: 1, w: 2, h: 1 }, mask = boxesToMask(4, 3, [box]);
  assert.equal(psnr(a, b, mask, box), 10 * Math.log10(255 ** 2 / 100));
  // luma 0 at (1,1) and 255·(0.299+0.587+0.114) = 255 at (2,1): one horizontal pair inside the box
  const g: Raster = { ...a, data: new Uint8Array(a.data) };
  g.data.set([255, 255, 255], (1 * 4 + 2) * 3);
  g.data.set([255, 255, 255], (0 * 4 + 1) * 3); // above the box: its pair with (1,1) is outside the region
  assert.ok(Math.abs(gradientEnergy(g, mask, box) - 255 ** 2) < 1e-2);
});

test('ssim equals PyTorch on the same pixels (region inside a larger photo)', () => {
  const py = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (py.status !== 0) return assert.fail('python3-torch is needed (scripts/setup.sh installs it)');
  const W = 64, H = 48, a = noisy(W, H, 1), b = noisy(W, H, 2);
  for (let i = 0; i < a.data.length; i += 5) b.data[i] = a.data[i]!; // partly correlated
  const box = { x: 9, y: 7, w: 30, h: 25 }, mask = boxesToMask(W, H, [box]);
  const ours = ssim(a, b, mask, box);
  const script = `
import json, sys, torch
d = json.load(sys.stdin); W, H = d['W'], d['H']; bx, by, bw, bh = d['box']
def luma(v):
    t = torch.tensor(v, dtype=torch.float64).reshape(H, W, 3)
    return 0.299 * t[..., 0] + 0.587 * t[..., 1] + 0.114 * t[..., 2]
x, y = luma(d['a']), luma(d['b'])
x0, y0 = max(0, bx - 5), max(0, by - 5); x1, y1 = min(W, bx + bw + 5), min(H, by + bh + 5)
x, y = x[y0:y1, x0:x1], y[y0:y1, x0:x1]
g = torch.exp(-torch.arange(-5, 6, dtype=torch.float64) ** 2 / (2 * 1.5 ** 2)); g /= g.sum()
def blur(p):
    p = torch.nn.functional.pad(p[None, None], (5, 5, 5, 5), mode='replicate')
    p = torch.nn.functional.conv2d(p, g.view(1, 1, 1, 11))
    return torch.nn.functional.conv2d(p, g.view(1, 1, 11, 1))[0, 0]
mx, my = blur(x), blur(y)
vx, vy, cov = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
s = ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx ** 2 + my ** 2 + C1) * (vx + vy + C2))
print(float(s[by - y0:by - y0 + bh, bx - x0:bx - x0 + bw].mean()))`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], {
    encoding: 'utf8', input: JSON.stringify({ W, H, box: [box.x, box.y, box.w, box.h], a: [...a.data], b: [...b.data] }),
  });
  assert.equal(r.status, 0, r.stderr);
  const ref = Number(r.stdout);
  assert.ok(ref > 0.05 && ref < 0.95, `a test that can tell: reference SSIM ${ref}`);
  assert.ok(Math.abs(ours - ref) < 1e-5, `ssim ${ours} vs PyTorch ${ref}`);
});
