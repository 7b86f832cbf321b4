// Option schemas: one declaration read by the CLI (text) and the server (JSON values), with the same words
// for a bad value; the JSON description the page builds its widgets from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSchema, parseJsonValue, parserOf, type OptionSchema, type OptionSpec } from '../../src/util/option-schema.js';

const SCHEMA: OptionSchema = [
  { key: 'detail', flag: '--detail <a>', type: 'share', help: 'a mix' },
  { key: 'lr', flag: '--lr <x>', type: 'positive', default: 0.5, help: 'a rate' },
  { key: 'block', flag: '--block <n>', type: 'int', min: 1, max: 64, word: 'auto', default: 'auto', help: 'a cell' },
  { key: 'style', flag: '--style <s>', type: 'choice', choices: ['mean', 'none'], default: 'mean', help: 'a look' },
  { key: 'strict', flag: '--strict', type: 'flag', help: 'stop' },
];
const [detail, lr, block, style, strict] = SCHEMA as [OptionSpec, OptionSpec, OptionSpec, OptionSpec, OptionSpec];

test('share, positive and a number-or-word read text with the CLI\'s words', () => {
  assert.equal(parserOf(detail)('--detail', '0.25'), 0.25);
  for (const bad of ['1.5', '-0.1', '', 'x']) {
    assert.throws(() => parserOf(detail)('--detail', bad), { message: `--detail must be between 0 and 1, got "${bad}"` });
  }
  assert.throws(() => parserOf(lr)('--lr', '0'), { message: '--lr must be a positive number, got "0"' });
  assert.equal(parserOf(block)('--block', 'auto'), 'auto');
  assert.equal(parserOf(block)('--block', '8'), 8);
  assert.throws(() => parserOf(block)('--block', '65'), { message: '--block must be a whole number ≥ 1 and ≤ 64, got "65"' });
});

test('a JSON value goes through the same parser: the same bounds message, the server\'s name for the field', () => {
  assert.equal(parseJsonValue(detail, '"detail"', 0.5), 0.5);
  assert.throws(() => parseJsonValue(detail, '"detail"', 2), { message: '"detail" must be between 0 and 1, got "2"' });
  // a number given as a string, or any other JSON type, is refused, not read as its text
  assert.throws(() => parseJsonValue(detail, '"detail"', '0.5'), { message: '"detail" must be between 0 and 1, got ""0.5""' });
  assert.throws(() => parseJsonValue(detail, '"detail"', [0.5]), /"detail" must be between 0 and 1/);
  assert.throws(() => parseJsonValue(detail, '"detail"', true), /"detail" must be between 0 and 1/);
  assert.equal(parseJsonValue(block, '"block"', 16), 16);
  assert.equal(parseJsonValue(block, '"block"', 'auto'), 'auto');
  assert.throws(() => parseJsonValue(block, '"block"', 1.5), { message: '"block" must be a whole number ≥ 1 and ≤ 64, got "1.5"' });
  assert.throws(() => parseJsonValue(block, '"block"', '16'), /"block" must be a whole number/);
  assert.equal(parseJsonValue(style, '"style"', 'none'), 'none');
  assert.throws(() => parseJsonValue(style, '"style"', 'x'), { message: `"style" must be one of mean, none, got 'x'` });
  assert.equal(parseJsonValue(strict, '"strict"', false), false);
  assert.throws(() => parseJsonValue(strict, '"strict"', 'true'), /"strict" must be true or false/);
});

test('describeSchema: bounds, word, choices and defaults as plain JSON', () => {
  const d = describeSchema(SCHEMA);
  assert.deepEqual(JSON.parse(JSON.stringify(d)), d, 'plain JSON');
  assert.deepEqual(d[0], { key: 'detail', type: 'share', help: 'a mix', min: 0, max: 1 });
  assert.deepEqual(d[2], { key: 'block', type: 'int', help: 'a cell', min: 1, max: 64, word: 'auto', default: 'auto' });
  assert.deepEqual(d[3], { key: 'style', type: 'choice', help: 'a look', choices: ['mean', 'none'], default: 'mean' });
  assert.equal(d[4]!.default, undefined);
});
