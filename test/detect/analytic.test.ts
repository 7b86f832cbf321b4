// The detector on real photos (fetched by scripts/fetch-photos.sh, part of setup): synthetic mosaics with
// random boxes, styles and grid phases, JPEG re-encoded, and the same photos clean.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Raster } from '../../src/image/raster.js';
import { jpegRoundTrip } from '../../src/image/raster.js';
import { censorWithMask } from '../../src/censor/censor.js';
import { detectMosaic } from '../../src/detect/analytic.js';
import { evaluateDetector, loadPhoto } from '../../src/detect/evaluate.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { boxesToMask, maskIoU } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';

const photos = evaluationPhotos;

test('exact mosaics (no re-encoding) are found with the right block, phase and area', async () => {
  const photo = await loadPhoto(photos().find((f) => f.includes('LadyBird'))!, 384);
  for (const block of [5, 8, 13]) {
    const truth = boxesToMask(photo.width, photo.height, [{ x: 40, y: 30, w: 200, h: 150 }]);
    const m = pixelate(photo, truth, { block, phase: [3, 2] });
    const r = detectMosaic(m.image);
    assert.equal(r.regions.length, 1, `block ${block}`);
    assert.deepEqual([r.regions[0]!.block, r.regions[0]!.phaseX, r.regions[0]!.phaseY], [block, 3 % block, 2 % block]);
    assert.ok(maskIoU(r.mask, truth) >= 0.9, `block ${block}: IoU ${maskIoU(r.mask, truth)}`);
  }
});

test('two regions censored with different cell sizes are both found (two lattices)', async () => {
  for (const name of ['LadyBird', 'Garden']) {
    const photo = await loadPhoto(photos().find((f) => f.includes(name))!, 384);
    const truth = boxesToMask(photo.width, photo.height, [{ x: 20, y: 20, w: 150, h: 110 }, { x: 230, y: 100, w: 120, h: 100 }]);
    const censored = censorWithMask(photo, truth, { block: 'auto', autoDivisor: 10 });
    assert.deepEqual(censored.regions.map((g) => g.block), [11, 10]);
    const r = detectMosaic(await jpegRoundTrip(censored.image, 90));
    const blocks = new Set(r.regions.map((g) => g.block));
    assert.ok(blocks.has(10) && blocks.has(11), `${name}: blocks found ${[...blocks]}`);
    assert.ok(maskIoU(r.mask, truth) >= 0.85, `${name}: IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
  }
});

test('a small mosaic in a large photo is found (windowed lattice search); the clean photo is not flagged', async () => {
  const photo = await loadPhoto(photos().find((f) => f.includes('ColorfulCups'))!, 1280);
  const truth = boxesToMask(photo.width, photo.height, [{ x: 700, y: 420, w: 240, h: 180 }]);
  const r = detectMosaic(await jpegRoundTrip(pixelate(photo, truth, { block: 12, phase: [5, 7] }).image, 85));
  assert.ok(r.regions.some((g) => g.block === 12), `blocks found: ${r.regions.map((g) => g.block)}`);
  // Measured 0.75: the outline overshoots by up to a cell where smooth picture meets cut cells.
  assert.ok(maskIoU(r.mask, truth) >= 0.7, `IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
  assert.ok(detectMosaic(await jpegRoundTrip(photo, 85)).maskArea <= 0.01 * photo.width * photo.height);
});

test('rect style: cell width and height are found separately', async () => {
  const photo = await loadPhoto(photos().find((f) => f.includes('Garden'))!, 384);
  const truth = boxesToMask(photo.width, photo.height, [{ x: 40, y: 30, w: 200, h: 150 }]);
  const m = pixelate(photo, truth, { style: 'rect', block: 8, phase: [3, 2] });
  const r = detectMosaic(await jpegRoundTrip(m.image, 90));
  assert.deepEqual(r.regions.map((g) => [g.block, g.blockH]), [[16, 8]]);
  assert.ok(maskIoU(r.mask, truth) >= 0.88, `IoU ${maskIoU(r.mask, truth).toFixed(3)}`); // measured 0.92
});

test('flat and smooth images hold no mosaic', () => {
  const w = 200, h = 120;
  const grad: Raster = { data: new Uint8Array(w * h * 3), width: w, height: h, channels: 3 };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) grad.data.fill(Math.round(40 + x * 0.8 + y * 0.3), (y * w + x) * 3, (y * w + x) * 3 + 3);
  assert.equal(detectMosaic(grad).maskArea, 0);
  const flat: Raster = { data: new Uint8Array(w * h * 3).fill(128), width: w, height: h, channels: 3 };
  assert.equal(detectMosaic(flat).maskArea, 0);
});

test('analytic: real photos × blocks × JPEG qualities: IoU and false-positive area stay within bounds', async () => {
  // A subset keeps the test in seconds; `npm run bench -- detect` runs all photos.
  const r = await evaluateDetector({ photos: photos().filter((_, i) => i % 3 === 0), width: 320, blocks: [8, 14], qualities: [60, 90], method: 'analytic' });
  // Measured levels (see the bench): clean photos stay far below 1% flagged; the mosaic IoU bound is the
  // one this detector reaches today, below the 0.9 goal (mosaics over flat sky carry no visible steps).
  assert.ok(r.maxFpArea <= 0.01, `clean photos: up to ${(r.maxFpArea * 100).toFixed(2)}% flagged`);
  // Measured on this subset: mean IoU 0.82, q90 0.89, clean photos 0.00% flagged.
  assert.ok(r.meanIoU >= 0.78, `mean IoU ${r.meanIoU.toFixed(3)}`);
  const q90 = r.cases.filter((c) => c.quality === 90);
  const q90IoU = q90.reduce((s, c) => s + c.iou, 0) / q90.length;
  assert.ok(q90IoU >= 0.85, `JPEG q90 mean IoU ${q90IoU.toFixed(3)}`);
});

test('analytic: one frame through H.264 (ffmpeg, libx264 crf 18): mosaics found, clean frames not flagged', async () => {
  // Measured on this subset: mean IoU 0.67, clean frames 0.00% flagged.
  const r = await evaluateDetector({ photos: photos().filter((_, i) => i % 4 === 1), width: 320, blocks: [12], qualities: [18], codec: 'h264', method: 'analytic' });
  assert.ok(r.maxFpArea <= 0.01, `clean frames: up to ${(r.maxFpArea * 100).toFixed(2)}% flagged`);
  assert.ok(r.meanIoU >= 0.6, `mean IoU ${r.meanIoU.toFixed(3)}`);
});
