// Censoring files and folders: decode, censor, encode by the output's extension, write atomically.
// Inputs are never overwritten; a folder is mirrored into the output folder. Videos go through video.ts.
import fs from 'node:fs';
import path from 'node:path';
import { checkOutputFree } from '../io/atomic.js';
import { checkNotOverwriting, listMedia } from '../inputs/media-files.js';
import { IMAGE_EXTENSIONS, isImageFile, readRaster, writeRaster } from '../image/raster.js';
import { isVideoFile, VIDEO_EXTENSIONS } from '../video/encoder.js';
import { failureOf, FilesFailed, type FileFailure } from '../util/failures.js';
import { censorImage, nothingFound, type CensorOptions, type CensoredRegion } from './censor.js';
import type { RegionFinder } from '../inputs/regions.js';
import { censorVideo, type VideoTrack } from './video.js';

export interface CensorFileOptions extends CensorOptions {
  finders: RegionFinder[];
  /** JPEG/WebP quality of the output. */
  quality?: number;
  onProgress?: (done: number, total: number, file: string) => void;
  /** Videos only: x264/VP9 quality, x264 preset, run content finders every Nth frame. */
  crf?: number;
  preset?: string;
  detectEvery?: number;
  /** Videos only: frames encoded so far in the current video (from 1 at each video's first frame). */
  onFrame?: (done: number, total: number) => void;
  /** Replace outputs that already exist (default: refuse them before anything is written). */
  overwrite?: boolean;
}

export interface CensoredFile {
  input: string;
  output: string;
  regions: CensoredRegion[];
  /** Videos: content regions as tracks over frames. */
  tracks?: VideoTrack[];
}

/** Censors one image file, a video file (through src/video/) or a folder of them (mirrored). */
export async function censorPath(input: string, output: string, opts: CensorFileOptions): Promise<CensoredFile[]> {
  let stat: fs.Stats;
  try { stat = fs.statSync(input); } catch { throw new Error(`${input}: no such file or folder`); }
  if (stat.isDirectory()) {
    checkNotOverwriting(input, output, true);
    const files = listMedia(input);
    if (!files.length) throw new Error(`${input}: no images or videos found (${[...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS].join(' ')})`);
    // the whole folder is refused before any file is written, not file by file
    for (const rel of files) checkOutputFree(path.join(output, rel), opts.overwrite);
    const done: CensoredFile[] = [];
    const failures: FileFailure[] = [];
    for (const [k, rel] of files.entries()) {
      const file = path.join(input, rel);
      try {
        done.push(...await censorPath(file, path.join(output, rel), { ...opts, onProgress: undefined }));
      } catch (e) {
        failures.push(failureOf(file, e));
      }
      opts.onProgress?.(k + 1, files.length, rel);
    }
    if (failures.length) throw new FilesFailed(failures, files.length, done);
    return done;
  }
  if (fs.existsSync(output) && fs.statSync(output).isDirectory()) output = path.join(output, path.basename(input));
  checkNotOverwriting(input, output, false);
  checkOutputFree(output, opts.overwrite);
  if (isVideoFile(input)) return [await censorVideoFile(input, output, opts)];
  if (!isImageFile(input)) throw new Error(`${input}: not an image or video this tool reads (${[...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS].join(' ')})`);
  const image = await readRaster(input);
  const { image: out, regions } = await censorImage(image, opts.finders, opts);
  if (!regions.length && !opts.allowEmpty) throw nothingFound(input, opts.finders.map((f) => f.spec));
  await writeRaster(output, out, { quality: opts.quality });
  opts.onProgress?.(1, 1, input);
  return [{ input, output, regions }];
}


async function censorVideoFile(input: string, output: string, opts: CensorFileOptions): Promise<CensoredFile> {
  const { regions, tracks } = await censorVideo(input, output, opts);
  return { input, output, regions, tracks };
}
