import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveTensors, manualSeed, tensor, tidy, keep, dispose } from '../../src/engine/index.js';
import { CYCLEGAN_DEFAULTS, CycleGANTrainer, PIX2PIX_DEFAULTS, Pix2PixTrainer, type Losses } from '../../src/train/index.js';
import { invert, shapeImage } from '../helpers/images.js';
import { tinyCycleNetworks, tinyDiscriminator, tinyGenerator } from '../helpers/tiny-nets.js';

const toTensor = (px: Uint8Array, w: number, h: number) => {
  const f = new Float32Array(3 * w * h);
  for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) f[c * w * h + i] = px[i * 3 + c]! / 127.5 - 1;
  return keep(tensor(f, [1, 3, h, w]));
};

test('pix2pix overfits one pair: L1 falls below 0.1 and tensors stay flat', () => {
  manualSeed(1);
  const trainer = new Pix2PixTrainer(tinyGenerator(3, 3, 'batch', false), tinyDiscriminator(6), { ...PIX2PIX_DEFAULTS, lr: 2e-3 });
  const a = shapeImage(16, 16, 3);
  const batch = { A: toTensor(a, 16, 16), B: toTensor(invert(a), 16, 16) };
  const l1: number[] = [];
  let events = 0;
  trainer.on((e) => { if (e.type === 'losses') events++; });
  let live = 0;
  for (let i = 0; i < 150; i++) {
    l1.push(trainer.step(batch).G_L1 / 100);
    if (i === 5) live = liveTensors();
  }
  assert.equal(liveTensors(), live, 'live tensors stay flat across steps');
  assert.equal(events, 150);
  assert.ok(l1[0]! > 0.3, `initial L1 ${l1[0]}`);
  assert.ok(l1.at(-1)! < 0.1, `final L1 ${l1.at(-1)} (from ${l1[0]})`);
  dispose(batch);
});

test('pix2pix emits input | output | target images when asked, in bf16 too', () => {
  manualSeed(2);
  const trainer = new Pix2PixTrainer(tinyGenerator(), tinyDiscriminator(6), { ...PIX2PIX_DEFAULTS, precision: 'bf16' });
  const batch = tidy(() => ({ A: keep(tensor(new Float32Array(3 * 64).fill(0.5), [1, 3, 8, 8])), B: keep(tensor(new Float32Array(3 * 64).fill(-0.5), [1, 3, 8, 8])) }));
  let names: string[] = [];
  trainer.on((e) => { if (e.type === 'images') names = Object.keys(e.images); });
  const losses = trainer.step(batch, true);
  assert.deepEqual(names, ['input', 'output', 'target']);
  assert.ok(Object.values(losses).every(Number.isFinite));
  dispose(batch);
});

test('cyclegan: cycle loss falls; D frozen while G steps; pools fill', () => {
  manualSeed(3);
  const nets = tinyCycleNetworks();
  const trainer = new CycleGANTrainer(nets, { ...CYCLEGAN_DEFAULTS, lr: 2e-3, poolSize: 4 });
  const imgs = [1, 2, 3].map((k) => toTensor(shapeImage(16, 16, k), 16, 16));
  const others = [4, 5, 6].map((k) => toTensor(invert(shapeImage(16, 16, k)), 16, 16));
  const cycle: number[] = [];
  let hist: Losses = {};
  // each call of D_A records whether its weights were frozen then: G's loss reads D_A once (frozen), D's twice (trainable)
  const frozenAtCall: boolean[] = [];
  const forwardDA = nets.D_A.forward.bind(nets.D_A);
  nets.D_A.forward = (x) => { frozenAtCall.push(nets.D_A.parameters().every((p) => !p.requiresGrad)); return forwardDA(x); };
  for (let i = 0; i < 200; i++) {
    hist = trainer.step({ A: imgs[i % 3]!, B: others[i % 3]! });
    cycle.push(hist.cycle_A! + hist.cycle_B!);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean(cycle.slice(-5)) < 0.6 * mean(cycle.slice(0, 5)), `cycle ${mean(cycle.slice(0, 5))} → ${mean(cycle.slice(-5))}`);
  assert.ok(hist.idt_A! > 0 && hist.D_A! > 0);
  assert.equal(trainer.pools.fake_A.images.length, 4);
  assert.ok(nets.D_A.parameters().every((p) => p.requiresGrad), 'D trainable again after the step');
  assert.equal(frozenAtCall.length, 3 * 200);
  for (let i = 0; i < 200; i++) assert.deepEqual(frozenAtCall.slice(3 * i, 3 * i + 3), [true, false, false], `step ${i}: D_A frozen for G, trainable for D`);
  dispose([imgs, others]);
  trainer.pools.fake_A.dispose(); trainer.pools.fake_B.dispose();
});

test('wgangp: steps with the gradient penalty stay finite and free their graphs', () => {
  manualSeed(4);
  const trainer = new Pix2PixTrainer(tinyGenerator(), tinyDiscriminator(6), { ...PIX2PIX_DEFAULTS, ganMode: 'wgangp' });
  const batch = tidy(() => ({ A: keep(tensor(new Float32Array(3 * 64).fill(0.2), [1, 3, 8, 8])), B: keep(tensor(new Float32Array(3 * 64).fill(-0.3), [1, 3, 8, 8])) }));
  let before = 0;
  for (let i = 0; i < 4; i++) {
    const l = trainer.step(batch);
    assert.ok(Object.values(l).every(Number.isFinite), JSON.stringify(l));
    if (i === 0) before = liveTensors();
  }
  assert.equal(liveTensors(), before, 'the double-backward graph is freed each step');
  dispose(batch);
});
