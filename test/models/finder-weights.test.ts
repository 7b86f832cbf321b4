// The finders' weight files: uint8 weights dequantized as TF.js does, the network named in the metadata
// checked, a bad file refused with its name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tensor } from '../../src/engine/index.js';
import { saveSafetensors } from '../../src/io/safetensors.js';
import { dequantize, loadBlazeFace, loadNsfwClassifier } from '../../src/models/finder-weights.js';
import { samePadding } from '../../src/models/tf-layers.js';

test('dequantize: q · scale + min, rounded to float32 once', () => {
  const got = dequantize(Uint8Array.from([0, 1, 255]), -6.255818266027114, 0.04344318240296607);
  assert.deepEqual(Array.from(got), [-6.255818266027114, -6.255818266027114 + 0.04344318240296607, -6.255818266027114 + 255 * 0.04344318240296607].map(Math.fround));
});

test("TF 'SAME' padding: the odd pixel after, none before at stride 2 on even sides", () => {
  assert.deepEqual(samePadding(256, 5, 2), [1, 2]);
  assert.deepEqual(samePadding(256, 3, 2), [0, 1]);
  assert.deepEqual(samePadding(25, 3, 2), [1, 1]);
  assert.deepEqual(samePadding(64, 3, 1), [1, 1]);
});

test('the shipped files load into their networks; a file made for another network is refused naming it', () => {
  const { net: face, metadata } = loadBlazeFace();
  assert.match(metadata['tessera.licence']!, /Apache-2.0/);
  face.dispose();
  const { net: cls, metadata: m2 } = loadNsfwClassifier();
  assert.equal(JSON.parse(m2['tessera.classes']!).length, 5);
  cls.dispose();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finder-weights-'));
  try {
    const file = path.join(dir, 'other.safetensors');
    saveSafetensors(file, new Map([['w', tensor([1, 2])]]), { 'tessera.network': 'something-else' });
    assert.throws(() => loadBlazeFace(file), (e: Error) => e.message.includes(file) && /not 'blazeface-back-256'/.test(e.message));
    const quantized = path.join(dir, 'q.safetensors');
    saveSafetensors(quantized, new Map([['stem.weight', tensor(Uint8Array.from([1, 2]), [2], { dtype: 'uint8' })]]), { 'tessera.network': 'mobilenet-v2-1.4-nsfw' });
    assert.throws(() => loadNsfwClassifier(quantized), /stem\.weight is uint8 without a \[min, scale\]/);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});
