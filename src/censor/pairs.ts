// Paired (pix2pix "AB") training data for mosaic removal: each pair is one photo square-cropped to S×S,
// A = the photo with random mosaic regions (random style, block size, grid phase, optional JPEG), B = the
// photo itself, written side by side (width 2S) into train/ or test/, plus a manifest of what was done.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic.js';
import { isImageFile, jpegRoundTrip, type Raster } from '../image/raster.js';
import { openImage } from '../image/open.js';
import { drawShapes, type Shape } from '../image/shapes.js';
import { emptyMask, type Mask } from '../image/mask.js';
import { MOSAIC_STYLES, pixelate, type MosaicStyle } from '../image/pixelate.js';
import { failureOf, FilesFailed, type FileFailure } from '../util/failures.js';
import { Mulberry32, type Rng } from '../util/rng.js';

export interface PairsOptions {
  count: number;
  size: number;
  block: [number, number];
  /** Cell sizes drawn from block[0], block[0] + step, … ≤ block[1] (default 1: every size in the range). */
  blockStep?: number;
  seed?: number;
  /** JPEG quality range for the mosaicked half; none: no degradation. */
  jpeg?: [number, number];
  testFraction?: number;
  styles?: MosaicStyle[];
  /** Side of the square crop as a fraction of the photo's short side, drawn per pair (default [1, 1]:
   *  the whole short side); smaller crops show the photo's detail nearer its native scale. */
  cropScale?: [number, number];
  /** Replace the pairs (train/, test/, pairs.json) of an earlier run in outDir; without it a non-empty outDir is refused. */
  overwrite?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface PairRecord {
  file: string;
  source: string;
  style: MosaicStyle;
  block: number;
  /** The mosaic's cell grid in the pair's pixels (blockW ≠ block for rect). */
  grid: { blockW: number; blockH: number; phaseX: number; phaseY: number };
  jpeg: number | null;
  regions: Shape[];
}

export function listImages(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: not a folder`);
  const out: string[] = [];
  (function walk(d: string) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (isImageFile(p)) out.push(p);
    }
  })(dir);
  if (!out.length) throw new Error(`${dir}: no images (.png .jpg .jpeg .webp) found`);
  return out.sort();
}

async function squareCrop(file: string, size: number, rng: Rng, scale: [number, number]): Promise<Raster> {
  // the size as displayed: EXIF-rotated photos are cropped after their rotation
  const { image: img, width: w, height: h } = await openImage(file, { animated: 'first-frame' });
  try {
    // log-uniform: a scale range spans ratios, and each octave of detail gets the same share of pairs
    const frac = scale[0] * (scale[1] / scale[0]) ** rng.random();
    const side = Math.min(Math.min(w, h), Math.max(size, Math.round(Math.min(w, h) * frac)));
    const left = rng.int(0, w - side), top = rng.int(0, h - side);
    const { data, info } = await img.extract({ left, top, width: side, height: side }).resize(size, size).removeAlpha().toColourspace('srgb')
      .raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
  } catch (e) {
    throw new Error(`${file}: cannot read image (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
  }
}

function randomRegions(size: number, rng: Rng, mask: Mask): PairRecord['regions'] {
  const regions: PairRecord['regions'] = [];
  const n = rng.int(1, 3);
  for (let k = 0; k < n; k++) {
    // up to 90% of the side, so the restorer also learns regions far larger than their context
    const w = rng.int(Math.round(size * 0.15), Math.round(size * 0.9)), h = rng.int(Math.round(size * 0.15), Math.round(size * 0.9));
    const x = rng.int(0, size - w), y = rng.int(0, size - h);
    const shape = rng.random() < 0.5 ? 'box' : 'ellipse';
    regions.push({ shape, x, y, w, h });
  }
  drawShapes(mask, regions);
  return regions;
}


/** What makePairs writes; --overwrite removes exactly these. */
const PAIRS_OUTPUTS = ['train', 'test', 'pairs.json'];

/** Pairs left from an earlier run would sit beside the new ones, unlisted in the new pairs.json. */
function prepareOutput(outDir: string, overwrite: boolean): void {
  const entries = fs.existsSync(outDir) ? fs.readdirSync(outDir) : [];
  if (!entries.length) return;
  if (!overwrite) throw new Error(`${outDir}: is not empty (pairs of an earlier run would mix with the new ones); choose an empty folder or pass --overwrite`);
  for (const name of PAIRS_OUTPUTS) fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
}

/** Makes `count` pairs from the photos in turn; an unreadable photo is skipped and reported (FilesFailed) at the end. */
/**
 * Which of `count` pairs go to test/: exactly round(fraction × count) of them (a draw per pair gave 5 of 20 at
 * 0.1), picked by a shuffle of their own seeded stream so that the pairs' stream is left as it was.
 */
export function testIndices(count: number, fraction: number, seed: number): Set<number> {
  const k = Math.min(count, Math.floor(fraction * count + 0.5));
  const order = Array.from({ length: count }, (_, i) => i), rng = new Mulberry32((seed ^ 0x5eed7e57) >>> 0);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, count - 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Set(order.slice(0, k));
}

export async function makePairs(photosDir: string, outDir: string, o: PairsOptions): Promise<PairRecord[]> {
  const photos = listImages(photosDir);
  const total = photos.length;
  prepareOutput(outDir, o.overwrite ?? false);
  const rng = new Mulberry32(o.seed ?? 0);
  const styles = o.styles ?? [...MOSAIC_STYLES];
  const records: PairRecord[] = [];
  const failures: FileFailure[] = [];
  const S = o.size;
  const testSet = testIndices(o.count, o.testFraction ?? 0.1, o.seed ?? 0);
  for (let n = 0; n < o.count; n++) {
    const source = photos[n % photos.length]!;
    let photo: Raster;
    try {
      photo = await squareCrop(source, S, rng, o.cropScale ?? [1, 1]);
    } catch (e) {
      failures.push(failureOf(source, e));
      photos.splice(photos.indexOf(source), 1);
      if (!photos.length) throw new FilesFailed(failures, total, records);
      n--; // the same pair from the next photo
      continue;
    }
    const mask = emptyMask(S, S);
    const regions = randomRegions(S, rng, mask);
    const style = styles[rng.int(0, styles.length - 1)]!;
    const step = o.blockStep ?? 1, block = o.block[0] + step * rng.int(0, Math.floor((o.block[1] - o.block[0]) / step));
    const mosaic = pixelate(photo, mask, { style, block, phase: 'random', seed: rng.int(0, 2 ** 30) });
    const grid = { blockW: mosaic.blockW, blockH: mosaic.blockH, phaseX: mosaic.phaseX, phaseY: mosaic.phaseY };
    let a = mosaic.image;
    const jpeg = o.jpeg ? rng.int(o.jpeg[0], o.jpeg[1]) : null;
    if (jpeg !== null) a = await jpegRoundTrip(a, jpeg);
    const ab = new Uint8Array(2 * S * S * 3);
    for (let y = 0; y < S; y++) {
      ab.set(a.data.subarray(y * S * 3, (y + 1) * S * 3), y * 2 * S * 3);
      ab.set(photo.data.subarray(y * S * 3, (y + 1) * S * 3), (y * 2 * S + S) * 3);
    }
    rng.random(); // the split's draw of old, still taken so that a seed makes the same pairs as before
    const split = testSet.has(n) ? 'test' : 'train';
    const file = path.join(split, `${String(n).padStart(6, '0')}.png`);
    writeFileAtomic(path.join(outDir, file), await sharp(ab, { raw: { width: 2 * S, height: S, channels: 3 } }).png().toBuffer());
    records.push({ file, source: path.relative(photosDir, source), style, block, grid, jpeg, regions });
    o.onProgress?.(n + 1, o.count);
  }
  writeFileAtomic(path.join(outDir, 'pairs.json'), JSON.stringify({ size: S, seed: o.seed ?? 0, pairs: records }, null, 1));
  if (failures.length) throw new FilesFailed(failures, total, records);
  return records;
}
