// `restore --runtime auto`: both runtimes loaded and timed on one pass, the faster kept, and the choice
// remembered per model content and machine. What is checked is the choice's logic (the kept runtime is the one
// with the faster pass reported, the other is let go, a named runtime loads alone, a remembered choice is
// followed without timing and forgotten when the model's bytes change), not how fast anything is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { loadRestorerFor, OnnxRestorer, Restorer, timePasses, type RuntimeChoice } from '../../src/restore/index.js';
import { fileSha256, runtimeCacheFile, runtimeKey } from '../../src/restore/runtime-cache.js';
import { userCacheDir } from '../../src/io/user-cache.js';
import { tinyRestorerFile } from '../helpers/restorers.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-runtime-'));

/** A tiny restorer saved to `file` with init seed `seed` (same architecture, other weights per seed). */
function saveRestorer(file: string, seed: number): void {
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const net = initWeights(buildGenerator(spec), { seed });
  saveModel(file, net, spec);
  net.dispose();
}

function checkKept(choice: RuntimeChoice, runtime: 'libtorch' | 'onnx', file: string): void {
  assert.equal(choice.runtime, runtime);
  assert.ok(choice.restorer instanceof (runtime === 'onnx' ? OnnxRestorer : Restorer), `a ${runtime} restorer`);
  assert.equal(choice.restorer.source, file);
}

test('auto keeps the runtime whose pass was faster and releases the other', async () => {
  const file = tinyRestorerFile();
  const choice = await loadRestorerFor('auto', file, {}, { cacheDir: null });
  try {
    assert.ok(choice.passMs && choice.passMs.libtorch > 0 && choice.passMs.onnx > 0, 'both runtimes were timed');
    assert.ok(!choice.cached);
    checkKept(choice, choice.passMs.onnx < choice.passMs.libtorch ? 'onnx' : 'libtorch', file);
  } finally {
    choice.restorer.dispose();
  }
  for (const runtime of ['libtorch', 'onnx'] as const) {
    const named = await loadRestorerFor(runtime, file);
    assert.equal(named.runtime, runtime);
    assert.equal(named.passMs, undefined, `${runtime}: a named runtime is not timed`);
    named.restorer.dispose();
  }
});

test('auto remembers its choice per model content: reused without timing, timed again when the file changes', async () => {
  const dir = tempDir(), cache = path.join(dir, 'cache'), file = path.join(dir, 'r.safetensors');
  try {
    saveRestorer(file, 3);
    const first = await loadRestorerFor('auto', file, {}, { cacheDir: cache });
    first.restorer.dispose();
    assert.ok(!first.cached && first.passMs, 'the first run times both');
    const entry = runtimeCacheFile(cache, runtimeKey(file));
    assert.deepEqual(fs.readdirSync(path.dirname(entry)), [path.basename(entry)], 'one entry, named by the key');
    const again = await loadRestorerFor('auto', file, {}, { cacheDir: cache });
    again.restorer.dispose();
    assert.equal(again.cached, true);
    assert.deepEqual([again.runtime, again.passMs], [first.runtime, first.passMs], 'the remembered choice and its timings');
    // the entry is what decides: the other runtime written into it is the one loaded
    const other = first.runtime === 'onnx' ? 'libtorch' : 'onnx';
    const forged = { ...JSON.parse(fs.readFileSync(entry, 'utf8')), runtime: other };
    fs.writeFileSync(entry, JSON.stringify(forged));
    const followed = await loadRestorerFor('auto', file, {}, { cacheDir: cache });
    followed.restorer.dispose();
    assert.equal(followed.cached, true);
    checkKept(followed, other, file);
    // other weights under the same name and size: another key, timed again, a second entry
    const sha = fileSha256(file), size = fs.statSync(file).size;
    saveRestorer(file, 4);
    assert.equal(fs.statSync(file).size, size);
    assert.notEqual(fileSha256(file), sha);
    const changed = await loadRestorerFor('auto', file, {}, { cacheDir: cache });
    changed.restorer.dispose();
    assert.ok(!changed.cached && changed.passMs, 'a changed model file is timed again');
    assert.equal(fs.readdirSync(path.dirname(entry)).length, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache entry that does not read back is ignored and replaced; a cache that cannot be written only times again', async () => {
  const dir = tempDir(), file = tinyRestorerFile();
  try {
    const cache = path.join(dir, 'cache'), entry = runtimeCacheFile(cache, runtimeKey(file));
    const bad = ['{"runtime": "onnx"', '[]', 'null', JSON.stringify({ key: runtimeKey(file), runtime: 'gpu', passMs: { libtorch: 1, onnx: 2 } }),
      JSON.stringify({ key: { ...runtimeKey(file), model: '0'.repeat(64) }, runtime: 'onnx', passMs: { libtorch: 1, onnx: 2 } }),
      JSON.stringify({ key: runtimeKey(file), runtime: 'onnx', passMs: { libtorch: 1 } })];
    for (const text of bad) {
      fs.mkdirSync(path.dirname(entry), { recursive: true });
      fs.writeFileSync(entry, text);
      const c = await loadRestorerFor('auto', file, {}, { cacheDir: cache });
      c.restorer.dispose();
      assert.ok(!c.cached, `timed again over ${text}`);
      const fixed = JSON.parse(fs.readFileSync(entry, 'utf8'));
      assert.equal(fixed.runtime, c.runtime, 'the entry was replaced by the new timing');
    }
    // a file where the cache folder should be: nothing can be written, the choice still comes
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const c = await loadRestorerFor('auto', file, {}, { cacheDir: blocked });
    c.restorer.dispose();
    assert.ok(!c.cached && c.passMs);
    // cacheDir null: neither read nor written
    const none = await loadRestorerFor('auto', file, {}, { cacheDir: null });
    none.restorer.dispose();
    assert.ok(!none.cached);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache folder: TESSERA_CACHE_DIR, else an absolute XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(userCacheDir({ TESSERA_CACHE_DIR: '/x/c', XDG_CACHE_HOME: '/y' }), '/x/c');
  assert.equal(userCacheDir({ XDG_CACHE_HOME: '/y' }), '/y/tessera');
  assert.equal(userCacheDir({ XDG_CACHE_HOME: 'rel' }), path.join(os.homedir(), '.cache', 'tessera'));
  assert.equal(userCacheDir({}), path.join(os.homedir(), '.cache', 'tessera'));
});

test('timePasses alternates the two, skips each one\'s first (warm-up) pass and keeps the fastest', async () => {
  const calls: string[] = [];
  const best = await timePasses({ libtorch: () => { calls.push('lt'); }, onnx: async () => { calls.push('ox'); } }, 2);
  assert.deepEqual(calls, ['lt', 'ox', 'lt', 'ox', 'lt', 'ox']);
  assert.ok(Number.isFinite(best.libtorch) && Number.isFinite(best.onnx));
});
