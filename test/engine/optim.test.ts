// The fused Adam kernels beside PyTorch's per-parameter sequence (itself checked against torch.optim.Adam in
// layers.test.ts) where the fixtures cannot go: parameters spanning many of the kernel's chunks, a
// channels_last weight, bf16 and float64 parameters, parameters without gradients, resume, and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Adam, call, dispose, hasKernel, keep, manualSeed, randn, tidy, type AdamOptions, type DType, type Tensor,
} from '../../src/engine/index.js';
import { assertClose } from './fixtures.js';

const FUSED: NonNullable<AdamOptions['fused']>[] = ['tessera::adam_', ...(hasKernel('aten::_fused_adam_', 'CPU') ? ['aten::_fused_adam_' as const] : [])];
const OPTS: AdamOptions = { lr: 0.03, betas: [0.5, 0.999], eps: 1e-4, weightDecay: 0.05 };

/** Fresh copies of `init` trained for `steps` steps on the same seeded gradients; the parameters and moments after. */
function train(init: Tensor[], fused: AdamOptions['fused'], steps: number, o: AdamOptions & { gradDtype?: DType } = OPTS): { ps: Tensor[]; opt: Adam } {
  const ps = init.map((t) => keep(t.clone()).requiresGrad_(true));
  const opt = new Adam(ps, { ...o, fused });
  manualSeed(5);
  for (let s = 0; s < steps; s++) {
    // gradDtype: gradients drawn at that precision, then given to the parameters' dtype
    tidy(() => ps.forEach((p) => { p.grad = randn(p.shape).mul(s % 2 ? 0.1 : 1).to(o.gradDtype ?? p.dtype).to(p.dtype); }));
    opt.step();
  }
  return { ps, opt };
}

function compare(init: Tensor[], label: string, tol: { rtol: number; atol: number }, o?: AdamOptions): void {
  const ref = train(init, false, 4, o);
  for (const kernel of FUSED) {
    const got = train(init, kernel, 4, o);
    got.ps.forEach((p, i) => assertClose(p.float(), ref.ps[i]!.float(), `${kernel} ${label} param ${i}`, tol));
    const [a, b] = [got.opt.state().tensors, ref.opt.state().tensors];
    for (const k of Object.keys(b)) assertClose(a[k]!.float(), b[k]!.float(), `${kernel} ${label} ${k}`, tol);
    got.opt.dispose();
    dispose(got.ps);
  }
  ref.opt.dispose();
  dispose(ref.ps);
}

test('fused Adam equals the per-parameter path over parameters spanning many chunks, with tails', () => {
  manualSeed(1);
  const init = [randn([100003]), randn([64, 3, 4, 4]), randn([65541]), randn([1])].map(keep);
  tidy(() => compare(init, 'large', { rtol: 1e-6, atol: 1e-7 }));
  dispose(init);
});

test('fused Adam walks a channels_last weight in its own layout (a contiguous gradient set by hand too)', () => {
  manualSeed(2);
  const w = keep(tidy(() => randn([8, 5, 3, 3]).contiguous('channels_last')));
  tidy(() => {
    const { ps, opt } = train([w], 'tessera::adam_', 3);
    const ref = train([w], false, 3);
    assertClose(ps[0]!.contiguous(), ref.ps[0]!.contiguous(), 'channels_last weight', { rtol: 1e-6, atol: 1e-7 });
    opt.dispose(); ref.opt.dispose();
    dispose([...ps, ...ref.ps]);
  });
  w.dispose();
});

test('fused Adam on float64 and bfloat16 parameters computes as the per-parameter path does', () => {
  manualSeed(3);
  const f64 = [keep(randn([3001], { dtype: 'float64' }))];
  tidy(() => compare(f64, 'float64', { rtol: 1e-12, atol: 1e-14 }));
  // bf16 computes in float and rounds only what it stores: against float32 on the same (bf16) values, each
  // of 4 steps rounds a parameter once (half a unit: up to 2^-8 relative), so 2^-6 bounds the drift; the
  // moments are stored in bf16 too, so each update (≤ lr) may be off by 2^-7 of itself: 4·0.03/128 ≈ 1e-3 absolute
  const bf16 = [keep(tidy(() => randn([2049]).to('bfloat16')))];
  tidy(() => {
    const ref = train(bf16.map((t) => t.float()), false, 4, { ...OPTS, gradDtype: 'bfloat16' });
    for (const kernel of FUSED) {
      const got = train(bf16, kernel, 4);
      assertClose(got.ps[0]!.float(), ref.ps[0]!, `${kernel} bfloat16`, { rtol: 2 ** -6, atol: 1e-3 });
      got.opt.dispose();
    }
    ref.opt.dispose();
  });
  dispose([...f64, ...bf16]);
});

test('fused Adam leaves parameters without a gradient and their step counts alone', () => {
  manualSeed(4);
  tidy(() => {
    const [a, b] = [randn([10]).requiresGrad_(true), randn([10]).requiresGrad_(true)];
    const before = b.toArray();
    const opt = new Adam([a, b], OPTS);
    a.grad = randn([10]);
    opt.step();
    assert.deepEqual(b.toArray(), before);
    assert.deepEqual(opt.state().steps, [1, 0]);
    opt.dispose();
  });
});

test('fused Adam resumed from its state continues exactly as an uninterrupted run', () => {
  manualSeed(6);
  const init = [keep(randn([5000])), keep(randn([7]))];
  tidy(() => {
    const whole = train(init, true, 4);
    const first = train(init, true, 2);
    const state = first.opt.state();
    const ps = first.ps.map((p) => keep(p.detach().clone()).requiresGrad_(true));
    const resumed = new Adam(ps, { ...OPTS });
    resumed.loadState(state);
    manualSeed(5);
    for (let s = 0; s < 4; s++) {
      const gs = ps.map((p) => randn(p.shape).mul(s % 2 ? 0.1 : 1));
      if (s < 2) continue; // the first run consumed these
      ps.forEach((p, i) => { p.grad = gs[i]!; });
      resumed.step();
    }
    ps.forEach((p, i) => assert.deepEqual(p.toArray(), whole.ps[i]!.toArray(), `parameter ${i}`));
    for (const o of [whole.opt, first.opt, resumed]) o.dispose();
    dispose([...whole.ps, ...first.ps, ...ps]);
  });
  dispose(init);
});

test('tessera::adam_ refuses lists that do not line up, naming the parameter', () => {
  tidy(() => {
    const p = randn([4]), m = randn([4]), v = randn([4]);
    assert.throws(() => call('tessera::adam_', [[p], [randn([5])], [m], [v], [0.1], [1]], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 }),
      /tessera::adam_: the gradient of parameter 0 differs/);
    assert.throws(() => call('tessera::adam_', [[p], [randn([4])], [m], [v], [0.1, 0.2], [1]], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 }),
      /one entry per parameter/);
    assert.throws(() => call('tessera::adam_', [[p], [randn([4]).to('float64')], [m], [v], [0.1], [1]], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 }),
      /differs from it in dtype/);
  });
});
