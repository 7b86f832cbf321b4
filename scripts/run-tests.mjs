// Runs every compiled test file with node's test runner, one file at a time (the engine uses all cores).
// Each test has a time limit (TESSERA_TEST_TIMEOUT_MS, default 10 minutes, far above the slowest test):
// a test that waits on a child forever fails instead of hanging CI. TESSERA_TEST_DIR runs another folder.
// Arguments pick files whose path under that folder contains one of them (restore/cell-restorer, …): a
// checkout whose own path holds the fragment does not select every file.
// Tests get a temporary TESSERA_CACHE_DIR (removed after) unless one is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.resolve(root, process.env.TESSERA_TEST_DIR ?? path.join('dist', 'test'));
const timeoutMs = Number(process.env.TESSERA_TEST_TIMEOUT_MS ?? 10 * 60 * 1000);
if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
  console.error(`TESSERA_TEST_TIMEOUT_MS is "${process.env.TESSERA_TEST_TIMEOUT_MS}", not a positive number of milliseconds`);
  process.exit(1);
}
const filter = process.argv.slice(2);
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js') && (!filter.length || filter.some((f) => path.relative(dir, p).includes(f)))) files.push(p);
  }
})(dir);
files.sort();
if (!files.length) {
  console.error(`no test files found under ${path.relative(root, dir) || dir}`);
  process.exit(1);
}
// what the code under test remembers between runs (restore --runtime auto's choice) goes to a folder of its own,
// not the user's cache, unless TESSERA_CACHE_DIR names one
const cache = process.env.TESSERA_CACHE_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-cache-'));
const env = cache ? { ...process.env, TESSERA_CACHE_DIR: cache } : process.env;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${timeoutMs}`, ...files], { stdio: 'inherit', cwd: root, env });
if (cache) fs.rmSync(cache, { recursive: true, force: true });
process.exit(r.status ?? 1);
