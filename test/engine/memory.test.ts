// A training loop must not grow: 1,000 Adam steps of a small conv net under tidy keep the live
// tensor count exactly flat and the resident set size flat within a margin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam, F, getNumThreads, liveTensors, manualSeed, randn, setNumThreads, tidy } from '../../src/engine/index.js';
import { BatchNorm2d, Conv2d, LeakyReLU, Sequential, Tanh } from '../../src/nn/index.js';

test('1,000 conv training steps keep liveTensors() exactly flat and RSS within 30 MB', () => {
  manualSeed(11);
  // tiny ops: one thread avoids OpenMP barrier stalls on a busy machine (this file runs in its own process)
  const threads = getNumThreads();
  setNumThreads(1);
  const net = new Sequential(new Conv2d(3, 8, 3, { padding: 1 }), new BatchNorm2d(8), new LeakyReLU(0.2),
    new Conv2d(8, 3, 3, { padding: 1 }), new Tanh());
  const opt = new Adam(net.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const [x, target] = [randn([2, 3, 12, 12]), randn([2, 3, 12, 12]).tanh()];
  const step = () => tidy(() => {
    opt.zeroGrad();
    const loss = F.l1Loss(net.forward(x), target);
    loss.backward();
    opt.step();
    return loss.item();
  });

  const first = step();
  for (let i = 1; i < 100; i++) step(); // warm-up: optimizer state, allocator pools, JIT
  const live = liveTensors(), rss = process.memoryUsage().rss;
  let last = first;
  for (let i = 0; i < 1000; i++) {
    last = step();
    if (i % 100 === 0) assert.equal(liveTensors(), live, `live tensors grew by step ${i}`);
  }
  const grownMb = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.equal(liveTensors(), live, 'live tensors after 1,000 steps');
  assert.ok(grownMb < 30, `RSS grew ${grownMb.toFixed(1)} MB over 1,000 steps`);
  assert.ok(last < first, `the loop trained (loss ${first} -> ${last})`);

  opt.dispose();
  net.dispose();
  x.dispose();
  target.dispose();
  setNumThreads(threads);
});
