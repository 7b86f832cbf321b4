// A fingerprint of what the learned detector finds, to show that a speed change left its answers alone:
// photos at their native size and cut to 1280×720 frames, each clean and with a few mosaics (random box,
// style, cell size and phase, JPEG re-encoded, as detect/evaluate.ts makes them), through findMosaicRegions;
// one line per detection with a hash of its mask and regions, and one hash over all of them at the end.
// The same digest before and after a change means identical masks and regions on every case.
//   npm run bench -- detect-digest [--photos-count N] [--dir DIR] [--sizes native,720p]
import { createHash } from 'node:crypto';
import path from 'node:path';
import { jpegRoundTrip, type Raster } from '../src/image/raster.js';
import { listPhotos, loadPhoto } from '../src/detect/evaluate.js';
import { findMosaicRegions } from '../src/detect/find.js';
import { boxesToMask } from '../src/image/mask.js';
import { pixelate, type MosaicStyle } from '../src/image/pixelate.js';
import { Mulberry32 } from '../src/util/rng.js';
import type { BenchOptions } from './report.js';

const STYLES: MosaicStyle[] = ['mean', 'center', 'random'];
const BLOCKS = [6, 10, 16];
const QUALITIES = [60, 75, 90];

/** The photo cut to a 1280×720 frame (its top rows at width 1280), as the detect bench times it. */
async function frame720(file: string): Promise<Raster> {
  const photo = await loadPhoto(file, 1280);
  const h = Math.min(720, photo.height);
  return { ...photo, height: h, data: photo.data.subarray(0, 1280 * h * photo.channels) };
}

export async function run(_o: BenchOptions): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const photos = listPhotos(arg('--dir')).slice(0, Number(arg('--photos-count') ?? 10));
  if (!photos.length) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const sizes = arg('--sizes')?.split(',') ?? ['native', '720p'];
  const all = createHash('sha256');
  const rng = new Mulberry32(1);
  let k = 0;
  for (const size of sizes) for (const file of photos) {
    const photo = size === '720p' ? await frame720(file) : await loadPhoto(file, 'native');
    const { width: W, height: H } = photo;
    const cases: [string, Raster][] = [['clean q75', await jpegRoundTrip(photo, 75)]];
    for (const block of BLOCKS) {
      const w = rng.int(Math.round(W * 0.3), Math.round(W * 0.6)), h = rng.int(Math.round(H * 0.3), Math.round(H * 0.6));
      const box = { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h };
      const style = STYLES[k % STYLES.length]!, q = QUALITIES[k % QUALITIES.length]!;
      k++;
      const made = pixelate(photo, boxesToMask(W, H, [box]), { style, block, phase: 'random', seed: k });
      cases.push([`b${block} ${style} q${q}`, await jpegRoundTrip(made.image, q)]);
    }
    for (const [name, image] of cases) {
      const found = findMosaicRegions(image, { method: 'learned' });
      const h = createHash('sha256').update(found.mask.data).update(JSON.stringify(found.regions)).digest('hex').slice(0, 16);
      all.update(h);
      const regions = found.regions.map((r) => `${r.w}×${r.h}+${r.x}+${r.y}/${r.block}`).join(' ');
      console.log(`${size} ${path.basename(file)} ${W}×${H} ${name}: ${h} area ${found.maskArea} ${regions}`);
    }
  }
  console.log(`digest ${all.digest('hex')}`);
}
