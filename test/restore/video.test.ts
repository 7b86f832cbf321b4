import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { parseRegion } from '../../src/inputs/regions.js';
import { makePanZoomClip, measureFlicker } from '../../src/restore/flicker.js';
import { Restorer } from '../../src/restore/restorer.js';
import { isVideoFile, restoreVideo } from '../../src/restore/video.js';
import { SafetyWorker } from '../../src/restore/safety-worker-client.js';
import { RestoreRefusal } from '../../src/restore/safety.js';
import { censorVideo } from '../../src/censor/video.js';
import { probeVideo, transformVideo } from '../../src/video/index.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { readAllFrames, streamTypes, tempDir } from '../video/helpers.js';

let dir = '';
let clip = '';
let censored = '';
let restorer: Restorer;
const BOX = { x: 96, y: 64, w: 128, h: 96 };
const BLOCK = 8;
const GRID = { blockW: BLOCK, blockH: BLOCK, phaseX: BOX.x % BLOCK, phaseY: BOX.y % BLOCK };

before(async () => {
  dir = tempDir();
  clip = path.join(dir, 'clip.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '1', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]);
  censored = path.join(dir, 'censored.mp4');
  await censorVideo(clip, censored, { finders: [parseRegion(`box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`)], block: BLOCK });
  // an untrained restorer, kaiming-initialised so that its residual is large and follows the mosaic:
  // frame by frame it flickers, which is what the temporal test needs
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const file = path.join(dir, 'restorer.safetensors');
  saveModel(file, initWeights(buildGenerator(spec), { type: 'kaiming', seed: 3 }), spec);
  restorer = Restorer.load(file);
});
after(() => {
  restorer?.net.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('isVideoFile knows the containers the encoder writes', () => {
  assert.deepEqual(['a.mp4', 'b.MKV', 'c.webm', 'd.mov', 'e.png', 'f.jpg', 'g'].map(isVideoFile), [true, true, true, true, false, false, false]);
});

test('restoreVideo keeps frame count, size, fps and audio, and restores the given box', async () => {
  const out = path.join(dir, 'restored.mp4');
  const r = await restoreVideo(censored, out, { restorer, regions: { boxes: [BOX], grid: GRID } });
  const [a, b] = [await probeVideo(censored), await probeVideo(out)];
  assert.deepEqual([b.width, b.height, b.fps.num, b.fps.den, b.frameCount], [a.width, a.height, a.fps.num, a.fps.den, a.frameCount]);
  assert.equal(r.frames, 25);
  assert.deepEqual(streamTypes(out), ['video', 'audio']);
  assert.equal(r.regionFrames, 25);
  // one region, started once; every later frame aligned to the one before
  assert.deepEqual(r.resets, { new: 1, moved: 0, alignment: 0 });
  assert.deepEqual(r.tracks.map((t) => [t.id, t.firstFrame, t.lastFrame]), [[0, 0, 24]]);
});

test('pixels away from the region are those of the input (lossless encode)', async () => {
  const pass = path.join(dir, 'pass.mkv'), out = path.join(dir, 'restored.mkv');
  await transformVideo(censored, pass, () => {}, { crf: 0 });
  await restoreVideo(censored, out, { restorer: 'bicubic', regions: { boxes: [BOX], grid: GRID }, crf: 0 });
  const [ref, got] = [await readAllFrames(pass), await readAllFrames(out)];
  assert.equal(got.length, ref.length);
  // 4:2:0 chroma is shared by neighbours and swscale's chroma filter reaches a few pixels: keep 8 px out
  const M = 8;
  let outsideDiff = 0, insideDiff = 0;
  for (let f = 0; f < ref.length; f++) for (let y = 0; y < 240; y++) for (let x = 0; x < 320; x++) {
    const near = x >= BOX.x - M && x < BOX.x + BOX.w + M && y >= BOX.y - M && y < BOX.y + BOX.h + M;
    const inside = x >= BOX.x && x < BOX.x + BOX.w && y >= BOX.y && y < BOX.y + BOX.h;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(ref[f]![(y * 320 + x) * 3 + c]! - got[f]![(y * 320 + x) * 3 + c]!);
      if (!near) outsideDiff = Math.max(outsideDiff, d);
      if (inside) insideDiff += d;
    }
  }
  assert.equal(outsideDiff, 0, 'a pixel outside the region changed');
  assert.ok(insideDiff / (ref.length * BOX.w * BOX.h * 3) > 2, 'the region was not restored');
});

test('regions are detected every N frames and tracked between', async () => {
  // a photo (testsrc2's flat synthetic blocks look like a mosaic to the detector)
  const clean = path.join(dir, 'photo.mp4'), mosaic = path.join(dir, 'photo-mosaic.mp4'), out = path.join(dir, 'detected.mp4');
  await makePanZoomClip(evaluationPhotos()[2]!, clean, { width: 320, height: 240, frames: 25 });
  await censorVideo(clean, mosaic, { finders: [parseRegion(`box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`)], block: BLOCK });
  const r = await restoreVideo(mosaic, out, { restorer: 'bicubic', detectEvery: 5, temporal: false });
  assert.equal(r.frames, 25);
  assert.equal(r.tracks.length, 1, `expected one tracked region, got ${JSON.stringify(r.tracks)}`);
  const t = r.tracks[0]!;
  assert.deepEqual([t.firstFrame, t.lastFrame], [0, 24]);
  const iou = (() => {
    const x0 = Math.max(t.x, BOX.x), y0 = Math.max(t.y, BOX.y);
    const x1 = Math.min(t.x + t.w, BOX.x + BOX.w), y1 = Math.min(t.y + t.h, BOX.y + BOX.h);
    const i = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    return i / (t.w * t.h + BOX.w * BOX.h - i);
  })();
  assert.ok(iou > 0.8, `tracked box ${JSON.stringify(t)} is not the censored one (IoU ${iou.toFixed(2)})`);
  assert.equal(t.grid.blockW, BLOCK);
});

test('the temporal blend halves the flicker of frame-by-frame restoration on a pan and zoom', async () => {
  const photo = evaluationPhotos()[0]!;
  const r = await measureFlicker({ photo, restorer, width: 320, height: 192, frames: 24, block: 8, box: { x: 104, y: 48, w: 112, h: 96 } });
  assert.ok(r.frameByFrame.warpedFlicker > 1, `frame by frame does not flicker (${r.frameByFrame.warpedFlicker.toFixed(2)}): the test is moot`);
  assert.ok(r.ratio < 0.5, `flicker ratio ${r.ratio.toFixed(2)} (temporal ${r.temporal.warpedFlicker.toFixed(2)}, frame by frame ${r.frameByFrame.warpedFlicker.toFixed(2)})`);
  assert.ok(r.temporal.psnr > r.frameByFrame.psnr - 0.3, `PSNR ${r.temporal.psnr.toFixed(2)} vs ${r.frameByFrame.psnr.toFixed(2)} frame by frame`);
  assert.equal(r.resets.alignment, 0);
});

test('the safety worker loads beside the first frames; a loading error still fails the video and writes nothing', async () => {
  const out = path.join(dir, 'refused-load.mp4');
  process.env.TESSERA_SAFETY_THRESHOLD = '2'; // the checker refuses to load with a looser threshold
  try {
    await assert.rejects(restoreVideo(censored, out, { restorer, regions: { boxes: [BOX], grid: GRID } }), /TESSERA_SAFETY_THRESHOLD is "2"/);
  } finally {
    delete process.env.TESSERA_SAFETY_THRESHOLD;
  }
  assert.ok(!fs.existsSync(out), 'an output was written');
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('refused-load')), [], 'a temp file was left');
});

test('one safety worker serves several videos: each video\'s checks carry its own name and tracks', async () => {
  const frame = { data: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48, channels: 3 };
  process.env.TESSERA_SAFETY_THRESHOLD = '0'; // every check refuses, naming the video it came from
  const worker = SafetyWorker.start();
  delete process.env.TESSERA_SAFETY_THRESHOLD; // the worker took its copy of the environment
  try {
    const [a, b] = [worker.video('a.mp4'), worker.video('b.mp4')];
    const refused = (name: string, index: number) => (e: Error) => e instanceof RestoreRefusal && new RegExp(`^${name.replace('.', '\\.')} frame ${index}: refused`).test(e.message);
    // asked for at once, answered in order, each under its own name
    await Promise.all([assert.rejects(a.check(frame, frame, [], 0), refused('a.mp4', 0)), assert.rejects(b.check(frame, frame, [], 3), refused('b.mp4', 3))]);
    await a.close(); // a video's end lets its state go; the worker goes on for the others
    await assert.rejects(b.check(frame, frame, [], 4), refused('b.mp4', 4));
    const c = worker.video('c.mp4');
    await assert.rejects(c.check(frame, frame, [], 0), refused('c.mp4', 0));
    assert.equal(a.left.size + b.left.size + c.left.size, 0);
  } finally {
    await worker.close();
  }
  const late = worker.video('d.mp4');
  await assert.rejects(late.check(frame, frame, [], 0), /safety checks: closed/);
});
