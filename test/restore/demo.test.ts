import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { DEMO_PHOTOS, demoAssetsDir, runDemo } from '../../src/restore/demo.js';
import { probeVideo } from '../../src/video/probe.js';
import { tinyRestorerFile } from './tiny-restorer.js';

test('demo: censors, detects and restores the sample photos; writes the grid PNG and the pan MP4', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-demo-'));
  const r = await runDemo({ outDir: path.join(dir, 'out'), modelFile: tinyRestorerFile(dir), videoFrames: 6 });
  assert.equal(r.cases.length, DEMO_PHOTOS.length);
  for (const c of r.cases) {
    assert.equal(c.usedGivenRegion, false, `${c.photo}: the detector should find a ${c.block} px mosaic on a 640 px photo`);
    assert.ok(c.detected.some((d) => d.grid.blockW === c.block), `${c.photo}: cells ${JSON.stringify(c.detected)} vs ${c.block}`);
    assert.ok(c.scores.bicubic.psnr > c.scores.mosaic.psnr, `${c.photo}: bicubic beats the mosaic`);
  }
  assert.deepEqual(r.rows.map((row) => row.n), [...DEMO_PHOTOS.map(() => 1), DEMO_PHOTOS.length]);

  // four 640×400 columns with 4 px gaps; a 26 px title strip, then per photo a 26 px label strip + 400 px + gap
  const sizes = await Promise.all(DEMO_PHOTOS.map((p) => sharp(path.join(demoAssetsDir(), p.file)).metadata()));
  const meta = await sharp(r.grid).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 4 * Math.max(...sizes.map((s) => s.width!)) + 5 * 4);
  assert.equal(meta.height, 26 + sizes.reduce((s, m) => s + 26 + m.height! + 4, 0) + 4);

  const video = await probeVideo(r.video);
  assert.equal(video.frameCount, 6);
  assert.deepEqual([video.width, video.height, video.fps.num / video.fps.den], [800, 324, 24]);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'out')).sort(), ['restore-grid.png', 'restore-pan.mp4']);
  fs.rmSync(dir, { recursive: true });
});
