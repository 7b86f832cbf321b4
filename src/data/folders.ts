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

const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

function mustExist(dir: string): void {
  if (!fs.existsSync(dir)) throw new Error(`${dir}: dataset folder does not exist`);
}

/**
 * Refuses an unpaired folder (trainA/ + trainB/) for paired training: read as A|B pairs, every photo
 * would be split down the middle into a left "input" and a right "target" of itself.
 */
export function assertPairedLayout(dir: string, phase = 'train'): void {
  mustExist(dir);
  if (isDir(path.join(dir, phase))) return;
  const unpaired = [`${phase}A`, `${phase}B`].filter((d) => isDir(path.join(dir, d)));
  if (unpaired.length) {
    throw new Error(`${dir}: has ${unpaired.map((d) => `${d}/`).join(' and ')} (the unpaired layout cyclegan reads), not ${phase}/ `
      + 'with A|B pairs side by side that pix2pix reads; train cyclegan on it, or put paired images in a train/ folder');
  }
}

/** Unpaired training needs both phaseA/ and phaseB/; says so, and what the folder holds instead. */
export function assertUnpairedLayout(dir: string, phase = 'train'): void {
  mustExist(dir);
  const missing = [`${phase}A`, `${phase}B`].filter((d) => !isDir(path.join(dir, d)));
  if (!missing.length) return;
  const paired = isDir(path.join(dir, phase)) ? `; it has ${phase}/ (the paired A|B layout pix2pix reads)` : '';
  throw new Error(`${dir}: no ${missing.map((d) => `${d}/`).join(' or ')} folder (cyclegan reads unpaired images from ${phase}A/ and ${phase}B/)${paired}`);
}
