import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DataLoader, openDataset, planTransform, toFloatCHW, type DatasetOptions, type HostBatch } from '../../src/data/index.js';
import { makeAlignedDataset, makeUnalignedDataset, shapeImage, tempDir, writeImage } from '../helpers/images.js';

const base = (dataDir: string, over: Partial<DatasetOptions> = {}): DatasetOptions => ({
  mode: 'aligned', dataDir, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: false,
  transform: { preprocess: 'none', loadSize: 16, cropSize: 16, flip: false }, ...over,
});
const px = (u8: number) => (u8 / 255 - 0.5) / 0.5;

test('transform plans follow the reference: resize_and_crop, scale_width, crop ranges, flip', () => {
  const o = { preprocess: 'resize_and_crop' as const, loadSize: 286, cropSize: 256, flip: true };
  assert.deepEqual(planTransform(600, 400, o, [0, 0, 0.4]), { resize: [286, 286], crop: [0, 0, 256, 256], flip: false });
  assert.deepEqual(planTransform(600, 400, o, [0.9999, 0.5, 0.6]).crop, [30, 15, 256, 256]);
  assert.equal(planTransform(600, 400, { ...o, flip: false }, [0, 0, 0.9]).flip, false);
  assert.deepEqual(planTransform(600, 300, { ...o, preprocess: 'scale_width' }, [0, 0, 0]).resize, [286, 256]);
  assert.deepEqual(planTransform(100, 50, { ...o, preprocess: 'scale_width' }, [0, 0, 0]).resize, [286, 256]); // max(143, 256)
  assert.deepEqual(planTransform(30, 42, { ...o, preprocess: 'none' }, [0, 0, 0]).resize, [32, 40]);
  // crop and flip on pixels: a 3×2 RGB image, crop 2×2 at x=1, mirrored
  const img = Uint8Array.from([0, 0, 0, 10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40, 50, 50, 50]);
  const out = toFloatCHW(img, 3, 3, { resize: null, crop: [1, 0, 2, 2], flip: true }, 2);
  assert.deepEqual(Array.from(out.slice(0, 4)), [20, 10, 50, 40].map((v) => Math.fround(px(v))));
});

test('aligned loader splits A | B, maps to [-1, 1] CHW and honours the direction', async () => {
  const dir = tempDir();
  await makeAlignedDataset(dir, 3, 8, 8);
  const ds = openDataset(base(dir));
  const loader = new DataLoader(ds, { batchSize: 2, shuffle: false, seed: 0, direction: 'AtoB', workers: 1 });
  const batches: HostBatch[] = [];
  for await (const b of loader.epoch(0)) batches.push(b);
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[0]!.A.shape, [2, 3, 8, 8]);
  assert.deepEqual(batches[1]!.A.shape, [1, 3, 8, 8]);
  const a = shapeImage(8, 8, 1); // first file, A side: pixel (0,0) red channel and (x=3,y=2) green channel
  assert.equal(batches[0]!.A.data[0], Math.fround(px(a[0]!)));
  assert.equal(batches[0]!.B!.data[0], Math.fround(px(255 - a[0]!)));
  assert.equal(batches[0]!.A.data[64 + 2 * 8 + 3], Math.fround(px(a[(2 * 8 + 3) * 3 + 1]!)));
  await loader.close();
  const rev = new DataLoader(ds, { batchSize: 1, shuffle: false, seed: 0, direction: 'BtoA', workers: 1 });
  const first = (await rev.epoch(0).next()).value!;
  assert.equal(first.A.data[0], Math.fround(px(255 - a[0]!)));
  await rev.close();
  fs.rmSync(dir, { recursive: true });
});

test('shuffling and augmentation are seeded and restart mid-epoch identically', async () => {
  const dir = tempDir();
  await makeAlignedDataset(dir, 5, 12, 12);
  const ds = openDataset(base(dir, { transform: { preprocess: 'resize_and_crop', loadSize: 14, cropSize: 10, flip: true } }));
  const loader = new DataLoader(ds, { batchSize: 1, shuffle: true, seed: 3, direction: 'AtoB', workers: 2, prefetch: 3 });
  const all: HostBatch[] = [];
  for await (const b of loader.epoch(1)) all.push(b);
  const tail: HostBatch[] = [];
  for await (const b of loader.epoch(1, 2)) tail.push(b);
  assert.deepEqual(tail.map((b) => b.paths), all.slice(2).map((b) => b.paths));
  tail.forEach((b, i) => assert.deepEqual(b.A.data, all[i + 2]!.A.data));
  assert.notDeepEqual(loader.order(0), loader.order(1));
  assert.ok(all.every((b) => b.waitMs >= 0));
  await loader.close();
  fs.rmSync(dir, { recursive: true });
});

test('unaligned: serial pairing, grayscale channels, max dataset size', async () => {
  const dir = tempDir();
  await makeUnalignedDataset(dir, 4, 2, 8, 8);
  const ds = openDataset(base(dir, { mode: 'unaligned', serialBatches: true, inputNc: 1, maxDatasetSize: 3 }));
  assert.equal(ds.length, 3);
  const loader = new DataLoader(ds, { batchSize: 1, shuffle: false, seed: 0, direction: 'AtoB', workers: 1 });
  const got: HostBatch[] = [];
  for await (const b of loader.epoch(0)) got.push(b);
  assert.deepEqual(got.map((b) => b.paths[0] && path.basename(b.paths[0])), ['a0.png', 'a1.png', 'a2.png']);
  assert.deepEqual(got[0]!.A.shape, [1, 1, 8, 8]);
  assert.deepEqual(got[0]!.B!.shape, [1, 3, 8, 8]);
  await loader.close();
  fs.rmSync(dir, { recursive: true });
});

test('bad data gives errors that name the folder or file', async () => {
  const dir = tempDir();
  assert.throws(() => openDataset(base(path.join(dir, 'nope'))), /nope: dataset folder does not exist/);
  assert.throws(() => openDataset(base(dir)), new RegExp(`${dir}: no images found`));
  assert.throws(() => openDataset(base(dir, { mode: 'unaligned' })), /no trainA\/ or trainB\/ folder \(cyclegan reads unpaired images/);
  await writeImage(path.join(dir, 'train', 'good.png'), shapeImage(8, 4, 1), 8, 4);
  fs.writeFileSync(path.join(dir, 'train', 'broken.png'), 'not a png');
  const loader = new DataLoader(openDataset(base(dir)), { batchSize: 1, shuffle: false, seed: 0, direction: 'AtoB', workers: 1 });
  await assert.rejects(async () => { for await (const b of loader.epoch(0)) void b; }, /broken\.png: cannot read image/);
  await loader.close();
  fs.rmSync(dir, { recursive: true });
});
