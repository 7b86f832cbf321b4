import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { BRISQUE_LIVE_MODEL } from '../../src/image/brisque-model.js';
import { DEMO_PHOTOS, demoAssetsDir, runDemo } from '../../src/restore/demo.js';
import type { FaceFinder } from '../../src/restore/safety.js';
import type { SafetyChecker } from '../../src/safety/checker.js';
import { probeVideo } from '../../src/video/probe.js';
import { tinyRestorerFile, tinyRestorerPair } from '../helpers/restorers.js';

// The checkers are fakes here (restore-image.test.ts and the CLI tests run the real ones).
const allow: SafetyChecker = { name: 'fake: allows all', check: () => ({ allowed: true }) };
const noFaces: FaceFinder = { find: async () => [] };

test('demo: censors, detects and restores the sample photos; writes the grid PNG and the pan MP4', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-demo-'));
  const r = await runDemo({ outDir: path.join(dir, 'out'), modelFile: tinyRestorerFile(), videoFrames: 6, safety: allow, faces: noFaces });
  assert.equal(r.cases.length, DEMO_PHOTOS.length);
  for (const c of r.cases) {
    assert.equal(c.usedGivenRegion, false, `${c.photo}: the detector should find a ${c.block} px mosaic on a 640 px photo`);
    const restored = c.regions.filter((g) => g.status === 'restored');
    assert.ok(restored.some((g) => g.grid!.blockW === c.block), `${c.photo}: cells ${JSON.stringify(c.regions)} vs ${c.block}`);
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
  assert.deepEqual(fs.readdirSync(path.join(dir, 'out')).sort(), ['restore-grid.png', 'restore-pan.mp4', 'restore-scores.txt']);
  // the table file: the header line, the two header rows, a row per photo and the mean
  const table = fs.readFileSync(r.table, 'utf8').trimEnd().split('\n');
  assert.deepEqual(table.slice(3).map((l) => l.split(/ {2,}/)[0]), [...DEMO_PHOTOS.map((p) => `${p.file} ${p.block} px`), 'mean']);
  fs.rmSync(dir, { recursive: true });
});

test('demo with a restorer pair: original | mosaic | bicubic | α = 0 | α = 1, a table block per detail', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-demo-pair-'));
  const photos = DEMO_PHOTOS.slice(0, 1);
  const brisque = fs.existsSync(BRISQUE_LIVE_MODEL);
  const r = await runDemo({ outDir: path.join(dir, 'out'), modelFile: tinyRestorerPair().pair, photos, videoFrames: 2, brisque, safety: allow, faces: noFaces });
  const [c] = r.cases;
  assert.deepEqual(c!.columns.map((k) => k.detail), [0, 1]);
  // each α column is scored with BRISQUE too (when the LIVE model is installed), and the table's rows carry it
  if (brisque) for (const k of c!.columns) assert.ok(k.scores.brisque! >= 0 && k.scores.brisque! <= 100, `α = ${k.detail}: ${k.scores.brisque}`);
  if (brisque) for (const row of r.rows) assert.notEqual(row.scores.restorer.brisque, undefined, row.group);
  assert.equal(c!.scores.restorer, c!.columns[0]!.scores);
  assert.notEqual(c!.columns[0]!.scores.psnr, c!.columns[1]!.scores.psnr);
  assert.deepEqual(r.rows.map((row) => row.group), ['α = 0: boats.jpg 8 px', 'α = 0: mean', 'α = 1: boats.jpg 8 px', 'α = 1: mean']);
  assert.match(fs.readFileSync(r.table, 'utf8'), /\nα = 1: mean +1 /);
  const meta = await sharp(r.grid).metadata(), size = await sharp(path.join(demoAssetsDir(), photos[0]!.file)).metadata();
  assert.equal(meta.width, 5 * size.width! + 6 * 4);
  // a single-set model refuses a detail column other than 0
  await assert.rejects(runDemo({ outDir: path.join(dir, 'x'), modelFile: tinyRestorerFile(), photos, details: [0, 1], videoFrames: 1, safety: allow, faces: noFaces }), /holds one weight set/);
  assert.ok(!fs.existsSync(path.join(dir, 'x')));
  fs.rmSync(dir, { recursive: true });
});
