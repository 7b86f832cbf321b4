// nn layers, gradient penalty and Adam against PyTorch 1.13 through stored state dicts and values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Adam, fusedAdamKernel, grad, hasKernel, keep, manualSeed, onesLike, randn, tidy, type AdamOptions, type Tensor,
} from '../../src/engine/index.js';
import {
  BatchNorm2d, Conv2d, ConvTranspose2d, Dropout, InstanceNorm2d, LeakyReLU, Sequential, Tanh, type Module,
} from '../../src/nn/index.js';
import { assertClose, engineFixtures } from './fixtures.js';

const fx = engineFixtures();

/** The same nested Sequential as small_net() in generate.py. */
function smallNet(): Sequential {
  return new Sequential(
    new Conv2d(3, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new LeakyReLU(0.2),
    new Sequential(new ConvTranspose2d(4, 2, 4, { stride: 2, padding: 1 }), new InstanceNorm2d(2, { affine: true })),
    new Tanh(),
  );
}

function loadFrom(m: Module, caseName: string, prefix: string): void {
  const keys: string[] = fx.params(caseName).keys;
  m.loadStateDict(new Map(keys.map((k) => [k, fx.get(caseName, `${prefix}${k}`)])), { source: `fixture ${caseName}` });
}

test('state-dict keys of a nested Sequential are PyTorch\'s, in PyTorch\'s order', () => {
  const net = smallNet();
  assert.deepEqual([...net.stateDict().keys()], fx.params('net').keys);
  net.dispose();
});

test('nested Sequential: train forward, parameter gradients, running stats and eval forward match PyTorch', () => {
  const net = smallNet();
  loadFrom(net, 'net', 'state.');
  const keys: string[] = fx.params('net').keys;
  tidy(() => {
    const x = fx.get('net', 'x');
    const out = net.forward(x);
    assertClose(out, fx.get('net', 'out_train'), 'train forward');
    out.mul(fx.get('net', 'gy')).sum().backward();
    for (const [k, p] of net.namedParameters()) {
      // A bias right before train-mode batch norm (0.bias) or instance norm (3.0.bias) has gradient 0
      // exactly; both sides hold rounding noise (its size differs between libtorch versions).
      assertClose(p.grad, fx.get('net', `grad.${k}`), `d/d ${k}`, k === '0.bias' || k === '3.0.bias' ? { atol: 1e-5 } : {});
    }
    net.forward(x.mul(0.5).add(1));
    const sd = net.stateDict();
    for (const k of keys) assertClose(sd.get(k)!, fx.get('net', `after.${k}`), `after two train steps: ${k}`);
    assert.equal(sd.get('1.num_batches_tracked')!.item(), 2);
    assert.equal(sd.get('1.num_batches_tracked')!.dtype, 'int64');
    net.eval();
    assertClose(net.forward(x), fx.get('net', 'out_eval'), 'eval forward');
  });
  net.dispose();
});

test('BatchNorm2d in eval mode leaves running stats and num_batches_tracked alone', () => {
  const bn = new BatchNorm2d(3).eval();
  tidy(() => {
    bn.forward(randn([2, 3, 4, 4]).mul(5).add(2));
    assert.deepEqual(bn.runningMean!.toArray(), [0, 0, 0]);
    assert.deepEqual(bn.runningVar!.toArray(), [1, 1, 1]);
    assert.equal(bn.numBatchesTracked!.item(), 0);
  });
  bn.dispose();
});

test('gradient penalty (grad with createGraph, then backward of the penalty) matches PyTorch', () => {
  const D = new Sequential(new Conv2d(2, 3, 3, { stride: 2, padding: 1 }), new LeakyReLU(0.2), new Conv2d(3, 1, 3, { padding: 1 }));
  loadFrom(D, 'gp', 'state.');
  tidy(() => {
    const [real, fake, alpha] = ['real', 'fake', 'alpha'].map((n) => fx.get('gp', n)) as [Tensor, Tensor, Tensor];
    const interp = alpha.mul(real).add(alpha.rsub(1).mul(fake)).requiresGrad_(true);
    const dOut = D.forward(interp);
    const [g] = grad(dOut, [interp], { gradOutputs: [onesLike(dOut)], createGraph: true });
    assertClose(g!, fx.get('gp', 'grad_input'), 'dD/dinput');
    const penalty = g!.reshape(g!.shape[0]!, -1).square().sum(1).sqrt().sub(1).square().mean();
    assertClose(penalty, fx.get('gp', 'penalty'), 'penalty');
    penalty.backward();
    const withGrad: string[] = fx.params('gp').grad_keys;
    for (const [k, p] of D.namedParameters()) {
      if (withGrad.includes(k)) assertClose(p.grad, fx.get('gp', `grad.${k}`), `d penalty / d ${k}`);
      else assert.equal(p.grad, null, `${k} gets no gradient from the penalty in PyTorch either`);
    }
  });
  D.dispose();
});

// every implementation this build has: PyTorch's per-parameter sequence, the addon's fused kernel, and
// libtorch's own fused kernel where the build has one for CPU (PyTorch >= 2.4)
const ADAM_KERNELS: [string, AdamOptions['fused']][] = [
  ['per-parameter', false], ['tessera::adam_', 'tessera::adam_'],
  ...(hasKernel('aten::_fused_adam_', 'CPU') ? [['aten::_fused_adam_', 'aten::_fused_adam_'] as [string, AdamOptions['fused']]] : []),
];

test('Adam uses a fused kernel on CPU by default', () => {
  assert.equal(fusedAdamKernel('cpu'), hasKernel('aten::_fused_adam_', 'CPU') ? 'aten::_fused_adam_' : 'tessera::adam_');
});

for (const [kernel, fused] of ADAM_KERNELS) {
  for (const c of ['adam_gan', 'adam_default', 'adam_wd', 'adam_gan_small', 'adam_fused_mix']) {
    test(`Adam ${kernel} (${c}) matches torch.optim.Adam after each of several steps to 1e-6`, () => {
      const o = fx.params(c);
      const ps = Array.from({ length: o.params }, (_, i) => keep(fx.get(c, `p${i}.init`).clone()).requiresGrad_(true));
      const opt = new Adam(ps, { lr: o.lr, betas: o.betas, eps: o.eps, weightDecay: o.weight_decay, fused });
      for (let s = 0; s < o.steps; s++) {
        ps.forEach((p, i) => { p.grad = fx.get(c, `p${i}.grad${s}`); });
        opt.step();
        ps.forEach((p, i) => {
          const want = fx.get(c, `p${i}.step${s}`), label = `${c} p${i} after step ${s + 1}`;
          assertClose(p, want, label, { rtol: 0, atol: 1e-6 });
          // small params, or large updates: the updates themselves show (relative to the value)
          if (o.scale) assertClose(p, want, label, { rtol: 1e-5, atol: 0 });
          // 1e-6 of the value, or of the step near zero (PyTorch 2.x's own kernels round a unit apart there)
          if (o.lr >= 0.01) assertClose(p, want, label, { rtol: 1e-6, atol: o.lr * 1e-6 });
        });
      }
      const st = opt.state().tensors;
      ps.forEach((_, i) => {
        // 1e-6 relative to the largest moment (a moment near zero is a difference of rounded terms)
        assertClose(st[`${i}.exp_avg`]!, fx.get(c, `p${i}.exp_avg`), `${c} p${i} exp_avg`, { rtol: 1e-6 });
        assertClose(st[`${i}.exp_avg_sq`]!, fx.get(c, `p${i}.exp_avg_sq`), `${c} p${i} exp_avg_sq`, { rtol: 1e-6 });
      });
      opt.dispose();
      ps.forEach((p) => p.dispose());
    });
  }
}

test('Dropout(0.5) zeroes about half, scales survivors by 2, and is the identity in eval', () => {
  manualSeed(7);
  const drop = new Dropout(0.5);
  tidy(() => {
    const x = randn([100, 100]).abs().add(0.1);
    const y = drop.forward(x).toArray(), xs = x.toArray();
    let zeros = 0;
    y.forEach((v, i) => {
      if (v === 0) zeros++;
      else assert.ok(Math.abs(v - 2 * xs[i]!) <= 1e-6 * v, `survivor ${i}: ${v} is not 2 × ${xs[i]}`);
    });
    // 10 000 Bernoulli(0.5) draws: the standard deviation of the fraction is 0.005; allow 6 of them.
    assert.ok(Math.abs(zeros / 1e4 - 0.5) < 0.03, `zeroed fraction ${zeros / 1e4}`);
    drop.eval();
    assert.deepEqual(drop.forward(x).toArray(), xs);
  });
});
