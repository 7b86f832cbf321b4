import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';
import { boxesToMask } from '../../src/image/mask.js';
import type { MosaicRegion } from '../../src/detect/analytic.js';
import { estimateMotion, IDENTITY, lumaWindow, warpCrop, type Motion } from '../../src/restore/motion.js';
import { RegionTracks } from '../../src/restore/region-tracks.js';
import { evaluationPhotos } from '../helpers/photos.js';

async function photo(W: number, H: number): Promise<Raster> {
  const { data, info } = await sharp(evaluationPhotos()[1]!).removeAlpha().resize(W, H, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

/** The frame a camera moving by `mo` sees next (8-bit, through the same cubic warp). */
function moved(src: Raster, mo: Motion): Raster {
  const { image } = warpCrop(src, { x: 0, y: 0, w: src.width, h: src.height }, mo);
  const n = src.width * src.height, data = new Uint8Array(3 * n);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) data[p * 3 + c] = Math.round((image.data[c * n + p]! + 1) * 127.5);
  return { ...src, data };
}

test('warpCrop with the identity motion returns the crop exactly', async () => {
  const src = await photo(64, 48);
  const box = { x: 5, y: 7, w: 30, h: 20 };
  const { image, valid } = warpCrop(src, box, IDENTITY(32, 24));
  for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) for (let c = 0; c < 3; c++)
    assert.ok(Math.abs((image.data[c * 600 + y * 30 + x]! + 1) * 127.5 - src.data[((box.y + y) * 64 + box.x + x) * 3 + c]!) < 1e-3);
  assert.ok(valid.every((v) => v === 1));
});

test('estimateMotion recovers a shift and a zoom from the ring around a region, ignoring the region', async () => {
  const W = 320, H = 200;
  const prev = await photo(W, H);
  const box = { x: 110, y: 60, w: 100, h: 80 }, ctx = { x: 70, y: 20, w: 180, h: 160 };
  const mask = boxesToMask(W, H, [box]);
  for (const truth of [{ ux: 2.6, uy: -1.3, m: 1 }, { ux: 0.4, uy: 0.2, m: 0.985 }, { ux: -6, uy: 5, m: 1 }]) {
    const mo = { ...truth, cx: ctx.x + ctx.w / 2, cy: ctx.y + ctx.h / 2 };
    const cur = moved(prev, mo);
    // the region itself is garbage in the current frame: a flat grey, as unlike the content as it gets
    for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) cur.data.fill(128, (y * W + x) * 3, (y * W + x) * 3 + 3);
    const win = { x: ctx.x - 12, y: ctx.y - 12, w: ctx.w + 24, h: ctx.h + 24 };
    const e = estimateMotion(lumaWindow(prev, win), cur, ctx, mask, mask, IDENTITY(mo.cx, mo.cy));
    assert.ok(Math.abs(e.ux - truth.ux) < 0.1 && Math.abs(e.uy - truth.uy) < 0.1 && Math.abs(e.m - truth.m) < 0.002,
      `motion ${JSON.stringify(truth)} measured as ${JSON.stringify({ ux: e.ux, uy: e.uy, m: e.m })}`);
    assert.ok(e.error < 2, `alignment error ${e.error}`);
  }
});

test('RegionTracks keeps ids through a missed detection and takes the median box and cell size', () => {
  const mask = boxesToMask(200, 200, [{ x: 0, y: 0, w: 200, h: 200 }]);
  const region = (x: number, block: number): MosaicRegion => ({ x, y: 40, w: 60, h: 50, block, blockH: block, phaseX: 1, phaseY: 2 });
  const t = new RegionTracks({ window: 3, maxMissed: 2 });
  t.update([region(50, 10)], mask);
  t.update([region(52, 10)], mask);
  t.update([], mask); // missed once: the region stays
  assert.equal(t.current().length, 1);
  const r = t.update([region(90, 14)], mask); // one far-off detection: the median holds
  assert.deepEqual([r[0]!.id, r[0]!.box.x, r[0]!.grid.blockW], [0, 52, 10]);
  t.update([], mask); t.update([], mask);
  assert.equal(t.update([], mask).length, 0, 'a region missed three rounds in a row is dropped');
});
