// Sequential frees intermediates as it goes and ReLU(true) works in place: the caller's input and the
// result stay usable, and outputs and gradients equal those of the out-of-place, keep-everything chain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, randn, tidy } from '../../src/engine/index.js';
import { Conv2d, Identity, InstanceNorm2d, ReLU, Sequential } from '../../src/nn/index.js';

test('Sequential with in-place ReLU: same output and gradients as out-of-place, input left intact', () => {
  manualSeed(5);
  const conv = new Conv2d(3, 4, 3, { padding: 1 });
  const run = (inplace: boolean) => tidy(() => {
    const net = new Sequential(new Identity(), conv, new InstanceNorm2d(4), new ReLU(inplace), new Identity(), new Conv2d(4, 2, 1), new ReLU(inplace));
    // the second conv is fresh each time: copy the first run's weights in
    const x = randn([1, 3, 6, 6]).requiresGrad_(true);
    return { net, x };
  });
  manualSeed(6);
  const a = run(false);
  manualSeed(6);
  const b = run(true);
  b.net.loadStateDict(a.net.stateDict());
  const x0 = a.x.detach().clone();
  const [ya, yb] = [a.net.forward(a.x), b.net.forward(b.x)];
  assert.equal(a.x.sub(x0).abs().max().item(), 0, 'input unchanged');
  assert.equal(yb.sub(ya).abs().max().item(), 0);
  ya.sum().backward();
  yb.sum().backward();
  assert.ok(a.x.grad && b.x.grad);
  assert.ok(b.x.grad.sub(a.x.grad).abs().max().item() < 1e-6);
  assert.ok(a.x.grad.abs().max().item() > 0, 'gradient reaches the input');
});
