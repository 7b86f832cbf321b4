// Translates a planned list of files: decode (sharp), batch same-sized images, run, encode, write
// atomically; reports progress through a callback. A file that fails is reported at the end, after the rest.
import { readImage, writeRaster, type Raster } from '../image/raster.js';
import { failureOf, FilesFailed, type FileFailure } from '../util/failures.js';
import type { FileJob } from './files.js';
import type { ImageTranslator } from './translate.js';

export interface RunOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function translateFiles(t: ImageTranslator, jobs: FileJob[], o: RunOptions = {}): Promise<void> {
  const batchSize = Math.max(1, o.batchSize ?? 1);
  const channels = t.spec.inputNc === 1 ? 1 : 3;
  if (t.spec.inputNc !== channels) throw new Error(`models with ${t.spec.inputNc} input channels cannot read image files`);
  const failures: FileFailure[] = [];
  let done = 0;
  const report = (n: number) => { done += n; o.onProgress?.(done, jobs.length); };
  o.onProgress?.(0, jobs.length);
  for (let i = 0; i < jobs.length; i += batchSize) {
    const chunk = jobs.slice(i, i + batchSize);
    const read = await Promise.all(chunk.map((j) => readImage(j.input, channels).catch((e: unknown) => { failures.push(failureOf(j.input, e)); return null; })));
    report(read.filter((m) => !m).length);
    // Group by size so that each group is one batch.
    const groups = new Map<string, number[]>();
    read.forEach((m, k) => { if (m) groups.set(`${m.width}x${m.height}`, [...(groups.get(`${m.width}x${m.height}`) ?? []), k]); });
    for (const idx of groups.values()) {
      try {
        await translateGroup(t, idx.map((k) => read[k]!), idx.map((k) => chunk[k]!));
      } catch (e) {
        // one bad image (e.g. refused by the safety check) must not fail the others of its batch
        if (idx.length === 1) failures.push(failureOf(chunk[idx[0]!]!.input, e));
        else for (const k of idx) await translateGroup(t, [read[k]!], [chunk[k]!]).catch((e1: unknown) => failures.push(failureOf(chunk[k]!.input, e1)));
      }
      report(idx.length);
    }
  }
  if (failures.length) throw new FilesFailed(failures, jobs.length);
}

async function translateGroup(t: ImageTranslator, images: Raster[], jobs: FileJob[]): Promise<void> {
  const outs = await t.translate(images, jobs.map((j) => j.input));
  for (const [n, j] of jobs.entries()) await writeRaster(j.output, outs[n]!, { quality: 95 });
}
