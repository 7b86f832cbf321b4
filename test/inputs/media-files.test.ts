// The media listing censor, restore and translate share, and the rule that no output lands on its input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isImageFile } from '../../src/image/raster.js';
import { checkNotOverwriting, isMediaFile, listMedia } from '../../src/inputs/media-files.js';

test('listMedia: images and videos under a folder, recursively, relative and sorted; a filter narrows it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-media-'));
  try {
    for (const f of ['b.png', 'a/c.JPG', 'a/d.mp4', 'a/e/f.webp', 'notes.txt', 'a/g.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    assert.deepEqual(listMedia(dir), [path.join('a', 'c.JPG'), path.join('a', 'd.mp4'), path.join('a', 'e', 'f.webp'), 'b.png']);
    assert.deepEqual(listMedia(dir, isImageFile), [path.join('a', 'c.JPG'), path.join('a', 'e', 'f.webp'), 'b.png']);
    assert.ok(isMediaFile('x.mov') && isMediaFile('x.jpeg') && !isMediaFile('x.txt'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('checkNotOverwriting: the input itself (also through a link) and a folder inside the input folder are refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-overwrite-'));
  try {
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'a.png'), '');
    fs.symlinkSync(input, path.join(dir, 'link'));
    assert.throws(() => checkNotOverwriting(input, input, true), /refusing to overwrite the input/);
    assert.throws(() => checkNotOverwriting(input, path.join(dir, 'link'), true), /refusing to overwrite the input/);
    assert.throws(() => checkNotOverwriting(input, path.join(input, 'out'), true), /must not lie inside the input folder/);
    assert.throws(() => checkNotOverwriting(path.join(input, 'a.png'), path.join(dir, 'link', 'a.png'), false), /refusing to overwrite/);
    // a sibling whose name starts with the input's is not inside it; a file's output beside it is fine
    checkNotOverwriting(input, path.join(dir, 'in2'), true);
    checkNotOverwriting(path.join(input, 'a.png'), path.join(input, 'b.png'), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
