// Restoring files and folders: decode, restoreImage, encode by the output's extension. Inputs are never
// overwritten; a folder is mirrored into the output folder; several inputs go into one output folder.
// A batch is all or nothing: outputs are staged beside their targets and renamed into place only when
// every image restored, so a refusal (or any error) leaves nothing written.
import fs from 'node:fs';
import path from 'node:path';
import { encodeRaster, formatOf, IMAGE_EXTENSIONS, isImageFile, readRaster } from '../image/raster.js';
import { checkNotOverwriting, isVideoFile, VIDEO_EXTENSIONS } from '../censor/files.js';
import { restoreImage, type RestoredRegion, type RestoreImageOptions } from './restore-image.js';

export interface RestoreFileOptions extends Omit<RestoreImageOptions, 'source'> {
  /** JPEG/WebP quality of the output. */
  quality?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface RestoredFile { input: string; output: string; regions: RestoredRegion[] }

interface Job { input: string; output: string }

/** What src/restore/video.ts is to export; restore calls it for every video input. */
export type RestoreVideoFn = (input: string, output: string, opts: RestoreFileOptions) => Promise<{ regions: RestoredRegion[] }>;

/**
 * LEAD — the video hook: videos go to src/restore/video.ts (another engineer's, not built yet), which
 * is to export `restoreVideo: RestoreVideoFn`. Once it does, video inputs restore with no change here;
 * until then a video input stops the command with "video restore: not built yet" before any work.
 */
async function loadVideoRestore(input: string): Promise<RestoreVideoFn> {
  const spec = './video.js'; // by name, so this builds before the module exists
  let mod: { restoreVideo?: RestoreVideoFn } = {};
  try {
    mod = await import(spec);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
  }
  if (typeof mod.restoreVideo !== 'function') throw new Error(`${input}: video restore: not built yet`);
  return mod.restoreVideo;
}

const MEDIA = [...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS].join(' ');

function listMedia(dir: string): string[] {
  const out: string[] = [];
  (function walk(rel: string) {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (isImageFile(r) || isVideoFile(r)) out.push(r);
    }
  })('');
  return out.sort();
}

/** Input → output pairs: one file to OUT (or into OUT when it is a folder), folders mirrored. */
export function planFiles(inputs: string[], output: string): Job[] {
  if (!inputs.length) throw new Error('give at least one input image or folder');
  const many = inputs.length > 1;
  if (many && fs.existsSync(output) && !fs.statSync(output).isDirectory())
    throw new Error(`${output}: several inputs need an output folder, and this is a file`);
  const jobs: Job[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try { stat = fs.statSync(input); } catch { throw new Error(`${input}: no such file or folder`); }
    if (stat.isDirectory()) {
      const into = many ? path.join(output, path.basename(path.resolve(input))) : output;
      checkNotOverwriting(input, into, true);
      const files = listMedia(input);
      if (!files.length) throw new Error(`${input}: no images or videos found (${MEDIA})`);
      for (const rel of files) jobs.push({ input: path.join(input, rel), output: path.join(into, rel) });
      continue;
    }
    if (!isImageFile(input) && !isVideoFile(input)) throw new Error(`${input}: not an image or video this tool reads (${MEDIA})`);
    const into = many || (fs.existsSync(output) && fs.statSync(output).isDirectory());
    const out = into ? path.join(output, path.basename(input)) : output;
    checkNotOverwriting(input, out, false);
    if (isImageFile(input)) formatOf(out); // an unknown output extension fails before any work
    jobs.push({ input, output: out });
  }
  const seen = new Set<string>();
  for (const j of jobs) {
    const key = path.resolve(j.output);
    if (seen.has(key)) throw new Error(`${j.output}: two inputs would both be written here`);
    seen.add(key);
  }
  return jobs;
}

/** Restores images, videos and folders of them; all outputs appear together, or none does. */
export async function restorePaths(inputs: string[], output: string, opts: RestoreFileOptions): Promise<RestoredFile[]> {
  const jobs = planFiles(inputs, output);
  const video = jobs.some((j) => isVideoFile(j.input)) ? await loadVideoRestore(jobs.find((j) => isVideoFile(j.input))!.input) : null;
  const staged: { tmp: string; output: string }[] = [];
  const done: RestoredFile[] = [];
  const madeDirs: string[] = []; // first folder each mkdir created, removed again on failure
  try {
    for (const [k, job] of jobs.entries()) {
      if (video && isVideoFile(job.input)) {
        done.push({ ...job, regions: (await video(job.input, job.output, opts)).regions });
      } else {
        const image = await readRaster(job.input);
        const r = await restoreImage(image, { ...opts, source: job.input });
        const bytes = await encodeRaster(r.image, { format: formatOf(job.output), quality: opts.quality });
        const created = fs.mkdirSync(path.dirname(job.output), { recursive: true });
        if (created) madeDirs.push(created);
        const tmp = path.join(path.dirname(job.output), `.${path.basename(job.output)}.${process.pid}.restore.tmp`);
        fs.writeFileSync(tmp, bytes, { flush: true });
        staged.push({ tmp, output: job.output });
        done.push({ ...job, regions: r.regions });
      }
      opts.onProgress?.(k + 1, jobs.length, job.input);
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    for (const d of madeDirs.reverse()) fs.rmSync(d, { recursive: true, force: true });
    throw e;
  }
  for (const s of staged) fs.renameSync(s.tmp, s.output);
  return done;
}
