import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellSizes, jpegList, styleList } from '../../src/cli/commands/eval-options.js';
import { containerFor, encoderArgs, generatedVideoInfo } from '../../src/video/encoder.js';

test('eval restore options: block ranges and lists, styles, JPEG lists with none', () => {
  const blocks = cellSizes();
  assert.deepEqual(blocks('--block', '8-16'), [8, 12, 16]);
  assert.deepEqual(blocks('--block', '12'), [12]);
  assert.deepEqual(blocks('--block', '8-9'), [8, 9]);
  assert.deepEqual(blocks('--block', '16,8,8'), [8, 16]);
  assert.throws(() => blocks('--block', '16-8'), /--block must be A-B/);
  assert.throws(() => blocks('--block', '8,99'), /--block must be a whole number ≥ 2 and ≤ 64, got "99"/);
  assert.deepEqual(styleList('--styles', 'mean,rect'), ['mean', 'rect']);
  assert.equal(styleList('--styles', 'all').length, 5);
  assert.throws(() => styleList('--styles', 'mean,blur'), /--styles must be one of .*'blur'/);
  assert.deepEqual(jpegList('--jpeg', 'none'), [null]);
  assert.deepEqual(jpegList('--jpeg', '60,75,none,60'), [60, 75, null]);
  assert.throws(() => jpegList('--jpeg', '0'), /--jpeg must be none or JPEG qualities 1-100/);
});

test('encoding frames made in memory: one input (the pipe), no audio or metadata source', () => {
  const args = encoderArgs(generatedVideoInfo(64, 48, { num: 24, den: 1 }), 't.mp4', containerFor('x.mp4'));
  assert.equal(args.filter((a) => a === '-i').length, 1);
  assert.ok(!args.includes('-map_metadata') && !args.includes('-c:a'), args.join(' '));
});
