// A worker thread that asks libtorch for one intra-op thread (restore's safety worker does) must not
// shrink the main thread's count: libtorch fixes a thread's count at its first parallel op from a
// process-wide value, so the engine pins the main thread's when it loads (src/engine/native.ts).
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

test("a 1-thread worker leaves the main thread's libtorch thread count alone", { skip: os.availableParallelism() < 2 && 'one core' }, async () => {
  const engine = new URL('../../src/engine/index.js', import.meta.url).href;
  const { getNumThreads } = await import(engine); // loading the engine is all the main thread does before the worker
  const worker = new Worker(`import(${JSON.stringify(engine)}).then((e) => { e.setNumThreads(1); require('node:worker_threads').parentPort.postMessage(e.getNumThreads()); });`, { eval: true });
  const inWorker = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  await worker.terminate();
  assert.equal(inWorker, 1);
  const want = Number(process.env.TESSERA_THREADS ?? process.env.OMP_NUM_THREADS) || os.availableParallelism();
  assert.equal(getNumThreads(), want);
});
