// Which files to translate and where each result goes: inputs are image files or folders (searched
// recursively); the output is a file (one input) or a folder mirroring the inputs' relative paths.
// No output may land on an input.
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../image/raster.js';
import { checkOutputFree } from '../io/atomic.js';
import { listMedia } from '../inputs/media-files.js';

export interface FileJob { input: string; output: string }

export function planJobs(inputs: string[], output: string, overwrite = false): FileJob[] {
  const jobs: FileJob[] = [];
  const single = inputs.length === 1 && isImageFile(output) && !fs.statSync(inputs[0]!, { throwIfNoEntry: false })?.isDirectory();
  // several results cannot go into one file; a folder named like one would surprise everyone
  if (!single && isImageFile(output) && !fs.statSync(output, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`${output}: names one image file, but the inputs are ${inputs.length > 1 ? `${inputs.length} files or folders` : 'a folder'}; give a folder as the output`);
  }
  for (const input of inputs) {
    const st = fs.statSync(input, { throwIfNoEntry: false });
    if (!st) throw new Error(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      const files = listMedia(input, isImageFile).map((rel) => path.join(input, rel));
      if (!files.length) throw new Error(`${input}: no PNG, JPEG or WebP images in this folder`);
      for (const f of files) jobs.push({ input: f, output: path.join(output, path.relative(input, f)) });
    } else {
      if (!isImageFile(input)) throw new Error(`${input}: not a PNG, JPEG or WebP file`);
      jobs.push({ input, output: single ? output : path.join(output, path.basename(input)) });
    }
  }
  const inputsSet = new Set(jobs.map((j) => path.resolve(j.input)));
  const seen = new Set<string>();
  for (const j of jobs) {
    const o = path.resolve(j.output);
    if (inputsSet.has(o)) throw new Error(`${j.output}: would overwrite an input; choose another output`);
    if (seen.has(o)) throw new Error(`${j.output}: two inputs would write the same output`);
    seen.add(o);
    checkOutputFree(j.output, overwrite);
  }
  return jobs;
}
