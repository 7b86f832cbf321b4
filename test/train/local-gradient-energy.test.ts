// The local gradient-energy loss: zero on the truth, a value worked out by hand, the dot lattice it exists to
// catch (which pixel MSE prefers to a flat offset), its gradient against central finite differences in
// float64, and SRGAN's generator taking it in the adversarial phase only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispose, F, keep, manualSeed, noGrad, tensor, tidy, type Tensor } from '../../src/engine/index.js';
import { Conv2d, LeakyReLU, ReLU, Sequential, type Module } from '../../src/nn/index.js';
import { gradientBalanceLoss, gradientEnergyAmountLoss, localGradientEnergyLoss, localGradientRms, SRGAN_DEFAULTS, SRGANTrainer } from '../../src/train/index.js';
import { Mulberry32 } from '../../src/util/rng.js';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const EPS = 1e-6;

test('the loss is exactly 0 when the output is the target', () => tidy(() => {
  const rng = new Mulberry32(1);
  const x = tensor(Float32Array.from({ length: 2 * 3 * 17 * 20 }, () => rng.random() * 2 - 1), [2, 3, 17, 20]);
  assert.equal(localGradientEnergyLoss(x, x.clone()).item(), 0);
}));

test('a 2-channel 3×5 image against a flat target, window 2: the value worked out by hand', () => tidy(() => {
  // channel 0: a 1 at (row 0, col 1); channel 1: a 2 at (row 0, col 3); everything else 0
  const out = new Float32Array(2 * 3 * 5);
  out[0 * 15 + 0 * 5 + 1] = 1;
  out[1 * 15 + 0 * 5 + 3] = 2;
  // forward differences over rows 0–1, cols 0–3, e = dx² + dy²:
  //   channel 0, row 0: [1, 1 + 1, 0, 0]; channel 1, row 0: [0, 0, 4, 4 + 4]; row 1 is 0 in both
  //   channel mean, row 0: [0.5, 1, 2, 4] → window (cols 0–1) (0.5 + 1) / 4 = 0.375, window (cols 2–3) 6 / 4 = 1.5
  const rms = [Math.sqrt(0.375 + EPS), Math.sqrt(1.5 + EPS)], flat = Math.sqrt(EPS);
  const o = tensor(out, [1, 2, 3, 5]), t = tensor(new Float32Array(30).fill(0.3), [1, 2, 3, 5]);
  const map = localGradientRms(o, 2);
  assert.deepEqual(map.shape, [1, 1, 1, 2]);
  map.toArray().forEach((v, i) => close(v, rms[i]!));
  close(localGradientEnergyLoss(o, t, 2).item(), (rms[0]! - flat + rms[1]! - flat) / 2);
  // a remainder narrower than a window is left out: a 4-row image has 3 rows of gradients, one window row
  const tall = new Float32Array(2 * 4 * 5);
  tall.set(out.subarray(0, 15), 0);
  tall.set(out.subarray(15), 20);
  tall[3 * 5] = 9; // channel 0, row 3: only its dy with row 2 could see it, and gradient row 2 is dropped
  assert.deepEqual(localGradientRms(tensor(tall, [1, 2, 4, 5]), 2).toArray().map((v) => +v.toFixed(6)), rms.map((v) => +v.toFixed(6)));
  assert.throws(() => localGradientRms(tensor(new Float32Array(8 * 8), [1, 1, 8, 8])), /whole 8×8 window/);
}));

test('a dot lattice on a flat target costs its gradient RMS, where a flat output costs nothing (pixel MSE ranks them the other way)', () => tidy(() => {
  const S = 32, a = 0.3, grey = 0.2;
  const target = tensor(new Float32Array(3 * S * S).fill(grey), [1, 3, S, S]);
  const lattice = new Float32Array(3 * S * S).fill(grey);
  // one dot per 8×8 block, away from the block's edges: its four differences fall in its own window
  for (let c = 0; c < 3; c++) for (let y = 4; y < S; y += 8) for (let x = 4; x < S; x += 8) lattice[c * S * S + y * S + x] = grey + a;
  const dots = tensor(lattice, [1, 3, S, S]);
  const offset = tensor(new Float32Array(3 * S * S).fill(grey + 0.05), [1, 3, S, S]);
  // per window: 4a² of energy over 64 positions (left and upper neighbour a², the dot itself 2a²)
  close(localGradientEnergyLoss(dots, target).item(), Math.sqrt((4 * a * a) / 64 + EPS) - Math.sqrt(EPS), 1e-6);
  assert.equal(localGradientEnergyLoss(offset, target).item(), 0);
  assert.ok(F.mseLoss(dots, target).item() < F.mseLoss(offset, target).item(), 'pixel MSE prefers the lattice');
}));

/** Checks `loss`'s gradient with respect to its first input against central finite differences (float64), and that the target gets none. */
function matchesFiniteDifferences(loss: (o: Tensor, t: Tensor) => Tensor, o: Float64Array, t: Float64Array, shape: number[]): void {
  const lossAt = (v: Float64Array) => tidy(() => loss(tensor(v, shape), tensor(t, shape)).item());
  const out = tensor(o, shape, { requiresGrad: true }), target = tensor(t, shape, { requiresGrad: true });
  const value = loss(out, target);
  value.backward();
  const grad = out.grad!.toArray();
  assert.equal(target.grad, null, 'the target is detached');
  const h = 1e-6;
  let largest = 0;
  for (let i = 0; i < o.length; i++) {
    const up = Float64Array.from(o), down = Float64Array.from(o);
    up[i]! += h;
    down[i]! -= h;
    const fd = (lossAt(up) - lossAt(down)) / (2 * h);
    close(grad[i]!, fd, 1e-7);
    largest = Math.max(largest, Math.abs(fd));
  }
  assert.ok(largest > 1e-3, `a gradient worth checking (largest ${largest})`);
  dispose([value, out, target]);
}

test('its gradient with respect to the output equals central finite differences (float64); the target gets none', () => {
  const rng = new Mulberry32(7), shape = [2, 2, 9, 10], n = 2 * 2 * 9 * 10, window = 4;
  const o = Float64Array.from({ length: n }, () => rng.random() * 2 - 1);
  const t = Float64Array.from({ length: n }, () => rng.random() * 2 - 1);
  matchesFiniteDifferences((a, b) => localGradientEnergyLoss(a, b, window), o, t, shape);
});

const AMOUNT_EPS = 1e-5;

test('the amount term: 0 on the target, |log 4| for twice its contrast, the same for texture moved elsewhere, by hand on ramps', () => tidy(() => {
  // a horizontal ramp of step a has dx = a at every position and dy = 0: E = a² (+ eps)
  const ramp = (a: number, C = 2, H = 5, W = 7) => tensor(Float32Array.from({ length: C * H * W }, (_, i) => a * (i % W)), [1, C, H, W]);
  const a = 0.05;
  assert.equal(gradientEnergyAmountLoss(ramp(a), ramp(a)).item(), 0);
  close(gradientEnergyAmountLoss(ramp(2 * a), ramp(a)).item(), Math.abs(Math.log((4 * a * a + AMOUNT_EPS) / (a * a + AMOUNT_EPS))), 1e-5);
  close(gradientEnergyAmountLoss(ramp(a / 2), ramp(a)).item(), Math.abs(Math.log((a * a / 4 + AMOUNT_EPS) / (a * a + AMOUNT_EPS))), 1e-5);
  // where the detail sits does not matter: a dot in one corner or the other of a flat image
  const dot = (x: number, y: number) => { const d = new Float32Array(1 * 1 * 9 * 9); d[y * 9 + x] = 0.5; return tensor(d, [1, 1, 9, 9]); };
  close(gradientEnergyAmountLoss(dot(1, 1), dot(7, 6)).item(), 0, 1e-6);
  // the batch mean of per-image terms: one image right, one with twice the contrast
  const both = (x: number, y: number) => tensor(new Float32Array([...ramp(x, 1).toArray(), ...ramp(y, 1).toArray()]), [2, 1, 5, 7]);
  close(gradientEnergyAmountLoss(both(a, 2 * a), both(a, a)).item(), Math.abs(Math.log((4 * a * a + AMOUNT_EPS) / (a * a + AMOUNT_EPS))) / 2, 1e-5);
}));

test('the amount term\'s gradient equals central finite differences (float64); the target gets none', () => {
  const rng = new Mulberry32(9), shape = [2, 3, 6, 7], n = 2 * 3 * 6 * 7;
  const o = Float64Array.from({ length: n }, () => rng.random() * 2 - 1);
  const t = Float64Array.from({ length: n }, () => (rng.random() * 2 - 1) * 0.3);
  matchesFiniteDifferences(gradientEnergyAmountLoss, o, t, shape);
});

test('the balance term: 0 on the target and on any contrast of it, |log| of the axes\' ratios by hand, blind to the amount', () => tidy(() => {
  // a grid with steps a along x and b along y (C channels): dx² = a², dy² = b² at every position
  const grid = (a: number, b: number, C = 2, H = 6, W = 7) => tensor(Float32Array.from({ length: C * H * W }, (_, i) => a * (i % W) + b * (Math.floor(i / W) % H)), [1, C, H, W]);
  const balance = (a: number, b: number) => Math.log((b * b + AMOUNT_EPS) / (a * a + AMOUNT_EPS));
  close(gradientBalanceLoss(grid(0.05, 0.1), grid(0.05, 0.1)).item(), 0, 1e-6);
  close(gradientBalanceLoss(grid(0.2, 0.4), grid(0.05, 0.1)).item(), Math.abs(balance(0.2, 0.4) - balance(0.05, 0.1)), 1e-5); // 4× the contrast, the same split
  close(gradientBalanceLoss(grid(0.02, 0.1), grid(0.05, 0.05)).item(), Math.abs(balance(0.02, 0.1) - balance(0.05, 0.05)), 1e-5); // streaks against isotropic detail
  assert.ok(gradientBalanceLoss(grid(0.02, 0.1), grid(0.05, 0.05)).item() > 2, 'streaks cost');
  // transposing the output's streaks costs the same: |log ratio| is symmetric in the axes
  close(gradientBalanceLoss(grid(0.1, 0.02), grid(0.05, 0.05)).item(), gradientBalanceLoss(grid(0.02, 0.1), grid(0.05, 0.05)).item(), 1e-5);
}));

test('the balance term\'s gradient equals central finite differences (float64); the target gets none', () => {
  const rng = new Mulberry32(11), shape = [2, 3, 6, 7], n = 2 * 3 * 6 * 7;
  const o = Float64Array.from({ length: n }, () => rng.random() * 2 - 1);
  const t = Float64Array.from({ length: n }, (_, i) => (rng.random() * 2 - 1) * 0.3 + 0.05 * (i % 7));
  matchesFiniteDifferences(gradientBalanceLoss, o, t, shape);
});

const tinyG = () => new Sequential(new Conv2d(3, 4, 3, { padding: 1 }), new ReLU(), new Conv2d(4, 3, 3, { padding: 1 }));
const tinyD = () => new Sequential(new Conv2d(3, 4, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.2), new Conv2d(4, 1, 3, { padding: 1 }));
const copyOf = <M extends Module>(make: () => M, from: Module): M => { const m = make(); m.loadStateDict(from.stateDict()); return m; };
const weights = (m: Module) => [...m.stateDict().values()].flatMap((t) => t.toArray());

test('SRGAN adds λ · the term to the generator\'s loss in the adversarial phase (logged as G_grad), not while pretraining', () => {
  manualSeed(3);
  const rng = new Mulberry32(5), S = 16;
  const noise = () => keep(tensor(Float32Array.from({ length: 2 * 3 * S * S }, () => rng.random() * 2 - 1), [2, 3, S, S]));
  const batch = { A: noise(), B: noise() };
  const G0 = tinyG(), D0 = tinyD();
  const trainer = (lambdaGradEnergy: number, pretrainIters: number) =>
    new SRGANTrainer(copyOf(tinyG, G0), copyOf(tinyD, D0), { ...SRGAN_DEFAULTS, lr: 1e-2, pretrainIters, lambdaGradEnergy, paired: true });
  // the term of the step's output, before the generator moves
  const expected = 0.5 * noGrad(() => tidy(() => localGradientEnergyLoss(G0.forward(batch.A), batch.B).item()));
  const plain = trainer(0, 0), withTerm = trainer(0.5, 0);
  const a = plain.step(batch), b = withTerm.step(batch);
  assert.equal(a.G_grad, undefined);
  close(b.G_grad!, expected, 1e-5);
  for (const k of ['D_real', 'D_fake', 'G_adv', 'G_content'] as const) close(b[k]!, a[k]!, 1e-6);
  const moved = weights(withTerm.networks.G), unmoved = weights(plain.networks.G);
  assert.ok(moved.some((v, i) => Math.abs(v - unmoved[i]!) > 1e-6), 'the term moves the generator');
  // while pretraining the generator's step is MSE alone, whatever the weight
  const pre0 = trainer(0, 1), pre = trainer(0.5, 1);
  assert.equal(pre.step(batch).G_grad, undefined);
  pre0.step(batch);
  assert.deepEqual(weights(pre.networks.G), weights(pre0.networks.G));
  assert.ok(Number.isFinite(pre.step(batch).G_grad!), 'then the adversarial phase takes it');
  // the amount term the same way: logged as G_amount, λ · its value on the step's output
  const amount = new SRGANTrainer(copyOf(tinyG, G0), copyOf(tinyD, D0), { ...SRGAN_DEFAULTS, lr: 1e-2, pretrainIters: 0, lambdaGradAmount: 0.25, paired: true });
  const expectedAmount = 0.25 * noGrad(() => tidy(() => gradientEnergyAmountLoss(G0.forward(batch.A), batch.B).item()));
  const c = amount.step(batch);
  close(c.G_amount!, expectedAmount, 1e-5);
  assert.equal(c.G_grad, undefined);
  // and the balance term: G_balance
  const balanced = new SRGANTrainer(copyOf(tinyG, G0), copyOf(tinyD, D0), { ...SRGAN_DEFAULTS, lr: 1e-2, pretrainIters: 0, lambdaGradBalance: 0.5, paired: true });
  const expectedBalance = 0.5 * noGrad(() => tidy(() => gradientBalanceLoss(G0.forward(batch.A), batch.B).item()));
  const e = balanced.step(batch);
  close(e.G_balance!, expectedBalance, 1e-5);
  assert.equal(e.G_amount, undefined);
  for (const m of Object.values(balanced.networks)) m.dispose();
  for (const m of Object.values(amount.networks)) m.dispose();
  for (const t of [plain, withTerm, pre0, pre]) for (const m of Object.values(t.networks)) m.dispose();
  G0.dispose(); D0.dispose();
  dispose(batch);
});
