import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listSamples, readLossLog, readRunInfo, runSpeed, writeRunInfo } from '../../src/train/index.js';
import { tempDir } from '../helpers/images.js';

test('readLossLog reads whole lines from an offset, skips bad ones, and sees a restarted log', () => {
  const dir = tempDir();
  const file = path.join(dir, 'loss_log.jsonl');
  assert.deepEqual(readLossLog(file), { lines: [], offset: 0, bad: 0, restarted: false });
  fs.writeFileSync(file, '{"iteration":1,"G":0.5}\nnot json\n[1]\n{"iteration":2,"G":0.25,"note":"x"}\n{"iteration":3');
  const a = readLossLog(file);
  assert.deepEqual(a.lines, [{ iteration: 1, G: 0.5 }, { iteration: 2, G: 0.25 }]);
  assert.equal(a.bad, 2);
  assert.equal(a.offset, fs.readFileSync(file, 'utf8').lastIndexOf('\n') + 1);
  fs.appendFileSync(file, ',"G":0.125}\n');
  assert.deepEqual(readLossLog(file, a.offset).lines, [{ iteration: 3, G: 0.125 }]);
  fs.writeFileSync(file, '{"iteration":1,"G":9}\n');
  const b = readLossLog(file, 1000);
  assert.equal(b.restarted, true);
  assert.deepEqual(b.lines, [{ iteration: 1, G: 9 }]);
  fs.rmSync(dir, { recursive: true });
});

test('runSpeed: steps per second from the logged times of the last steps, and the time left', () => {
  // 3 steps of 100 + 25 ms = 8 it/s; 97 steps left of 100 → 12.125 s
  const lines = [1, 2, 3].map((iteration) => ({ iteration, stepMs: 100, dataMs: 25 }));
  assert.deepEqual(runSpeed(lines, 100), { itPerSec: 8, etaSeconds: 12.125 });
  assert.deepEqual(runSpeed(lines, null), { itPerSec: 8, etaSeconds: null });
  assert.deepEqual(runSpeed([], 100), { itPerSec: null, etaSeconds: null });
  // only the window counts: the slow first step is out of a window of 2
  assert.equal(runSpeed([{ iteration: 1, stepMs: 1000 }, { iteration: 2, stepMs: 50 }, { iteration: 3, stepMs: 50 }], 3, 2).itPerSec, 20);
});

test('run info and sample lists round-trip; a foreign file is no run info', () => {
  const dir = tempDir();
  assert.equal(readRunInfo(dir), null);
  writeRunInfo(dir, { model: 'pix2pix', totalIterations: 40, batchesPerEpoch: 4, startIteration: 8, started: 'now' });
  assert.deepEqual(readRunInfo(dir), { model: 'pix2pix', totalIterations: 40, batchesPerEpoch: 4, startIteration: 8, started: 'now' });
  fs.writeFileSync(path.join(dir, 'run_info.json'), '{"totalIterations":"many"}');
  assert.equal(readRunInfo(dir), null);
  fs.mkdirSync(path.join(dir, 'samples'));
  for (const n of ['0000010.png', '0000002.png', 'notes.txt', 'x.png']) fs.writeFileSync(path.join(dir, 'samples', n), '');
  assert.deepEqual(listSamples(dir), ['0000002.png', '0000010.png']);
  fs.rmSync(dir, { recursive: true });
});
