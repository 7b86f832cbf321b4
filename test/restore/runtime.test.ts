// `restore --runtime auto`: both runtimes loaded and timed on one pass, the faster kept. What is checked is
// the choice's logic (the kept runtime is the one with the faster pass reported, the other is let go, a
// named runtime loads alone), not how fast anything is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRestorerFor, OnnxRestorer, Restorer, timePasses } from '../../src/restore/index.js';
import { tinyRestorerFile } from '../helpers/restorers.js';

test('auto keeps the runtime whose pass was faster and releases the other', async () => {
  const file = tinyRestorerFile();
  const choice = await loadRestorerFor('auto', file);
  try {
    assert.ok(choice.passMs && choice.passMs.libtorch > 0 && choice.passMs.onnx > 0, 'both runtimes were timed');
    const faster = choice.passMs.onnx < choice.passMs.libtorch ? 'onnx' : 'libtorch';
    assert.equal(choice.runtime, faster);
    assert.ok(choice.restorer instanceof (faster === 'onnx' ? OnnxRestorer : Restorer));
    assert.equal(choice.restorer.source, file);
  } finally {
    choice.restorer.dispose();
  }
  for (const runtime of ['libtorch', 'onnx'] as const) {
    const named = await loadRestorerFor(runtime, file);
    assert.equal(named.runtime, runtime);
    assert.equal(named.passMs, undefined, `${runtime}: a named runtime is not timed`);
    named.restorer.dispose();
  }
});

test('timePasses alternates the two, skips each one\'s first (warm-up) pass and keeps the fastest', async () => {
  const calls: string[] = [];
  const best = await timePasses({ libtorch: () => { calls.push('lt'); }, onnx: async () => { calls.push('ox'); } }, 2);
  assert.deepEqual(calls, ['lt', 'ox', 'lt', 'ox', 'lt', 'ox']);
  assert.ok(Number.isFinite(best.libtorch) && Number.isFinite(best.onnx));
});
