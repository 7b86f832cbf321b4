// The 2-D example: a short run writes its picture, and the generated points move toward the ring.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readRaster } from '../../src/image/index.js';
import { ringCentre, ringScore, trainGan2d } from '../../examples/gan-2d.js';

test('ringScore: points on the centres score 0 and all modes; points at the origin score the radius and none', () => {
  const on = new Float32Array(Array.from({ length: 80 }, (_, i) => ringCentre(i % 8)).flat());
  assert.deepEqual(ringScore(on).modesCovered, 8);
  assert.ok(ringScore(on).meanDistance < 1e-6);
  const origin = ringScore(new Float32Array(80));
  assert.equal(origin.modesCovered, 0);
  assert.ok(Math.abs(origin.meanDistance - 2) < 1e-6);
});

test('gan-2d: 400 steps write the picture and bring the generated points toward the ring', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gan2d-')), 'gan-2d.png');
  const s = await trainGan2d({ steps: 400, snapshots: [0, 200, 400], out, seed: 3 });
  assert.deepEqual(s.map((x) => x.step), [0, 200, 400]);
  const [first, last] = [s[0]!, s.at(-1)!];
  assert.ok(last.meanDistance < 0.5 * first.meanDistance, `mean distance to the ring ${first.meanDistance} → ${last.meanDistance}`);
  assert.ok(last.modesCovered >= 4, `modes covered at the end: ${last.modesCovered}`);
  const img = await readRaster(out);
  assert.ok(img.width > 3 * 280 && img.height > 280, `picture ${img.width}×${img.height}`);
  // generated points are drawn orange (230, 110, 20): the picture must hold some
  let orange = 0;
  for (let i = 0; i < img.data.length; i += img.channels) if (img.data[i] === 230 && img.data[i + 1] === 110 && img.data[i + 2] === 20) orange++;
  assert.ok(orange > 100, `orange pixels: ${orange}`);
});
