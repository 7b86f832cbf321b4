// A worker thread that runs the engine can be terminated mid-op (restore stops its safety worker when a
// frame is refused): the native call that returns into the dying thread cannot throw into JS, and
// node-addon-api must swallow that error (NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS in native/binding.gyp)
// rather than abort the whole process. Run in a child process, so an abort fails this test only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('terminating workers in the middle of engine ops does not abort the process', () => {
  const engine = new URL('../../src/engine/index.js', import.meta.url).href;
  const worker = `Promise.all([import(${JSON.stringify(engine)}), import('node:worker_threads')]).then(([e, { parentPort }]) => {
    e.setNumThreads(1); const x = e.randn([64, 64]);
    parentPort.postMessage('ready');
    for (;;) e.tidy(() => { try { x.matmul(x).sum().item(); } catch {} }); });`;
  const main = `import { Worker } from 'node:worker_threads';
    for (let i = 0; i < 30; i++) {
      const w = new Worker(${JSON.stringify(worker)}, { eval: true });
      await new Promise((r) => w.once('message', r));
      await new Promise((r) => setTimeout(r, (i * 7) % 20));
      await w.terminate();
    }
    console.log('survived');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', main], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.signal, null, `the process died of ${r.signal}: ${r.stderr.trim()}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /survived/);
});
