import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Raster } from '../../src/image/raster.js';
import { boxesToMask, type Mask } from '../../src/image/mask.js';
import { MOSAIC_STYLES, pixelate } from '../../src/image/pixelate.js';
import { Mulberry32 } from '../../src/util/rng.js';

function noiseImage(w: number, h: number, channels: number, seed = 1): Raster {
  const rng = new Mulberry32(seed);
  const data = new Uint8Array(w * h * channels);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.random() * 256);
  return { data, width: w, height: h, channels };
}

/** An ellipse with a soft (128) rim: exercises partial cells and soft mask values. */
function ellipseMask(w: number, h: number): Mask {
  const m: Mask = { data: new Uint8Array(w * h), width: w, height: h };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const r = ((x - w * 0.45) / (w * 0.3)) ** 2 + ((y - h * 0.5) / (h * 0.35)) ** 2;
    m.data[y * w + x] = r < 0.8 ? 255 : r < 1 ? 128 : 0;
  }
  return m;
}

test('every style leaves pixels outside the mask bit-identical (RGB and RGBA, feathered or not)', () => {
  for (const channels of [3, 4]) {
    const img = noiseImage(61, 47, channels);
    const mask = ellipseMask(61, 47);
    for (const style of MOSAIC_STYLES) for (const feather of [0, 4]) {
      const { image: out } = pixelate(img, mask, { style, block: 6, feather, phase: 'random', seed: 3 });
      let changedInside = 0;
      for (let i = 0; i < 61 * 47; i++) {
        for (let c = 0; c < channels; c++) {
          const k = i * channels + c;
          if (!mask.data[i]) assert.equal(out.data[k], img.data[k], `${style} feather ${feather}: pixel ${i} outside the mask changed`);
          else if (out.data[k] !== img.data[k]) changedInside++;
        }
      }
      assert.ok(changedInside > 1000, `${style}: the mask's inside was not pixelated (${changedInside} changes)`);
      assert.deepEqual(img.data, noiseImage(61, 47, channels).data, 'the input was modified');
    }
  }
});

test('mean style: each whole cell inside the mask equals the rounded mean of the original cell', () => {
  const img = noiseImage(64, 48, 3, 7);
  const mask = boxesToMask(64, 48, [{ x: 5, y: 3, w: 50, h: 40 }]);
  const b = 8;
  const { image: out, phaseX, phaseY } = pixelate(img, mask, { style: 'mean', block: b });
  assert.deepEqual([phaseX, phaseY], [5, 3], 'the grid is anchored at the box by default');
  let cells = 0;
  for (let cy = 3; cy + b <= 43; cy += b) for (let cx = 5; cx + b <= 55; cx += b) {
    cells++;
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let y = cy; y < cy + b; y++) for (let x = cx; x < cx + b; x++) s += img.data[(y * 64 + x) * 3 + c]!;
      const mean = Math.round(s / (b * b));
      for (let y = cy; y < cy + b; y++) for (let x = cx; x < cx + b; x++) assert.equal(out.data[(y * 64 + x) * 3 + c], mean);
    }
  }
  assert.equal(cells, 30);
});

test('center, random and rect styles: cells are constant and take the documented pixel', () => {
  const img = noiseImage(40, 40, 3, 9);
  const mask = boxesToMask(40, 40, [{ x: 0, y: 0, w: 40, h: 40 }]);
  const px = (r: Raster, x: number, y: number) => Array.from(r.data.subarray((y * r.width + x) * 3, (y * r.width + x) * 3 + 3));
  const centre = pixelate(img, mask, { style: 'center', block: 10 }).image;
  for (let cy = 0; cy < 40; cy += 10) for (let cx = 0; cx < 40; cx += 10) {
    for (let y = cy; y < cy + 10; y++) for (let x = cx; x < cx + 10; x++) assert.deepEqual(px(centre, x, y), px(img, cx + 4, cy + 4));
  }
  const random = pixelate(img, mask, { style: 'random', block: 10, seed: 5 }).image;
  for (let cy = 0; cy < 40; cy += 10) for (let cx = 0; cx < 40; cx += 10) {
    const v = px(random, cx, cy);
    for (let y = cy; y < cy + 10; y++) for (let x = cx; x < cx + 10; x++) assert.deepEqual(px(random, x, y), v);
    let found = false;
    for (let y = cy; y < cy + 10 && !found; y++) for (let x = cx; x < cx + 10; x++) if (px(img, x, y).join() === v.join()) found = true;
    assert.ok(found, 'a random cell colour is one of the cell\'s own pixels');
  }
  const rect = pixelate(img, mask, { style: 'rect', block: 5 });
  assert.deepEqual([rect.blockW, rect.blockH], [10, 5]);
  for (let cy = 0; cy < 40; cy += 5) for (let cx = 0; cx < 40; cx += 10) {
    const v = px(rect.image, cx, cy);
    for (let y = cy; y < cy + 5; y++) for (let x = cx; x < cx + 10; x++) assert.deepEqual(px(rect.image, x, y), v);
  }
});

test('circle style: disc pixels are the cell mean, corners half of it', () => {
  const img = noiseImage(20, 20, 3, 11);
  const mask = boxesToMask(20, 20, [{ x: 0, y: 0, w: 20, h: 20 }]);
  const out = pixelate(img, mask, { style: 'circle', block: 10 }).image;
  let s = 0;
  for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) s += img.data[(y * 20 + x) * 3]!;
  const mean = Math.round(s / 100);
  assert.equal(out.data[(5 * 20 + 5) * 3], mean, 'centre of the disc');
  assert.equal(out.data[0], Math.round(mean * 0.5), 'corner outside the disc');
});

test('feather ramps from the mask edge and reaches the full cell colour N pixels in', () => {
  const img: Raster = { data: new Uint8Array(40 * 40 * 3).fill(200), width: 40, height: 40, channels: 3 };
  for (let y = 0; y < 40; y++) for (let x = 20; x < 40; x++) img.data.fill(0, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
  const mask = boxesToMask(40, 40, [{ x: 10, y: 0, w: 20, h: 40 }]);
  // One 20-px cell spanning both halves: the mean is 100; edge pixels blend towards it.
  const out = pixelate(img, mask, { style: 'mean', block: 20, phase: [10, 0], feather: 4 }).image;
  const at = (x: number, y: number) => out.data[(y * 40 + x) * 3]!;
  assert.equal(at(9, 20), 200, 'outside');
  assert.equal(at(10, 20), Math.round(200 * 0.75 + 100 * 0.25), 'first pixel inside: a = 1/4');
  assert.equal(at(14, 20), 100, 'four pixels in: full colour');
  assert.equal(at(29, 20), Math.round(0 * 0.75 + 100 * 0.25), 'last pixel inside on the right');
});

test('same seed, same result; another seed, another result; auto block size from the region', () => {
  const img = noiseImage(50, 50, 3, 2);
  const mask = ellipseMask(50, 50);
  const a = pixelate(img, mask, { style: 'random', block: 5, phase: 'random', seed: 42 });
  const b = pixelate(img, mask, { style: 'random', block: 5, phase: 'random', seed: 42 });
  const c = pixelate(img, mask, { style: 'random', block: 5, phase: 'random', seed: 43 });
  assert.deepEqual(a.image.data, b.image.data);
  assert.notDeepEqual(a.image.data, c.image.data);
  const auto = pixelate(img, boxesToMask(50, 50, [{ x: 0, y: 0, w: 48, h: 24 }]), {});
  assert.equal(auto.blockW, 4, 'max(4, round(24/12))');
  const big = pixelate(noiseImage(300, 300, 3), boxesToMask(300, 300, [{ x: 0, y: 0, w: 240, h: 180 }]), { autoDivisor: 12 });
  assert.equal(big.blockW, 15, 'round(180/12)');
});
