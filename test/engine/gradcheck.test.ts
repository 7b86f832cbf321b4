// Finite-difference gradient checks in float64, independent of PyTorch: the engine's backward
// against central differences of its own forward, plus a plain-loop conv2d forward reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, manualSeed, noGrad, rand, randn, tensor, tidy, type Tensor } from '../../src/engine/index.js';

const f64 = { dtype: 'float64' as const };

/**
 * For L(xs) = sum(f(xs) · gy) with a fixed random gy, compares dL/dx from backward with
 * (L(x + h·e_j) - L(x - h·e_j)) / 2h for every element j of every input.
 */
function gradcheck(label: string, f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], h = 1e-6, tol = 1e-7): void {
  tidy(() => {
    const values = inputs.map((x) => Float64Array.from(x.toArray()));
    const shapes = inputs.map((x) => x.shape);
    const leaves = inputs.map((x) => x.clone().requiresGrad_(true));
    const out = f(...leaves);
    const gy = randn(out.shape, f64);
    out.mul(gy).sum().backward();
    const analytic = leaves.map((x) => x.grad!.toArray());
    const loss = (vals: Float64Array[]) => tidy(() => noGrad(() =>
      f(...vals.map((v, i) => tensor(v, shapes[i], f64))).mul(gy).sum().item()));
    values.forEach((v, i) => {
      for (let j = 0; j < v.length; j++) {
        const x0 = v[j]!;
        v[j] = x0 + h; const up = loss(values);
        v[j] = x0 - h; const down = loss(values);
        v[j] = x0;
        const numeric = (up - down) / (2 * h), a = analytic[i]![j]!;
        assert.ok(Math.abs(numeric - a) <= tol * (1 + Math.abs(a)),
          `${label}: d/d input ${i} element ${j}: backward ${a}, finite difference ${numeric}`);
      }
    });
  });
}

test('conv2d gradients (stride, padding, dilation, groups) agree with finite differences', () => {
  manualSeed(1);
  tidy(() => {
    gradcheck('conv2d', (x, w, b) => F.conv2d(x!, w!, b!, { stride: 2, padding: 1 }),
      [randn([1, 2, 5, 5], f64), randn([3, 2, 3, 3], f64), randn([3], f64)]);
    gradcheck('conv2d groups/dilation', (x, w) => F.conv2d(x!, w!, null, { padding: [2, 1], dilation: [2, 1], groups: 2 }),
      [randn([1, 4, 5, 4], f64), randn([2, 2, 3, 3], f64)]);
  });
});

test('conv_transpose2d gradients agree with finite differences', () => {
  manualSeed(2);
  tidy(() => {
    gradcheck('conv_transpose2d', (x, w, b) => F.convTranspose2d(x!, w!, b!, { stride: 2, padding: 1 }),
      [randn([1, 3, 3, 3], f64), randn([3, 2, 4, 4], f64), randn([2], f64)]);
    gradcheck('conv_transpose2d as four phase convs', (x, w, b) => F.convTranspose4x4s2AsPhases(x!, w!, b!),
      [randn([1, 3, 3, 4], f64), randn([3, 2, 4, 4], f64), randn([2], f64)]);
    gradcheck('conv_transpose2d output padding', (x, w) => F.convTranspose2d(x!, w!, null, { stride: 2, outputPadding: 1 }),
      [randn([1, 2, 3, 2], f64), randn([2, 2, 3, 3], f64)]);
  });
});

test('instance norm gradients (affine) agree with finite differences', () => {
  manualSeed(3);
  tidy(() => {
    gradcheck('instance_norm', (x, w, b) => F.instanceNorm(x!, { weight: w, bias: b, training: true }),
      [randn([2, 3, 3, 4], f64).mul(2), randn([3], f64), randn([3], f64)]);
  });
});

test('leaky_relu gradients agree with finite differences', () => {
  manualSeed(4);
  // inputs kept away from 0, where the slope jumps
  tidy(() => gradcheck('leaky_relu', (x) => x!.leakyRelu(0.2), [randn([20], f64).sign().mul(rand([20], f64).add(0.1))]));
});

test('bce-with-logits gradients (logits and targets) agree with finite differences', () => {
  manualSeed(5);
  tidy(() => gradcheck('bce_with_logits', (x, t) => F.bceWithLogits(x!, t!), [randn([3, 4], f64).mul(3), rand([3, 4], f64)]));
});

/** conv2d by its definition, in plain loops. */
function naiveConv2d(x: number[], xs: number[], w: number[], ws: number[], b: number[],
  [sh, sw]: number[], [ph, pw]: number[], [dh, dw]: number[], groups: number): number[] {
  const [n, cin, h, wd] = xs as [number, number, number, number];
  const [cout, cpg, kh, kw] = ws as [number, number, number, number];
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1, ow = Math.floor((wd + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const opg = cout / groups, out: number[] = [];
  for (let bi = 0; bi < n; bi++) for (let o = 0; o < cout; o++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let s = b[o]!;
    const g = Math.floor(o / opg);
    for (let c = 0; c < cpg; c++) for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) {
      const y = i * sh - ph + u * dh, z = j * sw - pw + v * dw;
      if (y < 0 || y >= h || z < 0 || z >= wd) continue;
      s += x[((bi * cin + g * cpg + c) * h + y) * wd + z]! * w[((o * cpg + c) * kh + u) * kw + v]!;
    }
    out.push(s);
  }
  assert.equal(out.length, n * cout * oh * ow);
  return out;
}

test('conv2d forward equals its definition computed in plain loops', () => {
  manualSeed(6);
  tidy(() => {
    for (const [s, p, d, g] of [[[1, 1], [1, 1], [1, 1], 1], [[2, 1], [0, 2], [1, 2], 2]] as const) {
      const x = randn([2, 4, 6, 5], f64), w = randn([6, 4 / g, 3, 3], f64), b = randn([6], f64);
      const got = F.conv2d(x, w, b, { stride: [...s], padding: [...p], dilation: [...d], groups: g }).toArray();
      const want = naiveConv2d(x.toArray(), x.shape, w.toArray(), w.shape, b.toArray(), [...s], [...p], [...d], g);
      assert.equal(got.length, want.length);
      want.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-10, `element ${i}: ${got[i]} vs ${v}`));
    }
  });
});
