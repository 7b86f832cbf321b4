// Hostile safetensors: each class of malformed header is refused with a SafetensorsError naming the
// file, before any tensor memory is allocated; our own writer's output still reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy } from '../../src/engine/index.js';
import { SafetensorsError } from '../../src/io/format-error.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { safetensorsBytes } from '../helpers/hostile-files.js';

const refused = (buf: Uint8Array, why: RegExp) =>
  assert.throws(() => decodeSafetensors(buf, 'bad.safetensors'), (e: unknown) => {
    assert.ok(e instanceof SafetensorsError, `not a SafetensorsError: ${String(e)}`);
    assert.match(e.message, /^bad\.safetensors: not a valid safetensors file \(/);
    assert.match(e.message, why);
    assert.equal(e.message.split('\n').length, 1);
    return true;
  });
const f32 = (shape: number[], offsets: [number, number]) => ({ dtype: 'F32', shape, data_offsets: offsets });

test('header lengths past the file, absurd, or under 8 bytes are refused', () => {
  refused(new Uint8Array(5), /shorter than its 8-byte header length/);
  refused(safetensorsBytes('{}', undefined, 1000n), /runs past the end/);
  refused(safetensorsBytes('{}', undefined, 2n ** 64n - 1n), /over the 100000000-byte limit/);
});

test('headers that are not UTF-8 JSON objects, or repeat a name, are refused', () => {
  const bad = Buffer.alloc(8 + 4); bad.writeBigUInt64LE(4n); bad.set([0x7b, 0xc3, 0x28, 0x7d], 8); // invalid UTF-8 sequence
  refused(bad, /header is not UTF-8/);
  refused(safetensorsBytes('null'), /not a JSON object/);
  refused(safetensorsBytes('[1,2]'), /not a JSON object/);
  refused(safetensorsBytes('{"a":'), /header: unexpected end of JSON/);
  refused(safetensorsBytes('{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}', new Uint8Array(4)), /duplicate JSON key "a"/);
  refused(safetensorsBytes('{"__metadata__":{"k":1}}'), /__metadata__ is not a map of strings/);
  refused(safetensorsBytes(`{"a":${'['.repeat(100000)}`), /nested deeper/);
});

test('unknown dtypes and shapes that are not lists of counts are refused', () => {
  refused(safetensorsBytes({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /unsupported dtype "F8_E4M3"/);
  refused(safetensorsBytes({ a: { dtype: 'toString', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /unsupported dtype/);
  for (const shape of [[-1], [1.5], ['2'], [2 ** 53], 'x', new Array(65).fill(1)])
    refused(safetensorsBytes({ a: { dtype: 'U8', shape, data_offsets: [0, 1] } }, new Uint8Array(1)), /shape that is not a list/);
  refused(safetensorsBytes({ a: { dtype: 'U8', shape: [1], data_offsets: [0] } }, new Uint8Array(1)), /data_offsets that are not two/);
  refused(safetensorsBytes({ a: 7 }), /not described by an object/);
});

test('shapes whose size overflows or disagrees with the offsets are refused before allocating', () => {
  // 2^31 × 2^31 × 4 bytes wraps past 2^53 in floating point; BigInt keeps it honest
  refused(safetensorsBytes({ a: f32([2 ** 31, 2 ** 31], [0, 16]) }, new Uint8Array(16)), /needs 18446744073709551616 bytes/);
  refused(safetensorsBytes({ a: f32([2 ** 20, 2 ** 20], [0, 4]) }, new Uint8Array(4)), /needs \d+ bytes of F32, its offsets give 4/);
  refused(safetensorsBytes({ a: f32([3], [0, 8]) }, new Uint8Array(8)), /needs 12 bytes/);
});

test('offsets out of range, reversed, overlapping or leaving gaps are refused', () => {
  refused(safetensorsBytes({ a: f32([1], [0, 4]) }, new Uint8Array(2)), /outside the 2-byte data section/);
  refused(safetensorsBytes({ a: f32([0], [4, 0]) }, new Uint8Array(4)), /outside/);
  refused(safetensorsBytes({ a: f32([2], [0, 8]), b: f32([1], [4, 8]) }, new Uint8Array(8)), /overlapping/);
  refused(safetensorsBytes({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, new Uint8Array(12)), /leaving a gap after byte 4/);
  refused(safetensorsBytes({ a: f32([1], [0, 4]) }, new Uint8Array(8)), /cover 4 bytes of a 8-byte data section/);
});

test('misaligned offsets are accepted and read correctly (each tensor is copied to aligned memory)', () => {
  const data = new Uint8Array(1 + 4);
  data[0] = 9;
  new DataView(data.buffer).setFloat32(1, 2.5, true);
  const { tensors } = decodeSafetensors(safetensorsBytes({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] }, b: f32([1], [1, 5]) }, data));
  assert.deepEqual(tensors.get('a')!.toArray(), [9]);
  assert.deepEqual(tensors.get('b')!.toArray(), [2.5]);
  for (const t of tensors.values()) t.dispose();
});

test('what our writer writes reads back, a __proto__ key included', () => {
  const bytes = Buffer.concat(tidy(() => encodeSafetensors({ w: tensor([1, 2], [2]), __proto__x: tensor([3], [1]) }, { a: 'b' })));
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual([...tensors.keys()].sort(), ['__proto__x', 'w']);
  assert.deepEqual(metadata, { a: 'b' });
  for (const t of tensors.values()) t.dispose();
  const proto = decodeSafetensors(safetensorsBytes('{"__proto__":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', new Uint8Array([4])));
  assert.deepEqual(proto.tensors.get('__proto__')!.toArray(), [4]);
  assert.equal(Object.getPrototypeOf({}).dtype, undefined);
  proto.tensors.get('__proto__')!.dispose();
});
