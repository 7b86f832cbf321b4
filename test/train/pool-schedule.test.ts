import assert from 'node:assert/strict';
import { test } from 'node:test';
import { full, liveTensors, tidy, type Tensor } from '../../src/engine/index.js';
import { ImagePool, LrScheduler } from '../../src/train/index.js';
import { Sfc32 } from '../../src/util/rng.js';

const img = (v: number) => full([1, 1, 2, 2], v);
const valueOf = (t: Tensor) => t.toArray()[0]!;

test('pool of size 0 passes batches through', () => tidy(() => {
  const pool = new ImagePool(0);
  const x = img(3);
  assert.equal(pool.query(x), x);
}));

test('pool fills first, then returns a stored image half the time and stores the new one', () => {
  const before = liveTensors();
  const pool = new ImagePool(3, 7);
  const mirror = new Sfc32(7); // same generator, independent bookkeeping of what the pool must hold
  const stored: number[] = [];
  let swaps = 0;
  for (let k = 1; k <= 400; k++) {
    tidy(() => {
      const out = valueOf(pool.query(img(k)));
      let expect = k;
      if (stored.length < 3) stored.push(k);
      else if (mirror.random() > 0.5) {
        const id = mirror.int(0, 2);
        expect = stored[id]!;
        stored[id] = k;
        swaps++;
      }
      assert.equal(out, expect, `query ${k}`);
    });
  }
  assert.deepEqual(pool.images.map(valueOf), stored);
  assert.ok(swaps > 160 && swaps < 240, `stored images returned ${swaps} times of 397`);
  pool.dispose();
  assert.equal(liveTensors(), before, 'the pool frees what it replaces');
});

test('a pool restored from its state continues identically', () => {
  const a = new ImagePool(2, 1);
  for (let k = 0; k < 5; k++) tidy(() => a.query(img(k)));
  const b = new ImagePool(2, 99);
  b.load(a.state(), a.images);
  for (let k = 5; k < 40; k++) tidy(() => assert.equal(valueOf(a.query(img(k))), valueOf(b.query(img(k)))));
  a.dispose(); b.dispose();
});

test('linear policy: constant for n_epochs, then 1 - (e + epoch_count - n) / (n_decay + 1)', () => {
  const s = new LrScheduler({ policy: 'linear', nEpochs: 100, nEpochsDecay: 100 });
  const f: number[] = [s.factor];
  for (let e = 1; e <= 200; e++) f.push(s.step());
  assert.equal(f[0], 1);
  assert.equal(f[99], 1); // e + 1 - 100 = 0
  assert.equal(f[100], 1 - 1 / 101);
  assert.equal(f[150], 1 - 51 / 101);
  assert.ok(Math.abs(f[199]! - 1 / 101) < 1e-15);
  const late = new LrScheduler({ policy: 'linear', nEpochs: 100, nEpochsDecay: 100, epochCount: 51 });
  assert.equal(late.factorAt(60), 1 - 11 / 101);
});

test('step, cosine and plateau policies', () => {
  const st = new LrScheduler({ policy: 'step', nEpochs: 100, nEpochsDecay: 100, lrDecayIters: 50 });
  assert.equal(st.factorAt(49), 1);
  assert.ok(Math.abs(st.factorAt(50) - 0.1) < 1e-12 && Math.abs(st.factorAt(120) - 0.01) < 1e-12);
  const cos = new LrScheduler({ policy: 'cosine', nEpochs: 10, nEpochsDecay: 0 });
  assert.ok(Math.abs(cos.factorAt(5) - 0.5) < 1e-12 && Math.abs(cos.factorAt(10)) < 1e-12);
  assert.ok(Math.abs(cos.factorAt(2) - (1 + Math.cos(Math.PI / 5)) / 2) < 1e-12);
  // plateau: factor 0.2 after more than 5 epochs without a 1% improvement
  const pl = new LrScheduler({ policy: 'plateau', nEpochs: 100, nEpochsDecay: 100 });
  const seen = [1, 0.995, 0.994, 0.993, 0.992, 0.991, 0.99].map((m) => pl.step(m));
  assert.deepEqual(seen.slice(0, 6), [1, 1, 1, 1, 1, 1]);
  assert.ok(Math.abs(seen[6]! - 0.2) < 1e-12);
  const copy = new LrScheduler({ policy: 'plateau', nEpochs: 100, nEpochsDecay: 100 });
  copy.load(JSON.parse(JSON.stringify(pl.state())));
  assert.deepEqual(copy.state(), pl.state());
});

test('rng: permutations are permutations, state round-trips', () => {
  const r = new Sfc32(5);
  const p = r.permutation(50);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
  const s = r.state();
  const a = [r.random(), r.int(0, 9), r.random()];
  const q = new Sfc32(s);
  assert.deepEqual([q.random(), q.int(0, 9), q.random()], a);
  assert.notDeepEqual(new Sfc32(6).permutation(50), new Sfc32(5).permutation(50));
});
