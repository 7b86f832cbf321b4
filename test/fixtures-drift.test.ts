// The PyTorch fixtures must be what their generators write today: the three scripts of test/fixtures/ run
// into a temporary folder (as `npm run fixtures` would, without touching the committed files) and every
// file must come out byte for byte as committed, with nothing missing and nothing extra. The one writer
// that is not deterministic is torch's legacy (pre-1.6) format, whose storage keys are memory addresses:
// that file is compared by what it holds (the same names, shapes, dtypes and values).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Tensor } from '../src/engine/index.js';
import { decodePth } from '../src/io/pth.js';

const FIXTURES = path.resolve('test/fixtures');
const GENERATORS = ['generate.py', 'generate_models.py', 'generate_train.py'];
/** Files whose writer puts memory addresses in them: compared by content. */
const BY_CONTENT = new Set(['models/unet_32_batch.legacy.pth']);

/** Fixture folders the Python generators do not write: `finders/` is made once from TF.js (scripts/make-finder-fixture.mjs). */
const OTHER_WRITERS = new Set(['finders']);

/** Every fixture file under `dir`, relative, without the scripts. */
function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  (function walk(rel: string) {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) { if (e.name !== '__pycache__' && !(rel === '' && OTHER_WRITERS.has(e.name))) walk(r); } else if (!e.name.endsWith('.py')) out.push(r);
    }
  })('');
  return out.sort();
}

/** The tensors of a .pth as name → [dtype, shape, values]; nested state dicts flattened with dots. */
function pthContent(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, at: string) => {
    if (v instanceof Map) for (const [k, x] of v) walk(x, at ? `${at}.${String(k)}` : String(k));
    else if (v && typeof (v as Tensor).dispose === 'function') {
      const t = v as Tensor;
      const d = t.data();
      out.set(at, `${t.dtype} [${t.shape.join(',')}] ${Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64')}`);
      t.dispose();
    } else out.set(at, JSON.stringify(v));
  };
  walk(decodePth(fs.readFileSync(file), file), '');
  return out;
}

/** The committed fixtures that differ from a fresh run in `fresh` (missing or extra files included). */
function drift(committed: string, fresh: string): string[] {
  const a = fixtureFiles(committed), b = fixtureFiles(fresh);
  const out = [...a.filter((f) => !b.includes(f)).map((f) => `${f}: no longer written`), ...b.filter((f) => !a.includes(f)).map((f) => `${f}: written but not committed`)];
  for (const f of a.filter((x) => b.includes(x))) {
    const same = BY_CONTENT.has(f)
      ? JSON.stringify([...pthContent(path.join(committed, f))]) === JSON.stringify([...pthContent(path.join(fresh, f))])
      : fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(fresh, f)));
    if (!same) out.push(`${f}: differs from what ${f.startsWith('models/') ? 'generate_models.py' : f.startsWith('train/') ? 'generate_train.py' : 'generate.py'} writes now`);
  }
  return out;
}

test('the fixture generators rerun to the committed fixtures, byte for byte (npm run fixtures would change nothing)', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-fixtures-'));
  try {
    for (const f of [...GENERATORS, 'safetensors_writer.py']) fs.copyFileSync(path.join(FIXTURES, f), path.join(tmp, f));
    for (const g of GENERATORS) {
      const r = spawnSync('/usr/bin/python3', [g], { cwd: tmp, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
      assert.equal(r.status, 0, `${g} failed: ${r.stderr.slice(-2000)}`);
    }
    assert.deepEqual(drift(FIXTURES, tmp), [], 'rerun npm run fixtures and commit the result, or fix the generator');
    // the check can fail: one changed byte, one missing file and one extra file are each reported
    const f = path.join(tmp, 'models', 'keys.json');
    fs.writeFileSync(f, Buffer.concat([fs.readFileSync(f), Buffer.from(' ')]));
    fs.rmSync(path.join(tmp, 'train', 'steps.safetensors'));
    fs.writeFileSync(path.join(tmp, 'models', 'new.safetensors'), 'x');
    assert.deepEqual(drift(FIXTURES, tmp).sort(), [
      'models/keys.json: differs from what generate_models.py writes now',
      'models/new.safetensors: written but not committed',
      'train/steps.safetensors: no longer written',
    ]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the legacy .pth is compared by its tensors: another value is drift, other storage keys are not', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-fixtures-'));
  try {
    const legacy = path.join(FIXTURES, 'models', 'unet_32_batch.legacy.pth');
    const content = pthContent(legacy);
    assert.ok(content.size > 10, 'the fixture holds the U-Net\'s tensors');
    // the same tensors read again are equal; a value changed inside the last storage is not
    assert.deepEqual([...pthContent(legacy)], [...content]);
    const bytes = fs.readFileSync(legacy);
    bytes[bytes.length - 3] ^= 0x40;
    const changed = path.join(tmp, 'changed.pth');
    fs.writeFileSync(changed, bytes);
    assert.notDeepEqual([...pthContent(changed)], [...content]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
