// The shipped learned mosaic detector (assets/mosaic-detector.safetensors, trained only on the training
// photos: docs/mosaic-detector.md) on the evaluation photos it never saw: synthetic mosaics with random
// boxes, styles, cell sizes and grid phases, re-encoded as JPEG or H.264, and the same photos clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { jpegRoundTrip, writeRaster } from '../../src/image/raster.js';
import { enlargedCentre, evaluateDetector, loadPhoto } from '../../src/detect/evaluate.js';
import { evaluationPhotos, patternPhotos } from '../helpers/photos.js';
import { boxesToMask, maskIoU } from '../../src/image/mask.js';
import { detectMosaicLearned } from '../../src/detect/learned.js';
import { FRAME_VERIFIER, type MosaicVerifier } from '../../src/detect/verify.js';
import { pixelate, type MosaicStyle } from '../../src/image/pixelate.js';

const photos = evaluationPhotos;

test('learned: every evaluation photo × blocks 6/10/16 × JPEG q60/q90: mean IoU ≥ 0.9, clean photos ≤ 1% flagged on average', async () => {
  const r = await evaluateDetector({ photos: photos(), blocks: [6, 10, 16], qualities: [60, 90], method: 'learned' });
  // Measured: mean IoU 0.927; clean photos 0.32% on average (the full bench: 0.932, 0.42%).
  assert.ok(r.meanIoU >= 0.9, `mean IoU ${r.meanIoU.toFixed(3)}`);
  assert.ok(r.meanFpArea <= 0.01, `clean photos: ${(r.meanFpArea * 100).toFixed(2)}% flagged on average`);
  // One photo is a known miss: the pier planks of plasma-ColdRipple (parallel lines that look like rect
  // cells) are flagged, ~14% of that photo; it is held to 20% so a worse miss there still fails. Every
  // other clean photo stays under 1%.
  const over = r.clean.filter((c) => c.fpArea > 0.01);
  const known = (c: { photo: string; fpArea: number }) => c.photo === 'plasma-ColdRipple.jpg' && c.fpArea <= 0.2;
  assert.ok(over.every(known), `flagged over 1%: ${over.map((c) => `${c.photo} q${c.quality} ${(c.fpArea * 100).toFixed(1)}%`).join(', ')}`);
});

test('learned: one frame through H.264 (x264 crf 23): mosaics found, clean frames not flagged', async () => {
  const r = await evaluateDetector({ photos: photos().filter((_, i) => i % 3 === 0), width: 320, blocks: [8, 12], qualities: [23], codec: 'h264', method: 'learned' });
  // Measured: mean IoU 0.901, clean frames 0.00% flagged.
  assert.ok(r.meanIoU >= 0.85, `mean IoU ${r.meanIoU.toFixed(3)}`);
  assert.ok(r.maxFpArea <= 0.01, `clean frames: up to ${(r.maxFpArea * 100).toFixed(2)}% flagged`);
});

test('learned: rect and circle styles are found too', async () => {
  const photo = await loadPhoto(photos().find((f) => f.includes('Garden'))!, 384);
  const truth = boxesToMask(photo.width, photo.height, [{ x: 40, y: 30, w: 200, h: 150 }]);
  for (const style of ['rect', 'circle'] as MosaicStyle[]) {
    const r = detectMosaicLearned(await jpegRoundTrip(pixelate(photo, truth, { style, block: 10, phase: [3, 2] }).image, 85));
    assert.ok(maskIoU(r.mask, truth) >= 0.85, `${style}: IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
  }
});

test('learned: a mosaic across tile borders of a large photo is found whole, with its cell size', async () => {
  const photo = await loadPhoto(photos().find((f) => f.includes('ColorfulCups'))!, 1600);
  // Tiles are 768 px: this box spans the borders at x = 768 and y = 768 (at scale 1: shrunk to the
  // working size the photo would fit one tile).
  const truth = boxesToMask(photo.width, photo.height, [{ x: 640, y: 600, w: 300, h: 260 }]);
  const r = detectMosaicLearned(await jpegRoundTrip(pixelate(photo, truth, { block: 12, phase: [5, 7] }).image, 85), { scale: 1 });
  assert.ok(maskIoU(r.mask, truth) >= 0.9, `IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
  assert.equal(r.regions.length, 1);
  assert.deepEqual([r.regions[0]!.block, r.regions[0]!.phaseX, r.regions[0]!.phaseY], [12, 5, 7]);
});

test('learned at native size: a dark, smooth photo through JPEG q60 (codec blocks, no grid lines) is not flagged', async () => {
  // plasma-DarkestHour at 2560×1600, q60: the network marked the dark lake (22% of the photo) as 8-px cells;
  // the region has no lattice once the JPEG lattice is discounted, so it is no mosaic
  const photo = await loadPhoto(photos().find((f) => f.includes('DarkestHour'))!, 'native');
  const r = detectMosaicLearned(await jpegRoundTrip(photo, 60));
  assert.ok(r.maskArea / (photo.width * photo.height) <= 0.01, `${((100 * r.maskArea) / (photo.width * photo.height)).toFixed(1)}% flagged`);
  assert.equal(r.regions.length, 0);
});

test('learned: a photo cropped, saved as JPEG q40 and enlarged 3× (a zoomed screenshot) is not flagged', async () => {
  // Session 7's detector flagged 31% of such images on average (their 8-px codec blocks become soft 24-px
  // squares; a smooth sky's are near-flat, a mosaic's cells in all but their edges); session 8's 1.5% of the
  // first of these; with the edge-sharpness test (detect/verify.ts) none: at most 0.5% each, 0.1% on average.
  const shares: number[] = [];
  for (const file of photos().slice(0, 8)) {
    const image = await enlargedCentre(await loadPhoto(file, 1024), 3);
    shares.push(detectMosaicLearned(image).maskArea / (image.width * image.height));
  }
  const listed = shares.map((v, k) => `${path.basename(photos()[k]!)} ${(100 * v).toFixed(1)}%`).join(', ');
  assert.ok(Math.max(...shares) <= 0.005, listed);
  assert.ok(shares.reduce((a, b) => a + b, 0) / shares.length <= 0.001, listed);
});

test('learned: an enlarged smooth sky the coarse look is sure of is left alone (no evidence of a lattice)', async () => {
  // skimage-rocket's centre enlarged 3×: the sky's soft 24-px JPEG blocks, half-believed by the main pass and
  // sure to the coarse look (0.94); its grid (3 px) holds none of the jumps and crosses no edge
  const image = await enlargedCentre(await loadPhoto(patternPhotos().find((f) => f.includes('skimage-rocket'))!, 'native'), 3);
  const area = (v?: MosaicVerifier) => detectMosaicLearned(image, v ? { verify: v } : {}).maskArea / (image.width * image.height);
  assert.equal(area(), 0);
  assert.ok(area(FRAME_VERIFIER) > 0.2, 'without the test the sky is flagged (the test would prove nothing)');
});

test('learned: flat and smooth images hold no mosaic', () => {
  const w = 200, h = 120;
  const grad = { data: new Uint8Array(w * h * 3), width: w, height: h, channels: 3 };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) grad.data.fill(Math.round(40 + x * 0.8 + y * 0.3), (y * w + x) * 3, (y * w + x) * 3 + 3);
  assert.equal(detectMosaicLearned(grad).maskArea, 0);
  const flat = { data: new Uint8Array(w * h * 3).fill(128), width: w, height: h, channels: 3 };
  assert.equal(detectMosaicLearned(flat).maskArea, 0);
});

test('tessera detect --json and -o MASK (learned by default); the mask never overwrites the input', async () => {
  const photo = await loadPhoto(photos()[0]!, 256);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-detect-'));
  const truth = boxesToMask(photo.width, photo.height, [{ x: 30, y: 20, w: 120, h: 90 }]);
  const input = path.join(dir, 'm.png');
  await writeRaster(input, pixelate(photo, truth, { block: 10 }).image);
  const tessera = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', 'detect', ...args], { encoding: 'utf8' });
  for (const method of ['learned', 'analytic']) {
    const r = tessera(input, '--json', '--method', method, '-o', path.join(dir, `${method}.png`));
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.regions[0].block, 10, method);
    assert.ok(Math.abs(j.maskArea - 120 * 90) < 0.1 * 120 * 90, `${method}: maskArea ${j.maskArea}`);
    assert.ok(fs.statSync(path.join(dir, `${method}.png`)).size > 0);
  }
  const before = fs.readFileSync(input);
  const same = tessera(input, '-o', input);
  assert.notEqual(same.status, 0);
  assert.match(same.stderr, /the mask would overwrite the input/);
  assert.deepEqual(fs.readFileSync(input), before);
  const bad = tessera(input, '--method', 'magic');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--method must be one of learned, analytic/);
  fs.rmSync(dir, { recursive: true });
});

test('learned at native size: large, rect and circle cells on 1280–2560 px photos found with their grid; a clean photo stays clean', async () => {
  // The failures reported at native sizes: a 60-px circle mosaic on 2560×1600 missed, rect cells
  // 120×60 reported as 60, a 12-px circle mosaic on 1280×800 with a wrong phase.
  const garden = await loadPhoto(photos().find((f) => f.includes('Garden'))!, 'native');
  const kite = await loadPhoto(photos().find((f) => f.includes('Kite'))!, 1280);
  const cases: [typeof garden, MosaicStyle, number][] = [[garden, 'circle', 60], [garden, 'rect', 60], [kite, 'circle', 12]];
  for (const [photo, style, block] of cases) {
    const { width: W, height: H } = photo;
    const truth = boxesToMask(W, H, [{ x: Math.round(W * 0.2), y: Math.round(H * 0.25), w: Math.round(W * 0.45), h: Math.round(H * 0.45) }]);
    const made = pixelate(photo, truth, { style, block, phase: [7, 3] });
    const r = detectMosaicLearned(await jpegRoundTrip(made.image, 75));
    const name = `${style} ${block} on ${W}×${H}`;
    // 0.85: session 8's network leaves out more of a mosaic's flat cells over flat background (60-px circles: 0.89)
    assert.ok(maskIoU(r.mask, truth) >= 0.85, `${name}: IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
    assert.equal(r.regions.length, 1, name);
    const g = r.regions[0]!;
    assert.deepEqual([g.block, g.blockH, g.phaseX, g.phaseY], [made.blockW, made.blockH, 7, 3], name);
  }
  const clean = detectMosaicLearned(await jpegRoundTrip(garden, 75));
  assert.ok(clean.maskArea <= 0.01 * garden.width * garden.height, `clean Garden: ${((100 * clean.maskArea) / (garden.width * garden.height)).toFixed(2)}% flagged`);
});

test('learned: bf16 arithmetic finds the same region as fp32 (native size, 12-px cells)', async () => {
  const photo = await loadPhoto(photos()[0]!, 'native');
  const { width: W, height: H } = photo;
  const box = { x: Math.round(W * 0.3), y: Math.round(H * 0.25), w: Math.round(W * 0.3), h: Math.round(H * 0.35) };
  const mosaic = await jpegRoundTrip(pixelate(photo, boxesToMask(W, H, [box]), { block: 12, style: 'mean' }).image, 85);
  const fp32 = detectMosaicLearned(mosaic, { precision: 'fp32' }), bf16 = detectMosaicLearned(mosaic, { precision: 'bf16' });
  assert.equal(fp32.regions.length, 1, 'fp32 found one region');
  assert.equal(bf16.regions.length, 1, 'bf16 found one region');
  const agree = maskIoU(fp32.mask, bf16.mask);
  assert.ok(agree >= 0.99, `bf16 and fp32 masks overlap by IoU ${agree.toFixed(4)}`);
  assert.deepEqual([bf16.regions[0]!.block, bf16.regions[0]!.blockH], [fp32.regions[0]!.block, fp32.regions[0]!.blockH]);
  // (the box is found to a few pixels; the mask leaves out some flat cells over the smooth background: IoU 0.87)
  assert.ok(maskIoU(bf16.mask, boxesToMask(W, H, [box])) >= 0.85, 'bf16 found the mosaic');
});
