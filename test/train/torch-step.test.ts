// Two optimisation steps of each trainer against PyTorch 1.13 on tiny networks
// (fixture: test/fixtures/generate_train.py, same update order written from the reference).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { dispose, type Tensor } from '../../src/engine/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { BatchNorm2d, Conv2d, InstanceNorm2d, LeakyReLU, ReLU, Sequential, Tanh, type Module } from '../../src/nn/index.js';
import { CYCLEGAN_DEFAULTS, CycleGANTrainer, PIX2PIX_DEFAULTS, Pix2PixTrainer, type Losses } from '../../src/train/index.js';

const fixture = loadSafetensors(path.resolve('test/fixtures/train/steps.safetensors'));
const meta = JSON.parse(fixture.metadata.losses!) as Record<string, Losses[]>;
const lr = Number(fixture.metadata.lr);
const T = (k: string): Tensor => { const t = fixture.tensors.get(k); assert.ok(t, `fixture lacks ${k}`); return t; };
const under = (prefix: string) => new Map([...fixture.tensors].filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));

const gen = (norm: 'batch' | 'instance') => new Sequential(new Conv2d(3, 4, 3, { padding: 1, bias: false }),
  norm === 'batch' ? new BatchNorm2d(4) : new InstanceNorm2d(4), new ReLU(), new Conv2d(4, 3, 3, { padding: 1 }), new Tanh());
const disc = (cin: number) => new Sequential(new Conv2d(cin, 4, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.2), new Conv2d(4, 1, 3, { padding: 1 }));

function assertLosses(got: Losses, want: Losses, what: string): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    const [g, w] = [got[k]!, want[k]!];
    assert.ok(Math.abs(g - w) <= 1e-5 * Math.max(1, Math.abs(w)), `${what} ${k}: ${g} vs PyTorch ${w}`);
  }
}

function assertWeights(net: Module, prefix: string): void {
  for (const [k, t] of net.stateDict()) {
    const want = T(`${prefix}${k}`).toArray(), got = t.toArray();
    const err = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
    assert.ok(err < 2e-5, `${prefix}${k}: max |diff| ${err}`);
  }
}

test('pix2pix: two steps equal PyTorch (losses, weights, batch-norm running stats)', () => {
  const G = gen('batch'), D = disc(6);
  G.loadStateDict(under('p2p.init.G.'));
  D.loadStateDict(under('p2p.init.D.'));
  const trainer = new Pix2PixTrainer(G, D, { ...PIX2PIX_DEFAULTS, lr });
  meta['p2p.losses']!.forEach((want, i) => assertLosses(trainer.step({ A: T('p2p.A'), B: T('p2p.B') }), want, `step ${i + 1}`));
  assertWeights(G, 'p2p.final.G.');
  assertWeights(D, 'p2p.final.D.');
  G.dispose(); D.dispose();
});

test('cyclegan: two steps equal PyTorch (losses and the weights of all four networks)', () => {
  const nets = { G_A: gen('instance'), G_B: gen('instance'), D_A: disc(3), D_B: disc(3) };
  for (const [n, m] of Object.entries(nets)) m.loadStateDict(under(`cyc.init.${n}.`));
  const trainer = new CycleGANTrainer(nets, { ...CYCLEGAN_DEFAULTS, lr, poolSize: 0 });
  meta['cyc.losses']!.forEach((want, i) => assertLosses(trainer.step({ A: T('cyc.A'), B: T('cyc.B') }), want, `step ${i + 1}`));
  for (const [n, m] of Object.entries(nets)) assertWeights(m, `cyc.final.${n}.`);
  dispose(Object.values(nets).map((m) => m.dispose()));
});
