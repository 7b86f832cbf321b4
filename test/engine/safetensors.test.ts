// safetensors: every dtype and the metadata survive a round trip; damaged files fail naming the file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { randn, tensor, tidy, type DType } from '../../src/engine/index.js';
import { loadSafetensors, saveSafetensors } from '../../src/io/safetensors.js';
import { engineFixtures } from './fixtures.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-st-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const VALUES: Record<DType, number[]> = {
  float32: [1.5, -2.25, Math.fround(3e-8), Math.fround(1e30)], float64: [Math.PI, -1e-300, 2 ** 60, 0], bfloat16: [1.5, -2, 0.0078125, 256],
  int64: [-(2 ** 53), 2 ** 40, -1, 0], int32: [-(2 ** 31), 2 ** 31 - 1, 7, 0], int16: [-32768, 32767, 1, 0],
  int8: [-128, 127, 1, 0], uint8: [0, 255, 17, 3], bool: [1, 0, 1, 1], float16: [1.5, -2, 0.5, 1024],
};

test('every dtype, shape and the metadata survive a save/load round trip', () => {
  const file = path.join(dir, 'all.safetensors');
  const meta = { arch: 'unet_256', options: JSON.stringify({ ngf: 64, norm: 'batch' }), note: 'ünïcode ✓' };
  tidy(() => {
    const made = Object.fromEntries(Object.entries(VALUES).map(([d, v]) => {
      const t = d === 'float16' ? tensor(v, [2, 2]).to('float16') : tensor(v, [2, 2], { dtype: d as DType });
      return [`t.${d}`, t];
    }));
    made.scalar = tensor([42], []);
    made.empty = tensor([], [0, 3]);
    saveSafetensors(file, made, meta);
  });
  const { tensors, metadata } = loadSafetensors(file);
  try {
    assert.deepEqual(metadata, meta);
    assert.equal(tensors.size, Object.keys(VALUES).length + 2);
    for (const [d, v] of Object.entries(VALUES)) {
      const t = tensors.get(`t.${d}`)!;
      assert.equal(t.dtype, d);
      assert.deepEqual(t.shape, [2, 2]);
      assert.deepEqual(t.toArray(), v, d);
    }
    assert.deepEqual(tensors.get('scalar')!.shape, []);
    assert.equal(tensors.get('scalar')!.item(), 42);
    assert.deepEqual(tensors.get('empty')!.shape, [0, 3]);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
});

test('the file layout is safetensors: 8-byte length, JSON header with sorted keys, aligned raw data', () => {
  const file = path.join(dir, 'layout.safetensors');
  tidy(() => saveSafetensors(file, { b: tensor([1, 2], [2]), a: tensor([3], [1], { dtype: 'int64' }) }, { k: 'v' }));
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  assert.equal((8 + n) % 8, 0);
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
  assert.deepEqual(header.__metadata__, { k: 'v' });
  assert.deepEqual(header.a, { dtype: 'I64', shape: [1], data_offsets: [0, 8] });
  assert.deepEqual(header.b, { dtype: 'F32', shape: [2], data_offsets: [8, 16] });
  assert.equal(buf.readBigInt64LE(8 + n), 3n);
  assert.equal(buf.readFloatLE(8 + n + 8), 1);
  assert.equal(buf.length, 8 + n + 16);
});

test('a file written by another writer (generate.py, struct + json) loads', () => {
  const fx = engineFixtures();
  assert.deepEqual(fx.get('net', 'state.1.num_batches_tracked').toArray(), [0]);
  assert.equal(fx.get('net', 'state.1.num_batches_tracked').dtype, 'int64');
  assert.deepEqual(fx.get('conv2d_basic', 'x').shape, [2, 3, 7, 7]);
});

test('damaged or missing files give one clear error that names the file', () => {
  const good = path.join(dir, 'good.safetensors');
  tidy(() => saveSafetensors(good, { w: randn([4, 4]) }));
  const bytes = fs.readFileSync(good);
  const n = Number(bytes.readBigUInt64LE(0));
  const cases: [string, Uint8Array, RegExp][] = [
    ['tiny', bytes.subarray(0, 5), /shorter than its 8-byte header length/],
    ['huge-header', Buffer.concat([Buffer.from([255, 255, 255, 255, 0, 0, 0, 0]), bytes.subarray(8)]), /header length \d+ is over the 100000000-byte limit/],
    ['not-json', Buffer.concat([bytes.subarray(0, 8), Buffer.from('{'.repeat(n))]), /header: expected a JSON object key/],
    ['truncated', bytes.subarray(0, bytes.length - 4), /tensor "w" has offsets \[0, 64\] outside the 60-byte data section/],
    ['bad-dtype', Buffer.from(bytes.toString('latin1').replace('"F32"', '"X32"'), 'latin1'), /unsupported dtype "X32"/],
  ];
  for (const [name, data, re] of cases) {
    const file = path.join(dir, `${name}.safetensors`);
    fs.writeFileSync(file, data);
    assert.throws(() => loadSafetensors(file), (e: Error) => {
      assert.ok(e.message.startsWith(file), `${name}: "${e.message}" does not start with the file name`);
      assert.match(e.message, re, name);
      assert.ok(!e.message.includes('\n'), `${name}: one line`);
      return true;
    });
  }
  const missing = path.join(dir, 'nope.safetensors');
  assert.throws(() => loadSafetensors(missing), (e: Error) => e.message === `${missing}: cannot read (ENOENT)`);
});

test('saving is atomic: an existing file is replaced whole and no temp file is left', () => {
  const file = path.join(dir, 'atomic.safetensors');
  tidy(() => saveSafetensors(file, { a: randn([100]) }));
  tidy(() => saveSafetensors(file, { b: tensor([7], [1]) }));
  const { tensors } = loadSafetensors(file);
  assert.deepEqual([...tensors.keys()], ['b']);
  for (const t of tensors.values()) t.dispose();
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), []);
});
