import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { makePairs } from '../../src/censor/pairs.js';

test('pairs: S×2S images, B half is the crop, A differs only inside the regions, split and manifest', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pairs-'));
  const px = Buffer.alloc(80 * 60 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 13) % 256;
  fs.mkdirSync(path.join(dir, 'photos'));
  await sharp(px, { raw: { width: 80, height: 60, channels: 3 } }).png().toFile(path.join(dir, 'photos', 'p.png'));
  const recs = await makePairs(path.join(dir, 'photos'), path.join(dir, 'ds'), { count: 12, size: 32, block: [4, 6], seed: 1, testFraction: 0.3 });
  assert.equal(recs.length, 12);
  const splits = new Set(recs.map((r) => r.file.split(path.sep)[0]));
  assert.deepEqual([...splits].sort(), ['test', 'train']);
  for (const r of recs) {
    const { data, info } = await sharp(path.join(dir, 'ds', r.file)).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [64, 32]);
    assert.ok(r.block >= 4 && r.block <= 6);
    // Outside every region the two halves are identical (no JPEG asked for).
    let inside = 0, differs = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
      const inRegion = r.regions.some((g) => x >= g.x && x < g.x + g.w && y >= g.y && y < g.y + g.h);
      const a = (y * 64 + x) * 3, b = (y * 64 + x + 32) * 3;
      const same = data[a] === data[b] && data[a + 1] === data[b + 1] && data[a + 2] === data[b + 2];
      if (!inRegion) assert.ok(same, `${r.file}: pixel ${x},${y} outside the regions changed`);
      else { inside++; if (!same) differs++; }
    }
    assert.ok(differs > inside * 0.3, `${r.file}: the mosaic half barely differs (${differs}/${inside})`);
    // B is the photo's square crop (the whole short side, 60 px, at some left edge) scaled to 32: find that edge
    const B = Buffer.alloc(32 * 32 * 3);
    for (let y = 0; y < 32; y++) data.copy(B, y * 32 * 3, (y * 64 + 32) * 3, (y * 64 + 64) * 3);
    let found = -1;
    for (let left = 0; left <= 20 && found < 0; left++) {
      const crop = await sharp(px, { raw: { width: 80, height: 60, channels: 3 } }).extract({ left, top: 0, width: 60, height: 60 }).resize(32, 32).raw().toBuffer();
      if (crop.equals(B)) found = left;
    }
    assert.ok(found >= 0, `${r.file}: the B half is no 60-px crop of the photo scaled to 32`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'ds', 'pairs.json'), 'utf8'));
  assert.equal(manifest.pairs.length, 12);
  const again = await makePairs(path.join(dir, 'photos'), path.join(dir, 'ds2'), { count: 12, size: 32, block: [4, 6], seed: 1, testFraction: 0.3 });
  assert.deepEqual(again, recs, 'same seed, same dataset');
  await assert.rejects(makePairs(path.join(dir, 'nope'), path.join(dir, 'x'), { count: 1, size: 8, block: [2, 3] }), /nope: not a folder/);
  fs.rmSync(dir, { recursive: true });
});

test('tessera pairs refuses a non-empty folder (--overwrite replaces the old pairs) and goes on past a bad photo', async () => {
  const cli = path.resolve('dist/src/cli/main.js');
  const pairs = (...args: string[]) => spawnSync(process.execPath, [cli, 'pairs', ...args], { encoding: 'utf8' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pairs-cli-'));
  const photos = path.join(dir, 'photos'), ds = path.join(dir, 'ds');
  fs.mkdirSync(photos);
  const px = Buffer.alloc(40 * 30 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7) % 256;
  await sharp(px, { raw: { width: 40, height: 30, channels: 3 } }).png().toFile(path.join(photos, 'p.png'));
  const first = pairs(photos, '-o', ds, '--count', '6', '--size', '16', '--test-fraction', '0');
  assert.equal(first.status, 0, first.stderr);
  assert.equal(fs.readdirSync(path.join(ds, 'train')).length, 6);
  const again = pairs(photos, '-o', ds, '--count', '2', '--size', '16', '--test-fraction', '0');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^tessera: .*ds: is not empty \(pairs of an earlier run would mix with the new ones\).*--overwrite\n$/);
  assert.equal(fs.readdirSync(path.join(ds, 'train')).length, 6, 'nothing touched');
  fs.writeFileSync(path.join(photos, 'a-broken.jpg'), 'nope');
  const over = pairs(photos, '-o', ds, '--count', '2', '--size', '16', '--test-fraction', '0', '--overwrite');
  assert.equal(over.status, 1);
  const lines = over.stderr.trim().split('\n');
  assert.match(lines[0]!, /^tessera: .*a-broken\.jpg: cannot read image/);
  assert.match(lines[1]!, /^tessera: 1 of 2 files failed$/);
  assert.match(over.stdout, /2 train \+ 0 test pairs/);
  assert.deepEqual(fs.readdirSync(path.join(ds, 'train')).sort(), ['000000.png', '000001.png'], 'the old pairs are gone, both new ones made');
  assert.equal(JSON.parse(fs.readFileSync(path.join(ds, 'pairs.json'), 'utf8')).pairs.length, 2);
  fs.rmSync(dir, { recursive: true });
});

test('pairs --test-fraction f puts exactly round(f × count) pairs in test/, a different choice per seed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pairs-split-'));
  const px = Buffer.alloc(40 * 30 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 13) % 256;
  fs.mkdirSync(path.join(dir, 'photos'));
  await sharp(px, { raw: { width: 40, height: 30, channels: 3 } }).png().toFile(path.join(dir, 'photos', 'p.png'));
  const tests = async (count: number, testFraction: number, seed: number) => {
    const recs = await makePairs(path.join(dir, 'photos'), path.join(dir, `ds-${count}-${testFraction}-${seed}`), { count, size: 8, block: [2, 2], seed, testFraction });
    return recs.filter((r) => r.file.startsWith(`test${path.sep}`)).map((r) => r.file);
  };
  for (const [count, want] of [[20, 2], [40, 4], [100, 10]] as const) assert.equal((await tests(count, 0.1, 0)).length, want, `${count} pairs`);
  assert.equal((await tests(7, 0.5, 0)).length, 4); // round half up: 3.5 → 4
  assert.equal((await tests(5, 0, 0)).length, 0);
  assert.equal((await tests(5, 1, 0)).length, 5);
  assert.notDeepEqual(await tests(40, 0.1, 1), await tests(40, 0.1, 2));
  fs.rmSync(dir, { recursive: true });
});
