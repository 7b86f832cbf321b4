import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock } from '../../src/util/progress.js';

test('clock rounds the whole time, so no "0:60"', () => {
  assert.equal(clock(59.6), '1:00');
  assert.equal(clock(119.5), '2:00');
  assert.equal(clock(61.2), '1:01');
  assert.equal(clock(0), '0:00');
  assert.equal(clock(NaN), '?');
});
