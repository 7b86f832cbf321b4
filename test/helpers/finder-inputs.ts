// The inputs of the finders' parity fixture (test/fixtures/finders/tfjs-reference.json, made by
// scripts/make-finder-fixture.mjs on TF.js, checked by test/finders/engine-parity.test.ts on the engine):
// real photos (the demo photos, evaluation photos, a public-domain portrait with derived framings) and a
// few synthetic images. General content only. Every derived image is made here in plain JS, so the
// generator and the test see the same bytes; each input's pixels are hashed in the fixture.
import crypto from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import type { Raster } from '../../src/image/raster.js';
import { Mulberry32 } from '../../src/util/rng.js';

/** NASA's portrait of Eileen Collins (public domain; from Debian's python3-skimage, skimage/data/astronaut.png), JPEG q90. */
export const PORTRAIT = 'test/fixtures/finders/astronaut.jpg';
export const EVAL_PHOTOS = ['mate-Aqua.jpg', 'mate-Garden.jpg', 'mate-Storm.jpg', 'plasma-BytheWater.jpg', 'plasma-Kite.jpg', 'plasma-Path.jpg'];
export const DEMO_PHOTOS = ['boats.jpg', 'cups.jpg', 'ladybird.jpg'];

export interface FinderInput { name: string; image: Raster }

export async function decodeRgb(file: string): Promise<Raster> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

export function pixelHash(r: Raster): string {
  return crypto.createHash('sha256').update(r.data).digest('hex').slice(0, 16);
}

function blank(width: number, height: number, fill: (x: number, y: number, c: number) => number): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = fill(x, y, c);
  return { data, width, height, channels: 3 };
}

function paste(dst: Raster, src: Raster, left: number, top: number, mirror = false): void {
  for (let y = 0; y < src.height; y++) for (let x = 0; x < src.width; x++) {
    const sx = mirror ? src.width - 1 - x : x;
    for (let c = 0; c < 3; c++) dst.data[((top + y) * dst.width + left + x) * 3 + c] = src.data[(y * src.width + sx) * 3 + c]!;
  }
}

/** 2×2 box average (rounded). */
function halve(r: Raster): Raster {
  return blank(r.width >> 1, r.height >> 1, (x, y, c) => {
    const at = (dx: number, dy: number) => r.data[((2 * y + dy) * r.width + 2 * x + dx) * 3 + c]!;
    return (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) >> 2;
  });
}

function framings(portrait: Raster): FinderInput[] {
  const frame720 = blank(1280, 720, (x, y, c) => (c === 0 ? 40 + (x >> 4) : c === 1 ? 60 + (y >> 4) : 90));
  paste(frame720, portrait, 600, 120);
  const pair = blank(1024, 512, () => 0);
  paste(pair, portrait, 0, 0);
  paste(pair, portrait, 512, 0, true);
  const small = blank(640, 400, (x, y) => 120 + ((x + y) >> 5));
  paste(small, halve(portrait), 300, 100);
  return [{ name: 'portrait-in-720p', image: frame720 }, { name: 'portrait-pair', image: pair }, { name: 'portrait-small', image: small }];
}

function synthetic(): FinderInput[] {
  const rng = new Mulberry32(23);
  const noise = blank(320, 240, () => Math.floor(rng.random() * 256));
  const gradient = blank(300, 200, (x, y, c) => (c === 0 ? x * 255 / 299 : c === 1 ? y * 255 / 199 : 128) | 0);
  const pattern = blank(200, 150, (x, y, c) => {
    const disc = (x - 60) ** 2 + (y - 70) ** 2 < 30 ** 2;
    return c === 0 ? (disc ? 220 : ((x >> 4) + (y >> 4)) % 2 ? 40 : 200) : c === 1 ? (disc ? 30 : x % 256) : y % 256;
  });
  return [{ name: 'synthetic-noise', image: noise }, { name: 'synthetic-gradient', image: gradient }, { name: 'synthetic-pattern', image: pattern },
    { name: 'synthetic-grey', image: blank(64, 64, () => 128) }];
}

/** Every input, in the fixture's order; `photosDir` is the evaluation photos' folder. */
export async function finderInputs(photosDir = '.cache/photos'): Promise<FinderInput[]> {
  const portrait = await decodeRgb(PORTRAIT);
  const out: FinderInput[] = [{ name: 'portrait', image: portrait }, ...framings(portrait)];
  for (const f of DEMO_PHOTOS) out.push({ name: `demo/${f}`, image: await decodeRgb(path.join('assets/demo', f)) });
  for (const f of EVAL_PHOTOS) out.push({ name: `photos/${f}`, image: await decodeRgb(path.join(photosDir, f)) });
  return [...out, ...synthetic()];
}
