import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';
import { maskArea } from '../../src/image/mask.js';
import { findRegions, parseBoxes, parseRegion, registerFinder } from '../../src/censor/regions.js';
import { censorFrame, censorImage } from '../../src/censor/censor.js';
import '../../src/censor/learned-regions.js';

const blank = (w: number, h: number): Raster => ({ data: new Uint8Array(w * h * 3), width: w, height: h, channels: 3 });

test('box specs parse, several boxes unite, bad boxes are refused with the spec in the message', async () => {
  assert.deepEqual(parseBoxes('1,2,3,4;10,20,30,40'), [{ x: 1, y: 2, w: 3, h: 4 }, { x: 10, y: 20, w: 30, h: 40 }]);
  for (const bad of ['1,2,3', '1,2,3,0', 'a,b,c,d', '1,2,-3,4', '1.5,2,3,4']) {
    assert.throws(() => parseRegion(`box:${bad}`), new RegExp(`bad box "${bad.replace(/[.]/g, '\\.')}"`));
  }
  const r = await findRegions(blank(100, 50), [parseRegion('box:0,0,10,10'), parseRegion('box:5,5,10,10'), parseRegion('box:90,40,50,50')]);
  assert.equal(maskArea(r.mask), 100 + 100 - 25 + 100, 'union, clipped to the image');
  assert.deepEqual(r.boxes, [{ x: 0, y: 0, w: 15, h: 15 }, { x: 90, y: 40, w: 10, h: 10 }]);
  assert.throws(() => parseRegion('nosuch:1'), /unknown region "nosuch:1" \(known: .*box.*mask/);
});

test('boxes join as box:…;box:… too, and one over the left or top edge is clipped like one over the right or bottom', async () => {
  assert.deepEqual(parseBoxes('box:1,2,3,4;box:10,20,30,40'), [{ x: 1, y: 2, w: 3, h: 4 }, { x: 10, y: 20, w: 30, h: 40 }]);
  const r = await findRegions(blank(100, 50), [parseRegion('box:-5,-4,10,10;box:95,46,10,10')]);
  assert.deepEqual(r.boxes, [{ x: 0, y: 0, w: 5, h: 6 }, { x: 95, y: 46, w: 5, h: 4 }]);
});

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

test('mask:FILE: nonzero pixels are the region, resized to the image; unreadable files are named', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-mask-'));
  const file = path.join(dir, 'm.png');
  // 20×10 mask with its left half white, read for a 40×20 image: nearest resize keeps a sharp half.
  const px = Buffer.alloc(20 * 10);
  for (let y = 0; y < 10; y++) px.fill(255, y * 20, y * 20 + 10);
  await sharp(px, { raw: { width: 20, height: 10, channels: 1 } }).png().toFile(file);
  const r = await parseRegion(`mask:${file}`).find(blank(40, 20));
  assert.equal(maskArea(r.mask), 20 * 20);
  assert.deepEqual(r.boxes, [{ x: 0, y: 0, w: 20, h: 20 }]);
  fs.writeFileSync(path.join(dir, 'bad.png'), 'not a png');
  await assert.rejects(parseRegion(`mask:${path.join(dir, 'bad.png')}`).find(blank(4, 4)), /bad\.png: cannot read mask image/);
  fs.rmSync(dir, { recursive: true });
});

test('registered finders plug into the parser by name', async () => {
  registerFinder('test-left-half', (arg) => ({
    spec: `test-left-half:${arg}`,
    async find(img) { return parseRegion(`box:0,0,${img.width / 2},${img.height}`).find(img); },
  }));
  const r = await findRegions(blank(10, 10), [parseRegion('test-left-half')]);
  assert.equal(maskArea(r.mask), 50);
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
