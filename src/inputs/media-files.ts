// The files a command is pointed at and where its outputs may go: images and videos listed from a folder
// (censor, restore and translate mirror that listing into their output folder), and the rule that an
// output is never the input, nor a folder inside the input folder.
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../image/raster.js';
import { isVideoFile } from '../video/encoder.js';

/** A file this toolkit reads by its extension: an image or a video. */
export const isMediaFile = (file: string): boolean => isImageFile(file) || isVideoFile(file);

/** Files under a folder that `accept` takes (default: images and videos), recursively, as paths relative to it, sorted. */
export function listMedia(dir: string, accept: (file: string) => boolean = isMediaFile): string[] {
  const out: string[] = [];
  (function walk(rel: string) {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (accept(r)) out.push(r);
    }
  })('');
  return out.sort();
}

function resolveReal(p: string): string {
  const abs = path.resolve(p);
  try { return fs.realpathSync(abs); } catch { return abs; }
}

/** Refuses outputs that are, or (for folders) lie inside, the input. */
export function checkNotOverwriting(input: string, output: string, inputIsDir: boolean): void {
  const i = resolveReal(input), o = resolveReal(output);
  if (i === o) throw new Error(`${output}: refusing to overwrite the input ${input}`);
  if (inputIsDir && o.startsWith(i + path.sep)) throw new Error(`${output}: the output folder must not lie inside the input folder ${input}`);
}
