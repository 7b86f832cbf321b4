// The region registry of the command lines (inputs/regions.ts): box: and mask: specs, their union, and
// finders that other rooms plug in by name. The learned finders (faces, cam:CLASS) are censor's tests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';
import { maskArea } from '../../src/image/mask.js';
import { findRegions, parseBoxes, parseRegion, registerFinder } from '../../src/inputs/regions.js';

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
