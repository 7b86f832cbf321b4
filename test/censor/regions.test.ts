// Censor's side of the regions: the learned finders it plugs into the registry (faces, cam:CLASS) and
// censorImage / censorFrame on what the finders found. The registry itself: test/inputs/regions.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Raster } from '../../src/image/raster.js';
import { parseRegion } from '../../src/inputs/regions.js';
import { censorFrame, censorImage } from '../../src/censor/censor.js';
import '../../src/censor/learned-regions.js';

const blank = (w: number, h: number): Raster => ({ data: new Uint8Array(w * h * 3), width: w, height: h, channels: 3 });

test('finder settings out of range are refused with the spec named', () => {
  for (const [spec, why] of [['faces:5', /the minimum score must be a number > 0 and < 1, got '5'/], ['faces:0', /minimum score/],
    ['faces:0.5,2', /expected faces or faces:MIN_SCORE/], ['cam:Neutral,-1', /the minimum probability must be a number > 0 and ≤ 1, got '-1'/],
    ['cam:Neutral,0', /minimum probability/], ['cam:Neutral,0.5,0', /the threshold must be a number > 0 and ≤ 1, got '0'/],
    ['cam:Neutral,0.5,0.5,1.5', /the dilation must be a whole number ≥ 0, got '1.5'/], ['cam:Neutral,0.5,0.5,-2', /dilation/],
    ['cam:Neutral,0.5,0.5,2,9', /expected cam:CLASS\[,MIN_PROBABILITY\[,THRESHOLD\[,DILATE_PX\]\]\]/]] as const) {
    assert.throws(() => parseRegion(spec), (e: Error) => e.message.startsWith(`bad region "${spec}": `) && why.test(e.message), spec);
  }
  for (const ok of ['faces', 'faces:0.3', 'cam:Neutral', 'cam:Neutral,1', 'cam:neutral,0.4,0.3,3']) assert.equal(parseRegion(ok).spec, ok);
});

test('censorImage and censorFrame agree and report a block per region', async () => {
  const img = blank(64, 64);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 37) % 256;
  const r = await censorImage(img, [parseRegion('box:0,0,48,24;40,40,20,20')], { block: 'auto' });
  assert.deepEqual(r.regions.map((g) => g.block), [4, 4]);
  const frame = censorFrame(img.data, 64, 64, 3, r.mask, { block: 'auto' });
  assert.deepEqual(frame, r.image.data);
});

test('learned finders plug in as faces and cam:CLASS; their boxes cover whole pixels', async () => {
  await import('../../src/censor/learned-regions.js');
  const { pixelBoxes: toMosaicBoxes } = await import('../../src/util/box.js');
  assert.equal(parseRegion('faces').spec, 'faces');
  assert.equal(parseRegion('cam:Neutral').spec, 'cam:Neutral');
  assert.throws(() => parseRegion('cam:bogus'), /bogus/);
  const boxes = toMosaicBoxes([{ x: 2.5, y: 1, w: 3, h: 2, score: 0.9 }], 10, 10);
  assert.deepEqual(boxes, [{ x: 2, y: 1, w: 4, h: 2 }], 'box 2.5..5.5 × 1..3 covers whole pixels 2..5 × 1..2');
  assert.deepEqual(toMosaicBoxes([{ x: -3, y: 8, w: 5, h: 5, score: 1 }], 10, 10), [{ x: 0, y: 8, w: 2, h: 2 }], 'clipped to the image');
});
