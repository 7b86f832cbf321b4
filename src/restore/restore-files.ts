// Restoring files and folders: decode, restoreImage, encode by the output's extension. Inputs are never
// overwritten; a folder is mirrored into the output folder; several inputs go into one output folder.
// Videos go to video-file.ts. A batch is all or nothing: outputs (videos too) are staged beside their
// targets and renamed into place only when every file restored, so a refusal (or any error) leaves
// nothing written.
import { NoMosaicError } from './targets.js';
import fs from 'node:fs';
import path from 'node:path';
import { encodeRaster, formatOf, IMAGE_EXTENSIONS, isImageFile, readRaster } from '../image/raster.js';
import { checkOutputFree, writeError } from '../io/atomic.js';
import { checkNotOverwriting, listMedia } from '../inputs/media-files.js';
import { containerFor, isVideoFile, VIDEO_EXTENSIONS } from '../video/encoder.js';
import { probeVideo } from '../video/probe.js';
import { restoreImage, type RegionRestorer, type RestoredRegion } from './restore-image.js';
import { checksOnWorker, SafetyWorker } from './safety-worker-client.js';
import { restoreVideoFile, type RestoreVideoFileOptions } from './video-file.js';
import type { RestoredTrack } from './video.js';

export interface RestoreFileOptions extends Omit<RestoreVideoFileOptions, 'restorer'> {
  /**
   * The restorer, or a function that loads it: called once the files are planned and the videos' safety
   * worker started, so that both load at once (the model on this thread, the checks' models on the worker's).
   */
  restorer?: RegionRestorer | (() => Promise<RegionRestorer>);
  /** JPEG/WebP quality of the output. */
  quality?: number;
  onProgress?: (done: number, total: number, file: string) => void;
  /** An image's detection, step by step (detectMosaicLearned's onProgress); videos' frames are not reported. */
  onDetectProgress?: (done: number, total: number, file: string) => void;
  /** Write files in which every region was left (nothing restored) unchanged; default: refuse them (NothingRestored). */
  allowEmpty?: boolean;
  /** Replace outputs that already exist (default: refuse them before anything is restored). */
  overwrite?: boolean;
}

/** A file in which every region was left: writing it would publish an unchanged copy as if restored (censor's rule too). */
export class NothingRestored extends Error {}

/** "x,y w×h left (why)": one region that was left as it was. */
export function describeLeft(r: RestoredRegion): string {
  return `${r.x},${r.y} ${r.w}×${r.h} left (${r.reason ?? 'no reason given'})`;
}

/**
 * A file's restoration, refused (NothingRestored) when no region was restored. With allowEmpty it is taken
 * as it is, and a file where no mosaic was found (NoMosaicError) comes back as `empty`: written unchanged.
 */
async function restoredSome<R extends { regions: RestoredRegion[] }, E extends { regions: RestoredRegion[] }>(
  input: string, work: Promise<R>, empty: E, allowEmpty?: boolean): Promise<R | E> {
  const r: R | E = await work.catch((e) => { if (allowEmpty && e instanceof NoMosaicError) return empty; throw e; });
  if (allowEmpty || r.regions.some((g) => g.status === 'restored')) return r;
  const left = r.regions.map((g) => `region ${describeLeft(g)}`).join('; ');
  throw new NothingRestored(`${input}: nothing restored (${left || 'no region'}); nothing written (--allow-empty writes it unchanged)`);
}

export interface RestoredFile {
  input: string;
  output: string;
  /** Videos: one per track. */
  regions: RestoredRegion[];
  /** Videos: the tracks, with the frames each spans. */
  tracks?: RestoredTrack[];
}

interface Job { input: string; output: string }

const MEDIA = [...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS].join(' ');


/** Input → output pairs: one file to OUT (or into OUT when it is a folder), folders mirrored. */
export function planFiles(inputs: string[], output: string, overwrite = false): Job[] {
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
    // an unknown output extension fails before any work
    if (isImageFile(input)) formatOf(out);
    else containerFor(out);
    jobs.push({ input, output: out });
  }
  const seen = new Set<string>();
  for (const j of jobs) {
    const key = path.resolve(j.output);
    if (seen.has(key)) throw new Error(`${j.output}: two inputs would both be written here`);
    seen.add(key);
    checkOutputFree(j.output, overwrite);
  }
  return jobs;
}

/**
 * Restores images, videos and folders of them; all outputs appear together, or none does. A file in which
 * nothing was restored fails the batch (NothingRestored) unless `allowEmpty`.
 */
export async function restorePaths(inputs: string[], output: string, opts: RestoreFileOptions): Promise<RestoredFile[]> {
  const jobs = planFiles(inputs, output, opts.overwrite);
  const staged: { tmp: string; output: string }[] = [];
  const done: RestoredFile[] = [];
  const madeDirs: string[] = []; // first folder each mkdir created, removed again on failure
  // the bundled video checks: one worker for every video of the batch, loading while the restorer loads
  const worker = !opts.safetyWorker && checksOnWorker(opts) && jobs.some((j) => isVideoFile(j.input)) ? SafetyWorker.start() : undefined;
  // the first video's ffprobe runs beside the restorer's load too (its error waits for its turn)
  const first = jobs.find((j) => isVideoFile(j.input));
  const firstProbe = first ? probeVideo(first.input) : undefined;
  firstProbe?.catch(() => {});
  try {
    const restorer = typeof opts.restorer === 'function' ? await opts.restorer() : opts.restorer;
    const o: RestoreVideoFileOptions = { ...opts, restorer, safetyWorker: opts.safetyWorker ?? worker };
    for (const [k, job] of jobs.entries()) {
      const stage = (suffix: string) => {
        const created = fs.mkdirSync(path.dirname(job.output), { recursive: true });
        if (created) madeDirs.push(created);
        const tmp = path.join(path.dirname(job.output), `.${path.basename(job.output)}.${process.pid}.restore${suffix}`);
        staged.push({ tmp, output: job.output });
        return tmp;
      };
      if (isVideoFile(job.input)) {
        // the encoder picks the container by extension, so the staged file keeps the output's
        // with allowEmpty a video where no frame showed a mosaic is still written (restoreVideo encoded every frame)
        const video = restoreVideoFile(job.input, stage(`.tmp${path.extname(job.output)}`), job === first ? { ...o, probe: firstProbe } : o);
        const r = await restoredSome(job.input, video, { regions: [], tracks: [] }, opts.allowEmpty);
        done.push({ ...job, ...r });
      } else {
        const image = await readRaster(job.input);
        const onDetect = opts.onDetectProgress;
        const detect = onDetect ? { ...opts.detect, onProgress: (d: number, t: number) => onDetect(d, t, job.input) } : opts.detect;
        const r = await restoredSome(job.input, restoreImage(image, { ...o, detect, source: job.input }), { image, regions: [] }, opts.allowEmpty);
        const bytes = await encodeRaster(r.image, { format: formatOf(job.output), quality: opts.quality });
        const tmp = stage('.tmp');
        try {
          fs.writeFileSync(tmp, bytes, { flush: true });
        } catch (e) {
          throw writeError(job.output, e); // named for the output; the staged file goes with the others below
        }
        done.push({ ...job, regions: r.regions });
      }
      opts.onProgress?.(k + 1, jobs.length, job.input);
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    for (const d of madeDirs.reverse()) fs.rmSync(d, { recursive: true, force: true });
    throw e;
  } finally {
    await worker?.close().catch(() => {});
  }
  for (const s of staged) fs.renameSync(s.tmp, s.output);
  return done;
}
