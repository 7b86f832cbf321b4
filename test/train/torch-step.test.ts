// Two optimisation steps of each trainer against PyTorch 1.13 on tiny networks
// (fixture: test/fixtures/generate_train.py, same update order written from the reference).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { dispose, type Tensor } from '../../src/engine/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { BatchNorm2d, Conv2d, InstanceNorm2d, LeakyReLU, ReLU, Sequential, Tanh, type Module } from '../../src/nn/index.js';
import { buildModel, discriminatorSpec, generatorSpec, shareLayers } from '../../src/models/index.js';
import {
  bicubicDownsample, COGAN_DEFAULTS, CoGANTrainer, CYCLEGAN_DEFAULTS, CycleGANTrainer, DISCOGAN_DEFAULTS, DiscoGANTrainer, DUALGAN_DEFAULTS, DualGANTrainer,
  PIX2PIX_DEFAULTS, Pix2PixTrainer, SRGAN_DEFAULTS, SRGANTrainer, UNIT_DEFAULTS, UNITTrainer, uniqueParameters, type Losses, type NoiseSource,
} from '../../src/train/index.js';

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

test('discogan: two steps equal PyTorch (losses and the weights of all four networks)', () => {
  const nets = { G_AB: gen('batch'), G_BA: gen('batch'), D_A: disc(3), D_B: disc(3) };
  for (const [n, m] of Object.entries(nets)) m.loadStateDict(under(`disco.init.${n}.`));
  const trainer = new DiscoGANTrainer(nets, { ...DISCOGAN_DEFAULTS, lr });
  meta['disco.losses']!.forEach((want, i) => assertLosses(trainer.step({ A: T('disco.A'), B: T('disco.B') }), want, `step ${i + 1}`));
  for (const [n, m] of Object.entries(nets)) assertWeights(m, `disco.final.${n}.`);
  dispose(Object.values(nets).map((m) => m.dispose()));
});

test('dualgan: four critic steps and two generator steps equal PyTorch (RMSprop, clipping, n_critic 2)', () => {
  const o = JSON.parse(fixture.metadata.losses!)['dual.options'] as { lr: number; clip: number; n_critic: number; lam_u: number; lam_v: number };
  const nets = { G_A: gen('batch'), G_B: gen('batch'), D_A: disc(3), D_B: disc(3) };
  for (const [n, m] of Object.entries(nets)) m.loadStateDict(under(`dual.init.${n}.`));
  const trainer = new DualGANTrainer(nets, { ...DUALGAN_DEFAULTS, lr: o.lr, clip: o.clip, nCritic: o.n_critic, lambdaU: o.lam_u, lambdaV: o.lam_v });
  const want = meta['dual.losses']!;
  assert.equal(want.filter((l) => 'G_A' in l).length, 2);
  want.forEach((w, i) => assertLosses(trainer.step({ A: T('dual.U'), B: T('dual.V') }), w, `step ${i + 1}`));
  for (const [n, m] of Object.entries(nets)) assertWeights(m, `dual.final.${n}.`);
  // the clipping held: no critic weight outside [-c, c]
  for (const p of [...nets.D_A.parameters(), ...nets.D_B.parameters()]) assert.ok(Math.max(...p.toArray().map(Math.abs)) <= o.clip + 1e-7);
  dispose(Object.values(nets).map((m) => m.dispose()));
});

test('srgan: the LR input, one pretraining step and two adversarial steps (feature content loss) equal PyTorch', () => {
  const o = JSON.parse(fixture.metadata.losses!)['sr.options'] as { lr: number; beta1: number; scale: number; pretrain: number; lambda_adv: number };
  const G = buildModel(generatorSpec({ netG: 'srresnet_1blocks_x2', ngf: 4, norm: 'batch' }));
  const D = buildModel(discriminatorSpec({ netD: 'srgan', ndf: 2, norm: 'batch', inputNc: 3 }));
  G.loadStateDict(under('sr.init.G.'));
  D.loadStateDict(under('sr.init.D.'));
  const lrImage = bicubicDownsample(T('sr.HR'), o.scale);
  const err = Math.max(...lrImage.toArray().map((v, i) => Math.abs(v - T('sr.LR').toArray()[i]!)));
  assert.ok(err < 1e-6, `bicubic downsampling differs by ${err}`);
  lrImage.dispose();
  const trainer = new SRGANTrainer(G, D, { ...SRGAN_DEFAULTS, lr: o.lr, beta1: o.beta1, scale: o.scale, pretrainIters: o.pretrain, lambdaAdv: o.lambda_adv, content: 'features' });
  const want = meta['sr.losses']!;
  assert.deepEqual(Object.keys(want[0]!), ['G_content']);
  want.forEach((w, i) => assertLosses(trainer.step({ A: T('sr.HR'), B: T('sr.HR') }), w, `step ${i + 1}`));
  assertWeights(G, 'sr.final.G.');
  assertWeights(D, 'sr.final.D.');
  G.dispose(); D.dispose();
});

/** PyTorch's noise draws of a fixture, handed out in order (shapes checked). */
function fixtureNoise(prefix: string): { source: NoiseSource; used: () => number } {
  let i = 0;
  return {
    source: (shape) => {
      const t = T(`${prefix}${i++}`);
      assert.deepEqual(t.shape, shape, `noise draw ${i} has the shape PyTorch drew`);
      return t.clone();
    },
    used: () => i,
  };
}

/** The shared tensors of a pair: the same object in both networks' state dicts, under the same key. */
function sharedKeys(a: Module, b: Module): string[] {
  const sb = b.stateDict();
  return [...a.stateDict()].filter(([k, t]) => sb.get(k) === t).map(([k]) => k);
}

test('cogan: two steps equal PyTorch, with the generators\' first and the discriminators\' last layers one tensor each', () => {
  const o = JSON.parse(fixture.metadata.losses!)['co.options'] as { lr: number; side: number; ngf: number; ndf: number; steps: number; weight_decay: number };
  assert.equal(COGAN_DEFAULTS.weightDecay, o.weight_decay, "the authors' weight decay is the default");
  const g = (outputNc: number) => buildModel(generatorSpec({ netG: `cogan_${o.side}`, ngf: o.ngf, norm: 'batch', inputNc: 100, outputNc }));
  const d = () => buildModel(discriminatorSpec({ netD: 'cogan', ndf: o.ndf, norm: 'batch', inputNc: 3, nLayers: Math.log2(o.side) - 1 }));
  const nets = { G_A: g(3), G_B: g(3), D_A: d(), D_B: d() };
  shareLayers(nets.G_A, nets.G_B);
  shareLayers(nets.D_A, nets.D_B);
  for (const [n, m] of Object.entries(nets)) m.loadStateDict(under(`co.init.${n}.`));
  const sharedG = sharedKeys(nets.G_A, nets.G_B), sharedD = sharedKeys(nets.D_A, nets.D_B);
  assert.ok(sharedG.length > 0 && sharedG.every((k) => k.startsWith('shared.')), sharedG.join());
  assert.ok(sharedD.length > 0 && sharedD.every((k) => k.startsWith('shared.')), sharedD.join());
  const before = nets.G_A.stateDict().get(sharedG[0]!)!.toArray();
  const noise = fixtureNoise('co.noise.');
  const trainer = new CoGANTrainer(nets, { ...COGAN_DEFAULTS, lr: o.lr }, noise.source);
  // Adam holds each shared tensor once: its parameters are the pair's unique ones
  assert.equal(trainer.optimizers.G.params.length, uniqueParameters([nets.G_A, nets.G_B]).length);
  assert.ok(trainer.optimizers.G.params.length < nets.G_A.parameters().length + nets.G_B.parameters().length);
  meta['co.losses']!.forEach((want, i) => assertLosses(trainer.step({ A: T('co.A'), B: T('co.B') }), want, `step ${i + 1}`));
  assert.equal(noise.used(), o.steps);
  // PyTorch summed both branches' gradients into the one shared tensor: equal weights mean ours did too
  for (const [n, m] of Object.entries(nets)) assertWeights(m, `co.final.${n}.`);
  assert.notDeepEqual(nets.G_A.stateDict().get(sharedG[0]!)!.toArray(), before);
  for (const k of sharedG) assert.equal(nets.G_A.stateDict().get(k), nets.G_B.stateDict().get(k));
  dispose(Object.values(nets).map((m) => m.dispose()));
});

test('unit: two steps equal PyTorch (VAE, GAN, KL and cycle terms; the latent blocks shared by both translators)', () => {
  const o = JSON.parse(fixture.metadata.losses!)['un.options'] as Record<string, number>;
  assert.equal(UNIT_DEFAULTS.weightDecay, o.weight_decay, "the authors' weight decay is the default");
  const g = () => buildModel(generatorSpec({ netG: 'unit', ngf: o.ngf!, norm: 'instance' }));
  const d = () => buildModel(discriminatorSpec({ netD: 'unit', ndf: o.ndf!, inputNc: 3, nLayers: o.n_layers! }));
  const nets = { G_AB: g(), G_BA: g(), D_A: d(), D_B: d() };
  shareLayers(nets.G_AB, nets.G_BA);
  for (const [n, m] of Object.entries(nets)) m.loadStateDict(under(`un.init.${n}.`));
  const shared = sharedKeys(nets.G_AB, nets.G_BA);
  assert.deepEqual(shared.map((k) => k.split('.')[0]), ['enc_shared', 'enc_shared', 'dec_shared', 'dec_shared']);
  assert.equal(sharedKeys(nets.D_A, nets.D_B).length, 0, 'UNIT shares no discriminator layer');
  const noise = fixtureNoise('un.noise.');
  const trainer = new UNITTrainer(nets, {
    ...UNIT_DEFAULTS, lr: o.lr!, lambdaGan: o.l0!, lambdaKl: o.l1!, lambdaVae: o.l2!, lambdaCycKl: o.l3!, lambdaCyc: o.l4!,
  }, noise.source);
  assert.equal(trainer.optimizers.G.params.length, nets.G_AB.parameters().length * 2 - shared.length);
  meta['un.losses']!.forEach((want, i) => assertLosses(trainer.step({ A: T('un.A'), B: T('un.B') }), want, `step ${i + 1}`));
  assert.equal(noise.used(), 4 * o.steps!); // z_A, z_B and the two cycle codes per step
  for (const [n, m] of Object.entries(nets)) assertWeights(m, `un.final.${n}.`);
  for (const k of shared) assert.equal(nets.G_AB.stateDict().get(k), nets.G_BA.stateDict().get(k));
  dispose(Object.values(nets).map((m) => m.dispose()));
});
