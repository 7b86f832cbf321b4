import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import sharp from 'sharp';
import { letterboxInput } from '../../src/finders/blazeface.js';
import { EngineFaceDetector, blazefaceAnchors, decodeBlazeface, type FaceBox } from '../../src/finders/index.js';
import { boxIou } from '../../src/util/box.js';
import { packageRoot } from '../helpers/package-root.js';

// A real photo that ships in an installed package: the face-detection screenshot of @vladmandic/human
// (MIT), whose bottom row shows five portrait tiles of ~160 px, one face each.
const PHOTO = () => path.join(packageRoot('@vladmandic/human'), 'assets', 'screenshot-facedetect.jpg');
const ROW = { left: 0, top: 340, width: 800, height: 160 };

async function load(file: string, ops: (s: sharp.Sharp) => sharp.Sharp = (s) => s) {
  const { data, info } = await ops(sharp(file)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

// the product's face finder: bf16 where the CPU has it
let detector: EngineFaceDetector;
before(() => { detector = EngineFaceDetector.load(); });

test('anchors: 16x16 grid with 2 per cell, then 8x8 with 6 per cell', () => {
  const a = blazefaceAnchors();
  assert.equal(a.length, 896 * 2);
  assert.deepEqual([a[0], a[1], a[2], a[3]], [0.5 / 16, 0.5 / 16, 0.5 / 16, 0.5 / 16]);
  assert.deepEqual([a[4], a[5]], [1.5 / 16, 0.5 / 16]); // next cell to the right
  assert.deepEqual([a[1024], a[1025]], [0.5 / 8, 0.5 / 8]); // first anchor of the 8x8 grid
});

test('letterbox input: square padding is black (-1), pixels scale to [-1, 1], 2x downscale averages', () => {
  // 2x1 image in a 2x2 square at 2x2: row 0 is the image, row 1 is padding.
  const img = { data: Uint8Array.from([0, 102, 255, 255, 0, 51]), width: 2, height: 1, channels: 3 };
  const close = (got: Float32Array, want: number[]) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-5, `${i}: ${got[i]} vs ${w}`));
  close(letterboxInput(img, 2, 2), [-1, 102 / 127.5 - 1, 1, 1, -1, 51 / 127.5 - 1, -1, -1, -1, -1, -1, -1]);
  // 4x4 -> 2x2: each output sample sits between 4 source pixels and averages them.
  const four = { data: Uint8Array.from({ length: 48 }, (_, i) => (Math.floor(i / 3) % 4) * 40), width: 4, height: 4, channels: 3 };
  const out = letterboxInput(four, 4, 2);
  close(out, [20, 20, 20, 100, 100, 100, 20, 20, 20, 100, 100, 100].map((v) => v / 127.5 - 1));
});

test('decoding: box centre = anchor + offset / 256, size / 256, score = sigmoid(logit)', () => {
  const scores = new Float32Array(896).fill(-10), regs = new Float32Array(896 * 16);
  scores[512] = 2; // first anchor of the 8x8 grid, centre (1/16, 1/16)
  regs.set([32, -16, 64, 128, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 512 * 16);
  const boxes = decodeBlazeface(scores, regs, 0.5);
  assert.equal(boxes.length, 1);
  const b = boxes[0];
  const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-6, `${x} vs ${y}`);
  close(b.x, 1 / 16 + 32 / 256 - 32 / 256);
  close(b.y, 1 / 16 - 16 / 256 - 64 / 256);
  close(b.w, 64 / 256);
  close(b.h, 128 / 256);
  close(b.score, 1 / (1 + Math.exp(-2)));
  close(b.keypoints[0][0], 1 / 16 + 8 / 256);
});

test('finds the five faces of a real photo, one per portrait tile, eyes inside the box', async () => {
  const img = await load(PHOTO(), (s) => s.extract(ROW));
  const faces = detector.detect(img);
  assert.equal(faces.length, 5, JSON.stringify(faces.map((f) => [f.x, f.y, f.score])));
  const tiles = faces.map((f) => Math.floor((f.x + f.w / 2) / 160)).sort();
  assert.deepEqual(tiles, [0, 1, 2, 3, 4]);
  for (const f of faces) {
    assert.ok(f.score >= 0.6 && f.score <= 1);
    assert.ok(f.w > 60 && f.w < 140 && f.h > 60 && f.h < 140, `face size ${f.w}x${f.h}`);
    for (const [x, y] of f.keypoints.slice(0, 2)) assert.ok(x > f.x && x < f.x + f.w && y > f.y && y < f.y + f.h, 'eye outside the face box');
  }
});

test('detection is stable under a horizontal flip and a downscale', async () => {
  const img = await load(PHOTO(), (s) => s.extract(ROW));
  const faces = detector.detect(img);
  const flipped = detector.detect(await load(PHOTO(), (s) => s.extract(ROW).flop()));
  assert.equal(flipped.length, faces.length);
  for (const f of faces) {
    const mirrored: FaceBox = { ...f, x: img.width - f.x - f.w };
    const best = Math.max(...flipped.map((g) => boxIou(g, mirrored)));
    assert.ok(best > 0.75, `flip IoU ${best.toFixed(3)}`);
  }
  const half = detector.detect(await load(PHOTO(), (s) => s.extract(ROW).resize(480)));
  assert.equal(half.length, faces.length);
  const s = 480 / 800;
  for (const f of faces) {
    const scaled: FaceBox = { ...f, x: f.x * s, y: f.y * s, w: f.w * s, h: f.h * s };
    const best = Math.max(...half.map((g) => boxIou(g, scaled)));
    assert.ok(best > 0.7, `scale IoU ${best.toFixed(3)}`);
  }
});

test('no faces in a smooth synthetic gradient', async () => {
  const w = 320, h = 240, data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) { data[3 * i] = (i % w) * 255 / w; data[3 * i + 1] = 128; data[3 * i + 2] = Math.floor(i / w); }
  assert.deepEqual(detector.detect({ data, width: w, height: h, channels: 3 }), []);
});
