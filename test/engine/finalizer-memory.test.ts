import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveTensors, randn, tidy } from '../../src/engine/index.js';

// A synchronous loop never turns the event loop. Tensor handles must still be reclaimed inside GC:
// deferred finalizers would pile up ~150 bytes per tensor (about 75 MB here) until the loop yields.
test('a synchronous loop that never yields keeps RSS flat (finalizers run inside GC)', () => {
  const x = randn([4]);
  const step = () => tidy(() => { x.add(1).mul(2).sub(3).abs().neg(); });
  for (let i = 0; i < 10_000; i++) step();
  const before = process.memoryUsage().rss;
  const live = liveTensors();
  for (let i = 0; i < 100_000; i++) step();
  const growthMb = (process.memoryUsage().rss - before) / 2 ** 20;
  assert.equal(liveTensors(), live);
  assert.ok(growthMb < 25, `RSS grew ${growthMb.toFixed(1)} MB over 100,000 steps`);
  x.dispose();
});
