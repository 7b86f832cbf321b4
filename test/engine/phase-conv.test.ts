// The k4 s2 p1 transposed convolution rewritten as four 2x2 phase convolutions is the same linear map as
// ATen's conv_transpose2d: in float64 the output and all three gradients agree to rounding (1e-12), on odd
// and even, square and non-square inputs, with and without bias.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, call, manualSeed, randn, tidy, type Tensor } from '../../src/engine/index.js';

const f64 = { dtype: 'float64' as const };

function maxDiff(a: Tensor | null, b: Tensor | null): number {
  assert.ok(a && b, 'missing gradient');
  return a.sub(b).abs().max().item();
}

/** Output and d(sum(out·gy))/d(x, w, b) of one formulation. */
function run(fn: (x: Tensor, w: Tensor, b: Tensor | null) => Tensor, x0: Tensor, w0: Tensor, b0: Tensor | null, gy: Tensor) {
  const [x, w] = [x0.clone().requiresGrad_(true), w0.clone().requiresGrad_(true)];
  const b = b0 ? b0.clone().requiresGrad_(true) : null;
  const out = fn(x, w, b);
  out.mul(gy).sum().backward();
  return { out, gx: x.grad, gw: w.grad, gb: b ? b.grad : null };
}

for (const [shape, cout, bias] of [[[2, 5, 7, 6], 3, true], [[1, 4, 8, 8], 6, false], [[1, 3, 1, 1], 2, true]] as const) {
  test(`phase rewrite equals aten conv_transpose2d in float64: x ${shape.join('x')}, cout ${cout}, bias ${bias}`, () => {
    manualSeed(7);
    tidy(() => {
      const x = randn([...shape], f64), w = randn([shape[1], cout, 4, 4], f64), b = bias ? randn([cout], f64) : null;
      const aten = (xi: Tensor, wi: Tensor, bi: Tensor | null) =>
        call('aten::conv_transpose2d.input', [xi, wi, bi, [2, 2], [1, 1], [0, 0], 1, [1, 1]]);
      const gy = randn([shape[0], cout, 2 * shape[2], 2 * shape[3]], f64);
      const ref = run(aten, x, w, b, gy);
      for (const [name, fn] of [['four convs', F.convTranspose4x4s2AsPhases], ['one conv', F.convTranspose4x4s2AsOneConv]] as const) {
        const got = run(fn, x, w, b, gy);
        assert.deepEqual(got.out.shape, ref.out.shape, name);
        assert.equal(got.out.dtype, 'float64');
        for (const k of ['out', 'gx', 'gw'] as const) assert.ok(maxDiff(got[k], ref[k]) < 1e-12, `${name} ${k}: ${maxDiff(got[k], ref[k])}`);
        if (bias) assert.ok(maxDiff(got.gb, ref.gb) < 1e-12, `${name} gb: ${maxDiff(got.gb, ref.gb)}`);
      }
    });
  });
}

for (const [shape, cout, bias] of [[[2, 5, 7, 6], 3, true], [[1, 4, 8, 8], 6, false], [[1, 3, 1, 1], 2, true]] as const) {
  test(`k3 s2 p1 op1 phase rewrite equals aten conv_transpose2d in float64: x ${shape.join('x')}, cout ${cout}, bias ${bias}`, () => {
    manualSeed(8);
    tidy(() => {
      const x = randn([...shape], f64), w = randn([shape[1], cout, 3, 3], f64), b = bias ? randn([cout], f64) : null;
      const aten = (xi: Tensor, wi: Tensor, bi: Tensor | null) =>
        call('aten::conv_transpose2d.input', [xi, wi, bi, [2, 2], [1, 1], [1, 1], 1, [1, 1]]);
      const gy = randn([shape[0], cout, 2 * shape[2], 2 * shape[3]], f64);
      const ref = run(aten, x, w, b, gy);
      for (const [name, fn] of [['four convs', F.convTranspose3x3s2AsPhases], ['one conv', F.convTranspose3x3s2AsOneConv]] as const) {
        const got = run(fn, x, w, b, gy);
        assert.deepEqual(got.out.shape, ref.out.shape, name);
        for (const k of ['out', 'gx', 'gw'] as const) assert.ok(maxDiff(got[k], ref[k]) < 1e-12, `${name} ${k}: ${maxDiff(got[k], ref[k])}`);
        if (bias) assert.ok(maxDiff(got.gb, ref.gb) < 1e-12, `${name} gb: ${maxDiff(got.gb, ref.gb)}`);
      }
    });
  });
}
