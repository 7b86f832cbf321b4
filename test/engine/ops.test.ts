// Every engine op against PyTorch 1.13 on the same inputs: forward values and input/weight gradients.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, autocast, call, cat, randn, tidy, type Tensor } from '../../src/engine/index.js';
import { assertClose, engineFixtures, type Tolerance } from './fixtures.js';

const fx = engineFixtures();

/** Runs fn on the case's stored inputs, compares out, then d sum(out·gy) / d input for each stored grad. */
function checkCase(c: string, inputs: string[], fn: (...xs: Tensor[]) => Tensor, tol?: Tolerance): void {
  tidy(() => {
    const xs = inputs.map((n) => fx.get(c, n).clone().requiresGrad_(fx.has(c, `grad_${n}`)));
    const out = fn(...xs);
    assertClose(out, fx.get(c, 'out'), `${c} forward`, tol);
    out.mul(fx.get(c, 'gy')).sum().backward();
    inputs.forEach((n, i) => {
      if (fx.has(c, `grad_${n}`)) assertClose(xs[i]!.grad, fx.get(c, `grad_${n}`), `${c} d/d${n}`, tol);
    });
  });
}

for (const c of ['conv2d_basic', 'conv2d_stride2', 'conv2d_dilation', 'conv2d_groups']) {
  test(`${c} matches PyTorch`, () => {
    const p = fx.params(c);
    checkCase(c, ['x', 'w', 'b'], (x, w, b) => F.conv2d(x!, w!, b!, p));
  });
}

for (const c of ['conv_transpose2d_k4s2p1', 'conv_transpose2d_outpad', 'conv_transpose2d_groups_dil']) {
  test(`${c} matches PyTorch`, () => {
    const p = fx.params(c);
    checkCase(c, ['x', 'w', 'b'], (x, w, b) => F.convTranspose2d(x!, w!, b!, { ...p, outputPadding: p.output_padding }));
  });
}

test('k4 s2 p1 transposed conv rewritten as four 2x2 phase convs, or conv3x3 + pixel_shuffle, matches PyTorch (in fp32)', () => {
  const c = 'conv_transpose2d_k4s2p1';
  checkCase(c, ['x', 'w', 'b'], (x, w, b) => F.convTranspose4x4s2AsPhases(x!, w!, b!));
  checkCase(c, ['x', 'w', 'b'], (x, w, b) => F.convTranspose4x4s2AsSubpixel(x!, w!, b!));
});

test('under bf16 autocast large k4 s2 p1 transposed convs run in bf16 (the phase path in libtorch 1.13)', () => {
  tidy(() => {
    const big = randn([1, 64, 32, 32]), wBig = randn([64, 128, 4, 4]).mul(0.05), bBig = randn([128]);
    const ref = F.convTranspose2d(big, wBig, bBig, { stride: 2, padding: 1 });
    const low = autocast(() => F.convTranspose2d(big, wBig, bBig, { stride: 2, padding: 1 }));
    assert.equal(low.dtype, 'bfloat16');
    const rel = low.float().sub(ref).abs().max().item() / ref.abs().max().item();
    assert.ok(rel < 0.02, `bf16 relative error ${rel}`);
    // small inputs keep libtorch's own kernel, as PyTorch's autocast does: fp32 in 1.13, bf16 where it has one
    const small = autocast(() => F.convTranspose2d(randn([1, 64, 8, 8]), wBig, bBig, { stride: 2, padding: 1 }));
    assert.equal(small.dtype, F.libtorchHasBf16ConvTranspose() ? 'bfloat16' : 'float32');
  });
});

for (const c of ['batch_norm_train', 'batch_norm_eval']) {
  test(`${c}: output, gradients and running stats match PyTorch`, () => {
    const p = fx.params(c);
    tidy(() => {
      const rm = fx.get(c, 'running_mean_before').clone(), rv = fx.get(c, 'running_var_before').clone();
      checkCase(c, ['x', 'w', 'b'], (x, w, b) => F.batchNorm(x!, { weight: w, bias: b, runningMean: rm, runningVar: rv, ...p, training: p.training }));
      assertClose(rm, fx.get(c, 'running_mean_after'), `${c} running_mean`);
      assertClose(rv, fx.get(c, 'running_var_after'), `${c} running_var`);
    });
  });
}

test('instance norm (affine) matches PyTorch', () => {
  checkCase('instance_norm_affine', ['x', 'w', 'b'], (x, w, b) => F.instanceNorm(x!, { weight: w, bias: b, training: true }));
});
test('instance norm (no affine, no running stats) matches PyTorch in train and eval', () => {
  checkCase('instance_norm_plain', ['x'], (x) => F.instanceNorm(x!, { training: true }));
  checkCase('instance_norm_plain', ['x'], (x) => F.instanceNorm(x!, { training: false }));
});

test('dropout p=0 is the identity and p=1 zeroes, with matching gradients', () => {
  checkCase('dropout_p0', ['x'], (x) => F.dropout(x!, 0, true));
  checkCase('dropout_p1', ['x'], (x) => F.dropout(x!, 1, true));
});

test('activations match PyTorch', () => {
  checkCase('leaky_relu', ['x'], (x) => x!.leakyRelu(fx.params('leaky_relu').slope));
  checkCase('relu', ['x'], (x) => x!.relu());
  checkCase('tanh', ['x'], (x) => x!.tanh());
  checkCase('sigmoid', ['x'], (x) => x!.sigmoid());
});

test('reflection, replication and zero padding match PyTorch', () => {
  for (const c of ['pad_reflect', 'pad_replicate', 'pad_zeros']) {
    const p = fx.params(c);
    checkCase(c, ['x'], (x) => F.pad2d(x!, p.padding, p.mode));
  }
});

test('cat, slice and pixel_shuffle match PyTorch', () => {
  checkCase('cat', ['a', 'b'], (a, b) => cat([a!, b!], fx.params('cat').dim));
  const s = fx.params('slice');
  checkCase('slice', ['x'], (x) => x!.slice(s.dim, s.start, s.end, s.step));
  checkCase('pixel_shuffle', ['x'], (x) => F.pixelShuffle(x!, fx.params('pixel_shuffle').r));
});

test('broadcasting arithmetic matches PyTorch (values and reduced gradients)', () => {
  checkCase('arith_add', ['a', 'b'], (a, b) => a!.add(b!));
  checkCase('arith_sub', ['a', 'b'], (a, b) => a!.sub(b!));
  checkCase('arith_mul', ['a', 'b'], (a, b) => a!.mul(b!));
  checkCase('arith_div', ['a', 'b'], (a, b) => a!.div(b!));
  checkCase('arith_pow', ['a', 'b'], (a, b) => a!.pow(b!));
});

test('reductions match PyTorch', () => {
  checkCase('reduce_sum_all', ['x'], (x) => x!.sum());
  checkCase('reduce_sum_dims', ['x'], (x) => x!.sum([0, 2], true));
  checkCase('reduce_mean_dim', ['x'], (x) => x!.mean(1));
  checkCase('reduce_var_dim', ['x'], (x) => x!.var(2, true));
  checkCase('reduce_var_biased', ['x'], (x) => x!.var([1, 2], false, true));
  checkCase('reduce_amax', ['x'], (x) => x!.amax(1));
  checkCase('abs', ['x'], (x) => x!.abs());
  checkCase('square', ['x'], (x) => x!.square());
});

test('mse, l1 and bce-with-logits losses match PyTorch', () => {
  checkCase('mse_loss', ['x', 'target'], (x, t) => F.mseLoss(x!, t!));
  checkCase('l1_loss', ['x', 'target'], (x, t) => F.l1Loss(x!, t!));
  checkCase('bce_with_logits', ['x', 'target'], (x, t) => F.bceWithLogits(x!, t!));
});

test('nearest and bilinear interpolation match PyTorch', () => {
  checkCase('interp_nearest', ['x'], (x) => F.interpolate(x!, { scale: 2, mode: 'nearest' }));
  const b = fx.params('interp_bilinear');
  checkCase('interp_bilinear', ['x'], (x) => F.interpolate(x!, { size: b.size, mode: 'bilinear', alignCorners: false }));
  const ac = fx.params('interp_bilinear_ac');
  checkCase('interp_bilinear_ac', ['x'], (x) => F.interpolate(x!, { size: ac.size, mode: 'bilinear', alignCorners: true }));
  // the same op reached by schema name
  checkCase('interp_bilinear_ac', ['x'], (x) => call('aten::upsample_bilinear2d.vec', [x, ac.size, true, null]));
});
