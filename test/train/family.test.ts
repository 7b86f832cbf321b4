// The rest of the family on tiny networks: the main loss of each falls, tensors stay flat, images come out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cat, dispose, keep, liveTensors, manualSeed, tensor } from '../../src/engine/index.js';
import {
  COGAN_DEFAULTS, CoGANTrainer, DISCOGAN_DEFAULTS, DiscoGANTrainer, DUALGAN_DEFAULTS, DualGANTrainer, SRGAN_DEFAULTS, SRGANTrainer,
  UNIT_DEFAULTS, UNITTrainer, type Losses, type Trainer,
} from '../../src/train/index.js';
import { invert, shapeImage } from '../helpers/images.js';
import { tinyNetworks } from '../helpers/tiny-nets.js';

const toTensor = (px: Uint8Array, w: number, h: number) => {
  const f = new Float32Array(3 * w * h);
  for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) f[c * w * h + i] = px[i * 3 + c]! / 127.5 - 1;
  return keep(tensor(f, [1, 3, h, w]));
};

/** Runs n steps on one batch; returns the chosen loss per step and checks the tensor count stays flat. */
function run(trainer: Trainer, batch: { A: ReturnType<typeof toTensor>; B: ReturnType<typeof toTensor> }, n: number, pick: (l: Losses) => number | undefined): number[] {
  const out: number[] = [];
  let live = 0;
  for (let i = 0; i < n; i++) {
    const v = pick(trainer.step(batch));
    if (v !== undefined) out.push(v);
    if (i === 5) live = liveTensors();
  }
  // at most as many: a finalizer of an earlier test in this process may free handles meanwhile
  assert.ok(liveTensors() <= live, `live tensors grew across steps: ${live} → ${liveTensors()}`);
  return out;
}

const pair = (k: number) => { const a = shapeImage(16, 16, k); return { A: toTensor(a, 16, 16), B: toTensor(invert(shapeImage(16, 16, k + 4)), 16, 16) }; };

test('discogan: both reconstruction losses fall on one unpaired pair', () => {
  manualSeed(1);
  const trainer = new DiscoGANTrainer(tinyNetworks('discogan') as never, { ...DISCOGAN_DEFAULTS, lr: 2e-3 });
  const batch = pair(3);
  const rec = run(trainer, batch, 120, (l) => l.rec_A! + l.rec_B!);
  assert.ok(rec.at(-1)! < rec[0]! * 0.3, `reconstruction ${rec[0]} → ${rec.at(-1)}`);
  dispose(batch);
});

test('dualgan: reconstruction falls, generators step every n_critic-th step, critics stay clipped', () => {
  manualSeed(2);
  const nets = tinyNetworks('dualgan');
  const trainer = new DualGANTrainer(nets as never, { ...DUALGAN_DEFAULTS, lr: 1e-3, lambdaU: 10, lambdaV: 10, nCritic: 3 });
  const batch = pair(5);
  let gSteps = 0;
  const rec = run(trainer, batch, 150, (l) => { if (l.rec_U === undefined) return undefined; gSteps++; return l.rec_U + l.rec_V!; });
  assert.equal(gSteps, 50);
  assert.ok(rec.at(-1)! < rec[0]! * 0.5, `reconstruction ${rec[0]} → ${rec.at(-1)}`);
  for (const p of [...nets.D_A!.parameters(), ...nets.D_B!.parameters()]) assert.ok(Math.max(...p.toArray().map(Math.abs)) <= DUALGAN_DEFAULTS.clip + 1e-7);
  dispose(batch);
});

test('srgan: the content loss falls while pretraining; the adversarial phase gives finite losses and HR-sized images', () => {
  manualSeed(3);
  const nets = tinyNetworks('srgan');
  const trainer = new SRGANTrainer(nets.G!, nets.D!, { ...SRGAN_DEFAULTS, scale: 2, lr: 2e-3, pretrainIters: 100 });
  const batch = pair(7);
  const content = run(trainer, batch, 100, (l) => l.G_content);
  assert.ok(content.at(-1)! < content[0]! * 0.3, `content ${content[0]} → ${content.at(-1)}`);
  assert.equal(trainer.pretraining, false);
  let shapes: number[][] = [];
  trainer.on((e) => { if (e.type === 'images') shapes = Object.values(e.images).map((t) => t.shape); });
  const l = trainer.step(batch, true);
  assert.ok(['D_real', 'D_fake', 'G_adv', 'G_content'].every((k) => Number.isFinite(l[k])), JSON.stringify(l));
  assert.deepEqual(shapes, [[1, 3, 16, 16], [1, 3, 16, 16], [1, 3, 16, 16]]); // bicubic | output | target
  assert.throws(() => trainer.step({ A: toTensor(shapeImage(15, 15, 1), 15, 15), B: batch.B }), /crop 15×15 is not a multiple of the scale 2/);
  dispose(batch);
});

test('unit: the VAE and cycle reconstructions fall on one unpaired pair; translations and cycles come out at the input size', () => {
  manualSeed(4);
  const trainer = new UNITTrainer(tinyNetworks('unit') as never, { ...UNIT_DEFAULTS, lr: 2e-3 });
  const batch = pair(9);
  const rec = run(trainer, batch, 80, (l) => l.rec_A! + l.rec_B! + l.cyc_A! + l.cyc_B!);
  assert.ok(rec.at(-1)! < rec[0]! * 0.5, `reconstruction + cycle ${rec[0]} → ${rec.at(-1)}`);
  let shapes: number[][] = [];
  trainer.on((e) => { if (e.type === 'images') shapes = Object.values(e.images).map((t) => t.shape); });
  const l = trainer.step(batch, true);
  assert.ok(Object.values(l).every(Number.isFinite), JSON.stringify(l));
  assert.deepEqual(shapes, Array(6).fill([1, 3, 16, 16])); // real_A | fake_B | cyc_A | real_B | fake_A | cyc_B
  dispose(batch);
});

test('cogan: the discriminators learn the real images apart and the generators answer; one noise gives a pair', () => {
  manualSeed(5);
  const nets = tinyNetworks('cogan');
  const trainer = new CoGANTrainer(nets as never, { ...COGAN_DEFAULTS, lr: 2e-3 });
  const a = pair(2), b = pair(6);
  const batch = { A: keep(cat([a.A, b.A])), B: keep(cat([a.B, b.B])) };
  const d = run(trainer, batch, 60, (l) => l.D_A! + l.D_B!);
  // from chance (2 × 2 ln 2 ≈ 2.77) the discriminators' loss falls: they learn, through the shared layers
  assert.ok(d.slice(-10).reduce((s, v) => s + v, 0) / 10 < d[0]! * 0.9, `D ${d[0]} → ${d.at(-1)}`);
  let imgs: Record<string, number[]> = {};
  trainer.on((e) => { if (e.type === 'images') imgs = Object.fromEntries(Object.entries(e.images).map(([k, t]) => [k, t.shape])); });
  trainer.step(batch, true);
  assert.deepEqual(Object.keys(imgs), ['real_A', 'fake_A', 'fake_B', 'real_B']);
  assert.deepEqual(imgs.fake_A, [2, 3, 16, 16]);
  dispose([a, b, batch]);
});
