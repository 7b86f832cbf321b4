import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, liveTensors, randn, tensor, tidy, noGrad, zeros, autocast } from '../../src/engine/index.js';

test('arithmetic matches hand-computed values', () => {
  tidy(() => {
    const a = tensor([1, 2, 3, 4], [2, 2]);
    const b = tensor([10, 20], [2]);
    assert.deepEqual(a.add(b).toArray(), [11, 22, 13, 24]);
    assert.deepEqual(a.mul(2).sub(1).toArray(), [1, 3, 5, 7]);
    assert.equal(a.sum().item(), 10);
    assert.deepEqual(a.mean(1).toArray(), [1.5, 3.5]);
    assert.deepEqual(a.shape, [2, 2]);
  });
});

test('backward gives d/dx sum(x^2) = 2x', () => {
  const x = tensor([1, -2, 3], [3], { requiresGrad: true });
  tidy(() => x.square().sum().backward());
  const g = x.grad!;
  assert.deepEqual(g.toArray(), [2, -4, 6]);
  g.dispose();
  x.dispose();
});

test('tidy frees temporaries and keeps the result', () => {
  const before = liveTensors();
  const kept = tidy(() => {
    const a = randn([4, 4]);
    a.mul(3).add(1);
    return a.relu();
  });
  assert.equal(liveTensors(), before + 1);
  kept.dispose();
  assert.equal(liveTensors(), before);
});

test('in-place ops return the same tensor object', () => {
  tidy(() => {
    const a = zeros([3]);
    assert.equal(a.add_(2), a);
    assert.deepEqual(a.toArray(), [2, 2, 2]);
  });
});

test('bad calls throw clear errors and do not abort', () => {
  const a = randn([2, 3]);
  assert.throws(() => tidy(() => a.matmul(randn([2, 3]))), /cannot be multiplied/);
  assert.throws(() => tidy(() => a.add(randn([4]))), /must match the size/);
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /do not fill shape/);
  a.dispose();
  assert.throws(() => a.add(1), /disposed/);
  assert.throws(() => tidy(() => F.conv2d(randn([1, 3, 8, 8]), randn([4, 2, 3, 3]))), /expected input.*to have 2 channels|channels/);
});

test('noGrad stops recording', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  x.dispose(); y.dispose();
});

test('bf16 transposed convolution equals the fp32 one to bf16 precision', () => {
  tidy(() => {
    const x = randn([1, 64, 64, 64]); // large enough for the bf16 rewrite (F.convTranspose2d)
    const w = randn([64, 32, 4, 4]).mul(0.1);
    const b = randn([32]);
    const ref = F.convTranspose2d(x, w, b, { stride: 2, padding: 1 });
    const exact = F.convTranspose4x4s2AsSubpixel(x, w, b);
    assert.ok(ref.sub(exact).abs().max().item() < 1e-5);
    const low = autocast(() => F.convTranspose2d(x, w, b, { stride: 2, padding: 1 }));
    assert.equal(low.dtype, 'bfloat16');
    const rel = low.float().sub(ref).abs().max().item() / ref.abs().max().item();
    assert.ok(rel < 0.02, `relative error ${rel}`);
  });
});
