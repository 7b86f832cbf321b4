// The PyTorch fixtures must be what their generators write today: the three scripts of test/fixtures/ run
// into a temporary folder (as `npm run fixtures` would, without touching the committed files) and every
// file must come out byte for byte as committed, with nothing missing and nothing extra. The one writer
// that is not deterministic is torch's legacy (pre-1.6) format, whose storage keys are memory addresses:
// that file is compared by what it holds (the same names, shapes, dtypes and values). Float results of
// the same PyTorch differ in the last bits between CPUs (oneDNN picks kernels by ISA: AVX-512, AMX), so a
// safetensors fixture must match in names, dtypes, shapes and every non-float byte, and its floats (tensors
// and numbers in the metadata) within FLOAT_TOLERANCE, far below what any test compares them at.
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

/** Relative (and absolute, near 0) difference allowed between a committed float and a fresh one. */
const FLOAT_TOLERANCE = 1e-4;

const close = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y)) || Math.abs(x - y) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y));

/** JSON values equal, numbers within the tolerance. */
function sameJson(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number') return close(x, y);
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameJson(v, y[i]));
  if (x && y && typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x).sort(), ky = Object.keys(y).sort();
    return JSON.stringify(kx) === JSON.stringify(ky) && kx.every((k) => sameJson((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
  }
  return x === y;
}

/** Two safetensors files with the same tensors (names, dtypes, shapes), floats within the tolerance. */
function sameSafetensors(a: Buffer, b: Buffer): boolean {
  const header = (buf: Buffer) => {
    const n = Number(buf.readBigUInt64LE(0));
    const h = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
    return { h, data: buf.subarray(8 + n) };
  };
  const A = header(a), B = header(b);
  const { __metadata__: ma, ...ta } = A.h, { __metadata__: mb, ...tb } = B.h;
  const metaOf = (m: unknown) => Object.fromEntries(Object.entries((m ?? {}) as Record<string, string>).map(([k, v]) => {
    try { return [k, JSON.parse(v)]; } catch { return [k, v]; }
  }));
  if (!sameJson(metaOf(ma), metaOf(mb)) || JSON.stringify(Object.keys(ta).sort()) !== JSON.stringify(Object.keys(tb).sort())) return false;
  for (const k of Object.keys(ta)) {
    const x = ta[k] as { dtype: string; shape: number[]; data_offsets: [number, number] }, y = tb[k] as typeof x;
    if (x.dtype !== y.dtype || JSON.stringify(x.shape) !== JSON.stringify(y.shape)) return false;
    const bx = A.data.subarray(...x.data_offsets), by = B.data.subarray(...y.data_offsets);
    if (bx.length !== by.length) return false;
    const floats = x.dtype === 'F32' ? [new Float32Array(bx.buffer.slice(bx.byteOffset, bx.byteOffset + bx.length)), new Float32Array(by.buffer.slice(by.byteOffset, by.byteOffset + by.length))]
      : x.dtype === 'F64' ? [new Float64Array(bx.buffer.slice(bx.byteOffset, bx.byteOffset + bx.length)), new Float64Array(by.buffer.slice(by.byteOffset, by.byteOffset + by.length))] : null;
    if (floats) { if (!floats[0]!.every((v, i) => close(v, floats[1]![i]!))) return false; } else if (!bx.equals(by)) return false;
  }
  return true;
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
      : f.endsWith('.safetensors') ? sameSafetensors(fs.readFileSync(path.join(committed, f)), fs.readFileSync(path.join(fresh, f)))
      : fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(fresh, f)));
    if (!same) out.push(`${f}: differs from what ${f.startsWith('models/') ? 'generate_models.py' : f.startsWith('train/') ? 'generate_train.py' : 'generate.py'} writes now`);
  }
  return out;
}

test('the fixture generators rerun to the committed fixtures: same files, names, shapes and bytes, floats within FLOAT_TOLERANCE', { timeout: 300_000 }, () => {
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

test('a safetensors fixture matches within the float tolerance, and not past it', () => {
  const file = (values: number[], meta = '{"loss": 0.5}', dtype = 'F32') => {
    const data = Buffer.from(new Float32Array(values).buffer);
    const header = Buffer.from(JSON.stringify({ __metadata__: { losses: meta }, w: { dtype, shape: [values.length], data_offsets: [0, data.length] } }));
    const n = Buffer.alloc(8); n.writeBigUInt64LE(BigInt(header.length));
    return Buffer.concat([n, header, data]);
  };
  const base = file([1, -2, 3.5]);
  assert.ok(sameSafetensors(base, file([1, -2, 3.5])));
  assert.ok(sameSafetensors(base, file([1 + 1e-6, -2, 3.5])), 'a last-bits difference (another CPU) is not drift');
  assert.ok(!sameSafetensors(base, file([1.01, -2, 3.5])), 'a changed value is drift');
  assert.ok(!sameSafetensors(base, file([1, -2, 3.5], '{"loss": 0.6}')), 'a changed number in the metadata is drift');
  assert.ok(!sameSafetensors(base, file([1, -2, 3.5], '{"loss": 0.5}', 'I32')), 'another dtype is drift');
});
