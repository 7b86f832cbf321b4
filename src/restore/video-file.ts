// One video through restore's file options (restore-files.ts): named box: / mask: regions become the
// video's given regions (checked against the frame size, as for an image), the image restorer becomes
// the video's, and the tracks come back as restored regions.
import type { RegionFinder } from '../inputs/regions.js';
import { findRegions } from '../inputs/regions.js';
import { probeVideo, type VideoInfo } from '../video/probe.js';
import { bicubicRestorer, type RestoredRegion, type RestoreImageOptions } from './restore-image.js';
import { Restorer } from './restorer.js';
import { OnnxRestorer } from './onnx.js';
import type { SafetyWorker } from './safety-worker-client.js';
import { assertBoxesInside, NoMosaicError } from './targets.js';
import { restoreVideo, type RestoredTrack, type RestoreVideoOptions } from './video.js';

/** The video-only options of a restore over files. */
export interface VideoFileOptions {
  /** Detect (and run the safety checks) every Nth frame; regions are tracked between. Default 5. */
  detectEvery?: number;
  /** x264/VP9 constant rate factor and x264 preset of the output. */
  crf?: number;
  preset?: string;
  /** false: restore every frame on its own (no temporal blend). */
  temporal?: boolean;
  /** Frames encoded so far (the CLI's bar, a server's job progress). */
  onFrame?: (done: number, total: number) => void;
  /** Aborting stops the video and writes nothing (a cancelled job). */
  signal?: AbortSignal;
  /** The bundled checks' worker, shared with other videos (restoreVideo's option). */
  safetyWorker?: SafetyWorker;
  /** The video's probe when the caller started it already (restorePaths does so beside the model's load). */
  probe?: Promise<VideoInfo>;
}

export type RestoreVideoFileOptions = Omit<RestoreImageOptions, 'source'> & VideoFileOptions;

function videoRestorer(o: RestoreVideoFileOptions, input: string): RestoreVideoOptions['restorer'] {
  if (o.restorer === undefined || o.restorer instanceof Restorer || o.restorer instanceof OnnxRestorer) return o.restorer;
  if (o.restorer === bicubicRestorer) return 'bicubic';
  throw new Error(`${input}: video restore takes a Restorer, an OnnxRestorer or the bicubic baseline`);
}

/** The named regions as one frame-sized mask (box: and mask: read no pixels, so a blank frame serves). */
async function givenMask(finders: RegionFinder[], width: number, height: number, input: string) {
  for (const f of finders) if (!/^(box|mask):/.test(f.spec)) throw new Error(`${input}: video regions are box:x,y,w,h or mask:FILE, got ${f.spec}`);
  assertBoxesInside(finders, { width, height }, input);
  const { mask, boxes } = await findRegions({ data: new Uint8Array(width * height * 3), width, height, channels: 3 }, finders);
  if (!boxes.length) throw new Error(`${input}: the regions ${finders.map((f) => f.spec).join(' ')} cover no pixels`);
  return mask;
}

/** Restores one video into `output`; throws NoMosaicError when no frame showed a mosaic to restore. */
export async function restoreVideoFile(input: string, output: string, o: RestoreVideoFileOptions): Promise<{ regions: RestoredRegion[]; tracks: RestoredTrack[] }> {
  const restorer = videoRestorer(o, input);
  // named regions need the frame size; the probe goes on to the pipeline, which would run its own otherwise
  const info = o.probe ? await o.probe : o.regions?.length ? await probeVideo(input) : undefined;
  const given = info && o.regions?.length ? { mask: await givenMask(o.regions, info.width, info.height, input) } : undefined;
  const r = await restoreVideo(input, output, {
    restorer, regions: given, info, safety: o.safety, faces: o.faces, safetyWorker: o.safetyWorker, detect: o.detect,
    detectEvery: o.detectEvery, crf: o.crf, preset: o.preset, onFrame: o.onFrame, signal: o.signal,
    temporal: o.temporal === false ? false : undefined, detail: o.detail, style: o.style,
  });
  if (!r.tracks.length) throw new NoMosaicError(`${input}: no mosaic found; pass --region box:x,y,w,h to name one`);
  const regions = r.tracks.map((t): RestoredRegion => ({ x: t.x, y: t.y, w: t.w, h: t.h, grid: t.grid, status: t.status, ...(t.reason ? { reason: t.reason } : {}) }));
  return { regions, tracks: r.tracks };
}
