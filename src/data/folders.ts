// Finding the images of a dataset folder, with errors that name the folder and what is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { IMAGE_EXTENSIONS, isImageFile } from '../image/raster.js';

/** Image files under dir (recursively), sorted, at most maxSize of them (the reference's make_dataset). */
export function listImages(dir: string, maxSize = Infinity): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new Error(`${dir}: dataset folder does not exist`);
  }
  if (!stat.isDirectory()) throw new Error(`${dir}: is not a folder`);
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (isImageFile(e.name)) found.push(p);
    }
  };
  walk(dir);
  found.sort();
  if (!found.length) throw new Error(`${dir}: no images found (looked for ${IMAGE_EXTENSIONS.join(' ')})`);
  return found.slice(0, Math.min(maxSize, found.length));
}

/** dir/phase when it exists (the reference layout dataroot/train), else dir itself. */
export function phaseFolder(dir: string, phase = 'train'): string {
  const p = path.join(dir, phase);
  return fs.existsSync(p) && fs.statSync(p).isDirectory() ? p : dir;
}
