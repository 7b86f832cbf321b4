import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tensor, tidy } from '../../src/engine/index.js';
import { loadSafetensors, saveSafetensors } from '../../src/io/safetensors.js';

test('safetensors read back from a file keep every tensor\'s own values', () => {
  // readFileSync returns a Buffer whose slices share one pool: each tensor must copy its own bytes
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-st-')), 'x.safetensors');
  tidy(() => saveSafetensors(file, { a: tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]), b: tensor([9, 10], [2]), c: tensor([3], [1], { dtype: 'uint8' }) }));
  const { tensors } = loadSafetensors(file);
  assert.deepEqual(tensors.get('a')!.toArray(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(tensors.get('b')!.toArray(), [9, 10]);
  assert.deepEqual(tensors.get('c')!.toArray(), [3]);
  for (const t of tensors.values()) t.dispose();
  fs.rmSync(path.dirname(file), { recursive: true });
});
