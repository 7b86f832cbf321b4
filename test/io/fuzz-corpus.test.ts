// Replays every input the fuzz campaign ever found failing (test/fuzz-corpus/<target>/*.bin): each must
// now parse or be refused with its parser's own error, never anything else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { corpusDir, TARGETS, verdict } from '../../fuzz/targets.js';

for (const [name, target] of Object.entries(TARGETS)) {
  test(`fuzz corpus ${name}: every saved input is parsed or refused with ${target.error.name}`, () => {
    const dir = corpusDir(name);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).sort() : [];
    for (const f of files) assert.equal(verdict(target, fs.readFileSync(path.join(dir, f))), null, `test/fuzz-corpus/${name}/${f}`);
  });
}

test('a parser letting another error out fails the replay (the check can fail)', () => {
  const target = { ...TARGETS['run-state']!, parse: () => { throw new TypeError('boom'); } };
  assert.equal(verdict(target, Buffer.from('{}')), 'TypeError: boom');
});
