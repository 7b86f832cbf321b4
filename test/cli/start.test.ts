// `npm start`'s command after set-up (scripts/start.mjs): with the shipped restorer, `tessera demo` end to
// end, as a user gets it (the real detector, safety checks and BRISQUE); without it, one line and doctor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { DEMO_OUTPUTS, DEMO_PHOTOS, demoAssetsDir } from '../../src/restore/demo.js';
import { probeVideo } from '../../src/video/probe.js';
import { shippedRestorer, shippedRestorerPresent, skipUntilShipped } from '../helpers/shipped.js';

const start = (...args: string[]) => spawnSync(process.execPath, [path.resolve('scripts/start.mjs'), ...args], { encoding: 'utf8' });

test('npm start runs the demo with the shipped restorer: grid original | mosaic | bicubic | α = 0 | α = 1, the MP4, the table', { skip: skipUntilShipped }, async () => {
  shippedRestorer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-start-'));
  const out = path.join(dir, 'demo');
  const r = start('-o', out, '--frames', '6');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(fs.readdirSync(out).sort(), [...DEMO_OUTPUTS].sort());
  assert.match(r.stdout, /\ngrid: .*restore-grid\.png +\(original \| mosaic \| bicubic \| α = 0 \| α = 1\)/);

  // five 640×400 columns with 4 px gaps; a 26 px title strip, then per photo a 26 px label strip + 400 px + gap
  const sizes = await Promise.all(DEMO_PHOTOS.map((p) => sharp(path.join(demoAssetsDir(), p.file)).metadata()));
  const grid = await sharp(path.join(out, 'restore-grid.png')).metadata();
  assert.equal(grid.format, 'png');
  assert.equal(grid.width, 5 * Math.max(...sizes.map((s) => s.width!)) + 6 * 4);
  assert.equal(grid.height, 26 + sizes.reduce((s, m) => s + 26 + m.height! + 4, 0) + 4);

  const video = await probeVideo(path.join(out, 'restore-pan.mp4'));
  assert.equal(video.frameCount, 6);

  // one block of rows per α: each photo, then the mean
  const table = fs.readFileSync(path.join(out, 'restore-scores.txt'), 'utf8');
  const rows = table.split('\n').filter((l) => l.startsWith('α = ')).map((l) => l.split(/ {2,}/)[0]);
  const block = (a: number) => [...DEMO_PHOTOS.map((p) => `α = ${a}: ${p.file} ${p.block} px`), `α = ${a}: mean`];
  assert.deepEqual(rows, [...block(0), ...block(1)]);
  assert.ok(r.stdout.includes(table.trimEnd()), 'the table printed is the one written');
  fs.rmSync(dir, { recursive: true });
});

test('npm start without the shipped restorer: one line that says so, then doctor --engine', { skip: shippedRestorerPresent ? 'the shipped restorer is there: npm start runs the demo' : false }, () => {
  const r = start();
  assert.equal(r.status, 0, r.stderr);
  const [first, ...rest] = r.stdout.split('\n');
  assert.match(first!, /^npm start: the mosaic restorer model is missing from this checkout \(no assets\/mosaic-restorer\.safetensors/);
  assert.match(rest.join('\n'), /^libtorch +\S/m, 'doctor --engine names the libtorch it loaded');
});
