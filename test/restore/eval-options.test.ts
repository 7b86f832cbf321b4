import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blocksOption, jpegOption, stylesOption } from '../../src/cli/commands/eval-options.js';
import { containerFor, encoderArgs, generatedVideoInfo } from '../../src/video/encoder.js';

test('eval restore options: block ranges and lists, styles, JPEG lists with none', () => {
  assert.deepEqual(blocksOption('--block', '8-16'), [8, 12, 16]);
  assert.deepEqual(blocksOption('--block', '12'), [12]);
  assert.deepEqual(blocksOption('--block', '8-9'), [8, 9]);
  assert.deepEqual(blocksOption('--block', '16,8,8'), [8, 16]);
  assert.throws(() => blocksOption('--block', '16-8'), /--block must be A-B/);
  assert.deepEqual(stylesOption('--styles', 'mean,rect'), ['mean', 'rect']);
  assert.equal(stylesOption('--styles', 'all').length, 5);
  assert.throws(() => stylesOption('--styles', 'mean,blur'), /"blur"/);
  assert.deepEqual(jpegOption('--jpeg', 'none'), [null]);
  assert.deepEqual(jpegOption('--jpeg', '60,75,none'), [60, 75, null]);
  assert.throws(() => jpegOption('--jpeg', '0'), /--jpeg takes none or JPEG qualities/);
});

test('encoding frames made in memory: one input (the pipe), no audio or metadata source', () => {
  const args = encoderArgs(generatedVideoInfo(64, 48, { num: 24, den: 1 }), 't.mp4', containerFor('x.mp4'));
  assert.equal(args.filter((a) => a === '-i').length, 1);
  assert.ok(!args.includes('-map_metadata') && !args.includes('-c:a'), args.join(' '));
});
