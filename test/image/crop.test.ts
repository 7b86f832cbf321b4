// The crops the image, restore and censor code share, against a reference that reads pixel by pixel: sheet.ts's
// crop (interleaved, any channel count; censor's video window and the safety checks' RGB windows use it),
// restore's rgbCrop (RGB out: grey expanded, alpha dropped) and resample.ts's cropPlanar (float, CHW).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Raster } from '../../src/image/raster.js';
import { cropPlanar } from '../../src/image/resample.js';
import { crop } from '../../src/image/sheet.js';
import { rgbCrop } from '../../src/restore/safety.js';
import type { Box } from '../../src/util/box.js';
import { Mulberry32 } from '../../src/util/rng.js';

const rng = new Mulberry32(23);
const below = (n: number) => Math.floor(rng.random() * n);

function randomImage(width: number, height: number, channels: number): Raster {
  return { data: Uint8Array.from({ length: width * height * channels }, () => below(256)), width, height, channels };
}

/** A box inside width × height: 1 px to whole, anywhere, edges included. */
function randomBox(width: number, height: number): Box {
  const w = 1 + below(width), h = 1 + below(height);
  return { x: below(width - w + 1), y: below(height - h + 1), w, h };
}

/** Pixel (x, y), channel k of the box of `image`, as `channels` channels from `pick(c, k)` of the source's. */
function referenceCrop(image: Raster, b: Box, channels: number, pick: (source: number, k: number) => number): Uint8Array {
  const out = new Uint8Array(b.w * b.h * channels);
  for (let y = 0; y < b.h; y++) for (let x = 0; x < b.w; x++) for (let k = 0; k < channels; k++) {
    out[(y * b.w + x) * channels + k] = image.data[((b.y + y) * image.width + b.x + x) * image.channels + pick(image.channels, k)]!;
  }
  return out;
}

test('crop: the box of an image of any channel count, pixel for pixel, as a new raster', () => {
  for (let n = 0; n < 200; n++) {
    const image = randomImage(1 + below(40), 1 + below(40), 1 + (n % 4)), b = randomBox(image.width, image.height);
    const got = crop(image, b.x, b.y, b.w, b.h);
    assert.deepEqual([got.width, got.height, got.channels], [b.w, b.h, image.channels]);
    assert.deepEqual(got.data, referenceCrop(image, b, image.channels, (_, k) => k));
    assert.notEqual(got.data.buffer, image.data.buffer, 'a copy, not a view');
  }
});

test('rgbCrop: the box as RGB (grey expanded, alpha dropped); a whole RGB image is handed over as it is', () => {
  for (let n = 0; n < 200; n++) {
    const image = randomImage(1 + below(40), 1 + below(40), [1, 3, 4][n % 3]!), b = randomBox(image.width, image.height);
    const got = rgbCrop(image, b);
    assert.deepEqual([got.width, got.height, got.channels], [b.w, b.h, 3]);
    assert.deepEqual(got.data, referenceCrop(image, b, 3, (c, k) => (c < 3 ? 0 : k)));
  }
  const rgb = randomImage(17, 9, 3);
  assert.equal(rgbCrop(rgb), rgb);
  assert.deepEqual(rgbCrop(randomImage(17, 9, 4)).channels, 3);
});

test('cropPlanar: the box of every channel plane of a CHW float image', () => {
  for (let n = 0; n < 100; n++) {
    const C = 1 + (n % 4), W = 1 + below(30), H = 1 + below(30), b = randomBox(W, H);
    const img = { data: Float32Array.from({ length: C * W * H }, () => rng.random()), channels: C, width: W, height: H };
    const want = new Float32Array(C * b.w * b.h);
    for (let c = 0; c < C; c++) for (let y = 0; y < b.h; y++) for (let x = 0; x < b.w; x++) {
      want[(c * b.h + y) * b.w + x] = img.data[(c * H + b.y + y) * W + b.x + x]!;
    }
    const got = cropPlanar(img, b.x, b.y, b.w, b.h);
    assert.deepEqual([got.width, got.height, got.channels], [b.w, b.h, C]);
    assert.deepEqual(got.data, want);
  }
});
