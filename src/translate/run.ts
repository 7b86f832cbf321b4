// Translates a planned list of files: decode (sharp), batch same-sized images, run, encode, write
// atomically; reports progress through a callback.
import { readImage, writeRaster } from '../image/raster.js';
import type { FileJob } from './files.js';
import type { Translator } from './translate.js';

export interface RunOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function translateFiles(t: Translator, jobs: FileJob[], o: RunOptions = {}): Promise<void> {
  const batchSize = Math.max(1, o.batchSize ?? 1);
  const channels = t.spec.inputNc === 1 ? 1 : 3;
  if (t.spec.inputNc !== channels) throw new Error(`models with ${t.spec.inputNc} input channels cannot read image files`);
  let done = 0;
  o.onProgress?.(0, jobs.length);
  for (let i = 0; i < jobs.length; i += batchSize) {
    const chunk = jobs.slice(i, i + batchSize);
    const images = await Promise.all(chunk.map((j) => readImage(j.input, channels)));
    // Group by size so that each group is one batch.
    const groups = new Map<string, number[]>();
    images.forEach((m, k) => groups.set(`${m.width}x${m.height}`, [...(groups.get(`${m.width}x${m.height}`) ?? []), k]));
    for (const idx of groups.values()) {
      const outs = t.translate(idx.map((k) => images[k]!), idx.map((k) => chunk[k]!.input));
      for (const [n, k] of idx.entries()) await writeRaster(chunk[k]!.output, outs[n]!, { quality: 95 });
      done += idx.length;
      o.onProgress?.(done, jobs.length);
    }
  }
}
