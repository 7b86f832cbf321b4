// Progress of long detections: the learned detector reports its steps (features, each tile, the regions'
// grids), restore passes an image's detection on, and the bar draws only for work that runs long.
// Counts are tested here, never timings.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadPhoto } from '../../src/detect/evaluate.js';
import { detectMosaicLearned, mosaicNetFor, mosaicProbability, tileCount } from '../../src/detect/learned.js';
import { writeRaster } from '../../src/image/raster.js';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { bicubicRestorer, restorePaths, type FaceFinder, type SafetyChecker } from '../../src/restore/index.js';
import { ProgressBar } from '../../src/cli/progress.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { tempDir } from '../helpers/images.js';

const allow: SafetyChecker = { name: 'fake: allows all', check: () => ({ allowed: true }) };
const noFaces: FaceFinder = { find: async () => [] };

/** Each call's numbers must go 0, 1, …, total with one total throughout. */
function assertCounts(calls: [number, number][], total: number) {
  assert.deepEqual(calls, Array.from({ length: total + 1 }, (_, i) => [i, total]));
}

test('mosaicProbability calls onTile once per tile, 1 … tileCount', async () => {
  const photo = await loadPhoto(evaluationPhotos()[0]!, 100);
  const seen: number[] = [];
  mosaicProbability(mosaicNetFor(), photo, 8, 32, undefined, (k) => seen.push(k));
  const n = tileCount(photo.width, photo.height, 32);
  assert.equal(n, Math.ceil(photo.width / 32) * Math.ceil(photo.height / 32));
  assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i + 1));
});

test('detectMosaicLearned reports 0 … tiles + 2 (features, tiles, grids) and finds the same with or without the callback', async () => {
  // 1700 px wide at scale 1: three tiles of 768 across, one down
  const photo = await loadPhoto(evaluationPhotos()[1]!, 1700);
  const img = { ...photo, height: 300, data: photo.data.subarray(0, 1700 * 300 * photo.channels) };
  const mosaic = pixelate(img, boxesToMask(1700, 300, [{ x: 900, y: 60, w: 240, h: 160 }]), { block: 12, phase: [0, 0] }).image;
  const calls: [number, number][] = [];
  const r = detectMosaicLearned(mosaic, { scale: 1, onProgress: (d, t) => calls.push([d, t]) });
  assert.equal(tileCount(1700, 300), 3);
  assertCounts(calls, 3 + 2);
  const plain = detectMosaicLearned(mosaic, { scale: 1 });
  assert.deepEqual(r.regions, plain.regions);
  assert.ok(r.regions.length >= 1, 'the mosaic is found');
});

test('restorePaths passes an image\'s detection on, named by its file', async () => {
  const dir = tempDir();
  const photo = await loadPhoto(evaluationPhotos()[2]!, 900);
  const mosaic = pixelate(photo, boxesToMask(photo.width, photo.height, [{ x: 300, y: 120, w: 200, h: 160 }]), { block: 12, phase: [0, 0] }).image;
  const input = path.join(dir, 'in.png');
  await writeRaster(input, mosaic);
  const calls: [number, number][] = [];
  const files: string[] = [];
  await restorePaths([input], path.join(dir, 'out.png'), {
    restorer: bicubicRestorer, safety: allow, faces: noFaces,
    onDetectProgress: (d, t, f) => { calls.push([d, t]); files.push(f); },
  });
  // the default working size shrinks 900 px to at most 1024: one tile per 768 px of the working image
  assertCounts(calls, tileCount(photo.width, photo.height) + 2);
  assert.ok(files.every((f) => f === input));
  fs.rmSync(dir, { recursive: true });
});

test('a bar with afterMs draws nothing before then; without it, it draws', () => {
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => { written.push(s); return true; }) as typeof process.stderr.write;
  try {
    const late = new ProgressBar('detect', { enabled: true, afterMs: 1e9 });
    late.update(1, 5); late.update(5, 5); late.done();
    assert.deepEqual(written, []);
    const now = new ProgressBar('detect', { enabled: true });
    now.update(5, 5); now.done();
    assert.ok((written as string[]).some((s) => s.includes('detect 5/5')), JSON.stringify(written));
  } finally {
    process.stderr.write = write;
  }
});
