import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { censorPath } from '../../src/censor/files.js';
import { parseRegion } from '../../src/inputs/regions.js';
import '../../src/censor/learned-regions.js';
import { probeVideo } from '../../src/video/index.js';
import { makeTestVideo, streamTypes, tempDir } from '../video/helpers.js';

const dir = tempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('registry: faces and cam:CLASS specs parse; bad ones fail with the spec in the message', async () => {
  assert.equal(parseRegion('faces').spec, 'faces');
  assert.equal(parseRegion('faces:0.8').spec, 'faces:0.8');
  assert.throws(() => parseRegion('faces:high'), /bad region "faces:high"/);
  assert.throws(() => parseRegion('cam:cats'), /unknown CAM class 'cats'/);
  // cam mask is 0/255 and matches its boxes' extent on a small synthetic RGBA image (any Neutral probability taken).
  const w = 64, h = 48, data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) { data[4 * i] = (i % w) * 4; data[4 * i + 1] = 100; data[4 * i + 2] = (i / w) * 5; data[4 * i + 3] = 255; }
  const r = await parseRegion('cam:Neutral,1e-6,0.5,2').find({ data, width: w, height: h, channels: 4 });
  assert.equal(r.mask.data.length, w * h);
  assert.ok(r.mask.data.every((v) => v === 0 || v === 255));
  assert.ok(r.boxes.length >= 1);
  // every masked pixel lies in a box, and the boxes reach no further than the mask: their extent is the mask's
  const inBox = (x: number, y: number) => r.boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (r.mask.data[y * w + x]) {
    assert.ok(inBox(x, y), `masked pixel ${x},${y} outside every box`);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  const bx0 = Math.min(...r.boxes.map((b) => b.x)), by0 = Math.min(...r.boxes.map((b) => b.y));
  const bx1 = Math.max(...r.boxes.map((b) => b.x + b.w - 1)), by1 = Math.max(...r.boxes.map((b) => b.y + b.h - 1));
  assert.deepEqual([bx0, by0, bx1, by1], [x0, y0, x1, y1], 'the boxes span exactly the mask');
});

test('censorPath hands videos to censorVideo (as `tessera censor in.mp4 -o out.mkv -r box:…` does)', async () => {
  const src = makeTestVideo(path.join(dir, 'in.mp4'), { seconds: 1 });
  const out = path.join(dir, 'out.mkv');
  const files = await censorPath(src, out, { finders: [parseRegion('box:40,30,120,90')], block: 10 });
  assert.equal(files.length, 1);
  assert.deepEqual(files[0].regions.map((r) => [r.x, r.y, r.w, r.h, r.block]), [[40, 30, 120, 90, 10]]);
  const info = await probeVideo(out);
  assert.deepEqual([info.width, info.height, info.frameCount], [320, 240, 25]);
  assert.deepEqual(streamTypes(out), ['video', 'audio']);
  await assert.rejects(censorPath(src, src, { finders: [parseRegion('box:1,1,5,5')] }), /refusing to overwrite/);
  execFileSync('ffprobe', ['-v', 'error', out]);
});

test('CLI: `tessera censor` on a video exits 0 with the output; a bad video gives one line and exit 1', async () => {
  const cli = path.resolve('dist/src/cli/main.js');
  const src = makeTestVideo(path.join(dir, 'cli-in.mp4'), { seconds: 1, audio: false });
  const out = path.join(dir, 'cli-out.webm');
  const stdout = execFileSync(process.execPath, [cli, 'censor', src, '-o', out, '-r', 'box:10,10,50,40', '--crf', '40', '--detect-every', '2'], { encoding: 'utf8' });
  assert.match(stdout, /cli-out\.webm: 1 region\(s\)/);
  const info = await probeVideo(out);
  assert.deepEqual([info.videoCodec, info.frameCount, info.hasAudio], ['vp9', 25, false]);
  const bad = path.join(dir, 'bad.mp4');
  fs.writeFileSync(bad, 'not a video');
  const r = spawnSync(process.execPath, [cli, 'censor', bad, '-o', path.join(dir, 'x.mp4'), '-r', 'faces'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /bad\.mp4: not a readable video/);
});
