import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, videoBars } from '../../src/cli/progress.js';

test('clock rounds the whole time, so no "0:60"', () => {
  assert.equal(clock(59.6), '1:00');
  assert.equal(clock(119.5), '2:00');
  assert.equal(clock(61.2), '1:01');
  assert.equal(clock(0), '0:00');
  assert.equal(clock(NaN), '?');
});

test('videoBars: a fresh fps bar at each video\'s first frame, each ended on its own line', () => {
  const written: string[] = [];
  const { write, isTTY } = process.stderr;
  Object.assign(process.stderr, { isTTY: true, write: (s: string | Uint8Array) => { written.push(String(s)); return true; } });
  try {
    const bars = videoBars('censor');
    bars.onFrame(1, 2); bars.onFrame(2, 2);
    bars.onFrame(1, 3); bars.onFrame(3, 3);
    bars.done(); bars.done();
  } finally {
    Object.assign(process.stderr, { isTTY, write });
  }
  const text = written.join('');
  assert.equal(text.split('\n').length - 1, 2, JSON.stringify(text));
  assert.match(text, /censor 2\/2 100% [\d.]+ fps .*\n.*censor 1\/3 /s);
  assert.match(text, /censor 3\/3 100% [\d.]+ fps/);
});
