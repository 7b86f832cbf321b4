// restoreImage on real photos: pixels outside the regions keep their bytes (given boxes, mask files,
// detected regions; every style), refusals (explicit input or output) and faces (region left alone),
// and the bad inputs that must fail clearly. Checkers are fakes here (they are interfaces); one test runs
// the bundled classifier and face detector on a benign photo.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';
import { loadPhoto } from '../../src/detect/evaluate.js';
import { boxesToMask, type Box, type Mask } from '../../src/image/mask.js';
import { MOSAIC_STYLES, pixelate } from '../../src/image/pixelate.js';
import { parseRegion } from '../../src/inputs/regions.js';
import {
  FACE_REASON, NoGridError, NoMosaicError, restoreImage, RestoreRefusal, Restorer, type FaceFinder, type SafetyChecker,
} from '../../src/restore/index.js';
import { grownBox } from '../../src/restore/safety.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { restorerUnderTest, tinyRestorerFile } from '../helpers/restorers.js';

const allow: SafetyChecker = { name: 'fake: allows all', check: () => ({ allowed: true }) };
const noFaces: FaceFinder = { find: async () => [] };
const restorer = () => Restorer.load(tinyRestorerFile());

async function photo(i = 1, width = 320): Promise<Raster> {
  return loadPhoto(evaluationPhotos()[i]!, width);
}

/** Every pixel the mask does not mark has the input's bytes; some marked pixel changed. */
function assertOutsideUntouched(input: Raster, output: Raster, mask: Mask, what: string): void {
  const C = input.channels;
  let changedInside = 0;
  for (let p = 0; p < mask.data.length; p++) for (let k = 0; k < C; k++) {
    if (mask.data[p]) { if (output.data[p * C + k] !== input.data[p * C + k]) changedInside++; continue; }
    if (output.data[p * C + k] !== input.data[p * C + k]) assert.fail(`${what}: pixel ${p % mask.width},${Math.floor(p / mask.width)} outside the region changed`);
  }
  assert.ok(changedInside > 0, `${what}: nothing inside the region changed`);
}

// Circle cells are left out: their grid is not measured reliably from a given box (see grid.test.ts).
test('given box, styles mean/center/random/rect: outside pixels bit-identical, grid measured, region restored', async () => {
  const img = await photo(1);
  const box: Box = { x: 83, y: 41, w: 120, h: 96 };
  const mask = boxesToMask(img.width, img.height, [box]);
  const r = restorer();
  for (const style of MOSAIC_STYLES.filter((s) => s !== 'circle')) {
    const p = pixelate(img, mask, { style, block: 8, phase: [3, 1] });
    const before = new Uint8Array(p.image.data);
    const out = await restoreImage(p.image, { regions: [parseRegion('box:83,41,120,96')], restorer: r, safety: allow, faces: noFaces });
    assert.deepEqual(p.image.data, before, 'the input raster is not changed');
    assertOutsideUntouched(p.image, out.image, mask, style);
    assert.equal(out.regions.length, 1);
    assert.equal(out.regions[0]!.status, 'restored');
    assert.deepEqual(out.regions[0]!.grid, { blockW: p.blockW, blockH: p.blockH, phaseX: p.phaseX, phaseY: p.phaseY }, `${style}: grid`);
  }
});

test('a mask file (an ellipse, two components): outside pixels bit-identical', async () => {
  const img = await photo(5);
  const { width: W, height: H } = img;
  const mask: Mask = { data: new Uint8Array(W * H), width: W, height: H };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    if (((x - 100) / 70) ** 2 + ((y - 90) / 50) ** 2 <= 1 || (x >= 220 && x < 300 && y >= 120 && y < 190)) mask.data[y * W + x] = 255;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restore-'));
  const file = path.join(dir, 'mask.png');
  await sharp(Buffer.from(mask.data), { raw: { width: W, height: H, channels: 1 } }).png().toFile(file);
  for (const style of ['mean', 'random', 'rect'] as const) {
    const p = pixelate(img, mask, { style, block: 10, phase: [4, 7] });
    const out = await restoreImage(p.image, { regions: [parseRegion(`mask:${file}`)], restorer: restorer(), safety: allow, faces: noFaces });
    assertOutsideUntouched(p.image, out.image, mask, `mask ${style}`);
    assert.equal(out.regions.length, 2);
  }
  fs.rmSync(dir, { recursive: true });
});

test('detected regions (no region named): outside the detected mask bit-identical', async () => {
  const img = await photo(7, 384);
  const truth = boxesToMask(img.width, img.height, [{ x: 60, y: 50, w: 150, h: 110 }]);
  const p = pixelate(img, truth, { block: 10, phase: [2, 6] });
  const out = await restoreImage(p.image, { restorer: restorer(), safety: allow, faces: noFaces });
  assert.ok(out.regions.some((r) => r.status === 'restored'), JSON.stringify(out.regions));
  assertOutsideUntouched(p.image, out.image, out.mask, 'detected');
});

test(`the model under test (${restorerUnderTest().shipped ? 'shipped' : 'tiny stand-in until assets/mosaic-restorer.safetensors exists'}) keeps outside pixels`, async () => {
  const img = await photo(9);
  const box: Box = { x: 40, y: 30, w: 160, h: 128 };
  const mask = boxesToMask(img.width, img.height, [box]);
  const p = pixelate(img, mask, { block: 12, phase: [5, 5] });
  const out = await restoreImage(p.image, { regions: [parseRegion('box:40,30,160,128')], restorer: Restorer.load(restorerUnderTest().file), safety: allow, faces: noFaces });
  assertOutsideUntouched(p.image, out.image, mask, 'model under test');
});

test('explicit input is refused before anything runs; explicit output is refused per region', async () => {
  const img = await photo(2);
  const mask = boxesToMask(img.width, img.height, [{ x: 40, y: 40, w: 120, h: 96 }]);
  const p = pixelate(img, mask, { block: 8 });
  const regions = [parseRegion('box:40,40,120,96')];
  const explicit: SafetyChecker = { name: 'fake: refuses all', check: () => ({ allowed: false, reason: 'fake says explicit' }) };
  await assert.rejects(restoreImage(p.image, { regions, restorer: restorer(), safety: explicit, faces: noFaces, source: 'in.png' }),
    (e: Error) => e instanceof RestoreRefusal && e.stage === 'input' && /^in\.png: refused: the input looks explicit \(fake says explicit\)/.test(e.message) && !e.message.includes('\n'));
  // allows the whole image, refuses any smaller crop: only the restored region's check can say no
  const outputOnly: SafetyChecker = { name: 'fake: refuses crops', check: (im) => ({ allowed: im.width === img.width && im.height === img.height, reason: 'fake crop' }) };
  await assert.rejects(restoreImage(p.image, { regions, restorer: restorer(), safety: outputOnly, faces: noFaces, source: 'in.png' }),
    (e: Error) => e instanceof RestoreRefusal && e.stage === 'output' && /region at 40,40 120×96 restores to something explicit/.test(e.message) && !e.message.includes('\n'));
});

test('a face in a restored region: that region is left as it was, the other is restored', async () => {
  const img = await photo(3);
  const boxes: Box[] = [{ x: 20, y: 20, w: 96, h: 96 }, { x: 180, y: 60, w: 96, h: 96 }];
  const mask = boxesToMask(img.width, img.height, boxes);
  const p = pixelate(img, mask, { block: 8, phase: [4, 4] });
  // the fake finds a face in the middle of the first region, i.e. in the crop the check makes around it
  const c0 = grownBox(boxes[0]!, 0.5, img.width, img.height);
  const faces: FaceFinder = {
    find: async (im) => (im.width === c0.w && im.height === c0.h ? [{ x: 50 - c0.x, y: 50 - c0.y, w: 40, h: 40, score: 0.9 }] : []),
  };
  const out = await restoreImage(p.image, { regions: boxes.map((b) => parseRegion(`box:${b.x},${b.y},${b.w},${b.h}`)), restorer: restorer(), safety: allow, faces });
  assert.deepEqual(out.regions.map((r) => [r.status, r.reason]), [['left', FACE_REASON], ['restored', undefined]]);
  const left = boxesToMask(img.width, img.height, [boxes[0]!]);
  for (let i = 0; i < left.data.length; i++) if (left.data[i]) for (let k = 0; k < 3; k++) assert.equal(out.image.data[i * 3 + k], p.image.data[i * 3 + k]);
  assertOutsideUntouched(p.image, out.image, boxesToMask(img.width, img.height, [boxes[1]!]), 'the other region');
  // a face beside the region (inside the detector's context crop, outside the region) does not count
  const beside: FaceFinder = { find: async (im) => [{ x: 0, y: 0, w: Math.min(20, im.width), h: Math.min(20, im.height), score: 0.9 }] };
  const out2 = await restoreImage(p.image, { regions: [parseRegion('box:180,60,96,96')], restorer: restorer(), safety: allow, faces: beside });
  assert.equal(out2.regions[0]!.status, 'restored');
});

test('the bundled classifier and face detector let a benign photo through', async () => {
  const img = await photo(4, 480);
  const mask = boxesToMask(img.width, img.height, [{ x: 100, y: 80, w: 160, h: 120 }]);
  const p = pixelate(img, mask, { block: 10 });
  const out = await restoreImage(p.image, { regions: [parseRegion('box:100,80,160,120')], restorer: restorer() });
  assert.equal(out.regions[0]!.status, 'restored');
});

test('bad inputs: no mosaic found, a region outside the image, a named region without a grid', async () => {
  const img = await photo(6);
  const o = { restorer: restorer(), safety: allow, faces: noFaces, source: 'clean.jpg' };
  await assert.rejects(restoreImage(img, o), (e: Error) => e instanceof NoMosaicError && e.message === 'clean.jpg: no mosaic found; pass --region box:x,y,w,h to name one');
  await assert.rejects(restoreImage(img, { ...o, regions: [parseRegion(`box:10,10,${img.width},20`)] }),
    { message: `clean.jpg: region box:10,10,${img.width},20 reaches outside the ${img.width}×${img.height} image` });
  await assert.rejects(restoreImage(img, { ...o, regions: [parseRegion('box:10,10,120,90')] }),
    (e: Error) => e instanceof NoGridError && /^clean\.jpg: no mosaic grid found in region 10,10 120×90/.test(e.message));
});
