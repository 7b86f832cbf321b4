// How often the safety checker refuses a benign photo: every photo the project uses (the evaluation set
// .cache/photos and the training set .cache/train-photos, all wallpapers from Debian packages), whole
// (restore's input check) and as region-sized crops (its output check).
import fs from 'node:fs';
import path from 'node:path';
import { readRaster } from '../../src/image/raster.js';
import type { SafetyChecker } from '../../src/safety/checker.js';
import { outputCheckWindow, rgbCrop } from '../../src/restore/safety.js';

export const BENIGN_PHOTO_DIRS = ['.cache/photos', '.cache/train-photos'];

export function benignPhotos(dirs = BENIGN_PHOTO_DIRS): string[] {
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => path.join(d, f)) : []));
}

export interface RefusalReport { images: number; refused: string[]; crops: number; refusedCrops: string[] }

/** Whole photos, and per photo `cropsPerPhoto` crops of a fifth of each side (the output check's window around them). */
export async function falseRefusals(checker: SafetyChecker, files = benignPhotos(), cropsPerPhoto = 4): Promise<RefusalReport> {
  const r: RefusalReport = { images: 0, refused: [], crops: 0, refusedCrops: [] };
  for (const file of files) {
    const img = await readRaster(file);
    r.images++;
    const v = checker.check(rgbCrop(img));
    if (!v.allowed) r.refused.push(`${file} (${v.reason})`);
    const w = Math.round(img.width / 5), h = Math.round(img.height / 5);
    for (let k = 0; k < cropsPerPhoto; k++) {
      // fixed positions spread over the photo, so the figure is reproducible
      const box = { x: Math.round(((k % 2) * 0.5 + 0.2) * (img.width - w)), y: Math.round((Math.floor(k / 2) * 0.5 + 0.2) * (img.height - h)), w, h };
      r.crops++;
      const c = checker.check(rgbCrop(img, outputCheckWindow(box, img.width, img.height)));
      if (!c.allowed) r.refusedCrops.push(`${file} crop ${box.x},${box.y} (${c.reason})`);
    }
  }
  return r;
}
