// A stop request arrives as an event-loop task (a signal handler, a timer). When the data loader is ahead
// of slow steps, every await in the loop resolves at once; the loop must still let such a task run, or
// SIGTERM is never acted on (seen on a 4 M-parameter restorer with 1.8-s steps).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { runTraining } from '../../src/train/index.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';
import { tinyNetworks } from '../helpers/tiny-nets.js';

test('a stop asked from a timer is acted on within a few steps while the loader is ahead', async () => {
  const data = tempDir(), out = tempDir();
  await makeAlignedDataset(data, 64, 12, 12);
  const ac = new AbortController();
  const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
  setTimeout(() => ac.abort(), 150);
  const r = await runTraining({
    model: 'pix2pix', outDir: out, seed: 3, networks: tinyNetworks, signal: ac.signal, iters: 60,
    data: { dataDir: data, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: false, batchSize: 1, workers: 1,
      transform: { preprocess: 'resize_and_crop', loadSize: 14, cropSize: 12, flip: false } },
    trainer: { lr: 1e-3, poolSize: 0 },
    schedule: { policy: 'linear', nEpochs: 1, nEpochsDecay: 0 },
    // each step takes ≥ 40 ms, so the prefetched batches are always ready
    onEvent: (e) => { if (e.type === 'step') busy(40); },
  });
  assert.ok(r.stopped, 'the run was not stopped');
  assert.ok(r.iteration < 20, `stopped only at step ${r.iteration} of 60`);
  for (const d of [data, out]) fs.rmSync(d, { recursive: true, force: true });
});
