// The engine picks kernels by shape (src/engine/functional.ts); whichever it picks, the results must be
// the ones ATen's default kernel gives, up to float rounding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, call, manualSeed, randn, tidy, type Tensor } from '../../src/engine/index.js';

const relErr = (a: Tensor, b: Tensor) => a.float().sub(b.float()).abs().max().item() / b.float().abs().max().item();

test('fp32 k4 s2 p1 transposed conv of a mid-sized shape (phase rewrite) equals aten conv_transpose2d with its gradients', () => {
  manualSeed(3);
  tidy(() => {
    const x0 = randn([1, 16, 32, 32]), w0 = randn([16, 64, 4, 4]).mul(0.1), b0 = randn([64]), gy = randn([1, 64, 64, 64]);
    const grads = (fn: (x: Tensor, w: Tensor, b: Tensor) => Tensor) => {
      const [x, w, b] = [x0.clone().requiresGrad_(true), w0.clone().requiresGrad_(true), b0.clone().requiresGrad_(true)];
      const y = fn(x, w, b);
      y.mul(gy).sum().backward();
      return [y, x.grad!, w.grad!, b.grad!];
    };
    const ref = grads((x, w, b) => call('aten::conv_transpose2d.input', [x, w, b, [2, 2], [1, 1], [0, 0], 1, [1, 1]]));
    const got = grads((x, w, b) => F.convTranspose2d(x, w, b, { stride: 2, padding: 1 }));
    got.forEach((g, i) => {
      assert.equal(g.dtype, 'float32');
      assert.ok(relErr(g, ref[i]!) < 1e-5, `output/grad ${i}: relative error ${relErr(g, ref[i]!)}`);
    });
  });
});
