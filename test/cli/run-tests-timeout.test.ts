// scripts/run-tests.mjs puts a time limit on every test: one that never ends fails the run instead of hanging it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

test('run-tests.mjs: a test file that hangs fails after TESSERA_TEST_TIMEOUT_MS, and the next file still runs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-hang-'));
  // CommonJS (no package.json here): a test polling forever, then a file that passes
  fs.writeFileSync(path.join(dir, 'hang.test.js'), [
    "const { test } = require('node:test');",
    "test('polls a child forever', () => new Promise(() => { setInterval(() => {}, 100); }));",
    ''].join('\n'));
  fs.writeFileSync(path.join(dir, 'later.test.js'), "require('node:test').test('the file after it', () => {});\n");
  // without the runner's own marker, or the inner runner would report to this one instead of running
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  void NODE_TEST_CONTEXT;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.resolve('scripts/run-tests.mjs')], {
    encoding: 'utf8', env: { ...env, TESSERA_TEST_DIR: dir, TESSERA_TEST_TIMEOUT_MS: '1500' }, timeout: 60_000,
  });
  assert.notEqual(r.status, 0, 'the run fails');
  assert.equal(r.signal, null, 'it ended by itself, not by this test\'s kill');
  assert.match(r.stdout, /not ok 1 - .*hang\.test\.js\n\s+---[^]*test timed out after 1500ms/);
  assert.match(r.stdout, /^ok 2 - the file after it$/m);
  assert.ok(performance.now() - t0 < 30_000);
  const bad = spawnSync(process.execPath, [path.resolve('scripts/run-tests.mjs')], { encoding: 'utf8', env: { ...env, TESSERA_TEST_DIR: dir, TESSERA_TEST_TIMEOUT_MS: 'soon' } });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /TESSERA_TEST_TIMEOUT_MS is "soon"/);
  fs.rmSync(dir, { recursive: true });
});
