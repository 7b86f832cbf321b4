import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { censorVideo } from '../../src/censor/index.js';
import { transformVideo } from '../../src/video/index.js';
import { parseRegion, type RegionFinder } from '../../src/inputs/regions.js';
import '../../src/censor/learned-regions.js';
import { packageRoot } from '../helpers/package-root.js';
import { meanAbsDiff, readAllFrames, tempDir } from '../video/helpers.js';

const dir = tempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('censorVideo with the faces finder pixelates the faces of a real photo and nothing far from them', async () => {
  // Ten frames of the five-portrait row of a photo shipped in @vladmandic/human, with the caption band
  // above it (text, no faces) as the area that must stay untouched.
  const photo = path.join(packageRoot('@vladmandic/human'), 'assets', 'screenshot-facedetect.jpg');
  const src = path.join(dir, 'faces.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', photo, '-vf', 'crop=800:240:0:260', '-frames:v', '10', '-r', '25',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', src]);
  // Through the registry, as `tessera censor -r faces` does.
  const faces = parseRegion('faces');
  const seen: { x: number; y: number; width: number; height: number }[][] = [];
  const recording: RegionFinder = { spec: 'faces', find: async (img) => {
    const r = await faces.find(img);
    seen.push(r.boxes.map((b) => ({ x: b.x, y: b.y, width: b.w, height: b.h })));
    return r;
  } };
  await transformVideo(src, path.join(dir, 'pass.mp4'), () => {});
  const r = await censorVideo(src, path.join(dir, 'censored.mp4'), { finders: [recording], block: 12 });
  assert.equal(r.frames, 10);
  assert.equal(seen.length, 10);
  assert.ok(seen.every((b) => b.length === 5), `faces per frame: ${seen.map((b) => b.length)}`);
  const boxes = seen[0];
  const inFace = (x: number, y: number) => boxes.some((b) => x >= b.x + 4 && x < b.x + b.width - 4 && y >= b.y + 4 && y < b.y + b.height - 4);
  const farFromFaces = (x: number, y: number) => !boxes.some((b) => x >= b.x - 24 && x < b.x + b.width + 24 && y >= b.y - 24 && y < b.y + b.height + 24);
  const [ref, out] = await Promise.all([readAllFrames(path.join(dir, 'pass.mp4')), readAllFrames(path.join(dir, 'censored.mp4'))]);
  for (const i of [0, 9]) {
    assert.ok(meanAbsDiff(ref[i], out[i], 800, 240, inFace) > 8, `frame ${i}: faces not pixelated`);
    assert.ok(meanAbsDiff(ref[i], out[i], 800, 240, farFromFaces) < 1.5, `frame ${i}: pixels far from faces changed`);
  }
});
