// restoreVideo: takes mosaics off a video through the streaming ffmpeg pipeline (video/transform.ts:
// decode → frame function → encode, audio and metadata copied, output renamed into place when done).
// Regions are given (boxes or a mask, and the mosaic's cell grid) or detected every N frames and tracked
// between; each region is restored by the Restorer (or the bicubic baseline) and, unless turned off,
// blended with the previous output along the content's motion so it does not flicker (temporal.ts).
// Restore's safety policy holds on every detection frame (video-safety.ts).
import { cellMeans, upsampleCells, type CellGrid, type PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { boxesToMask, emptyMask, maskComponents, type Mask } from '../image/mask.js';
import { findMosaicRegions, measureCellGrid, NoGridError, type FindMosaicOptions } from '../detect/index.js';
import type { SafetyChecker } from '../safety/checker.js';
import { LaterFrame, transformVideo, type TransformOptions, type TransformResult } from '../video/transform.js';
import type { Box } from '../util/box.js';
import { RegionTracks, type RegionTrackOptions, type TrackedRegion } from './region-tracks.js';
import { blendInto, contextBox, fidelityStyle, maskCrop, planarCrop, Restorer, shifted, type CropRestorer, type RestoreCall } from './restorer.js';
import { projectOntoCells, type CellStyle } from './consistency.js';
import { defaultFaceFinder, defaultSafetyChecker, type FaceFinder } from './safety.js';
import { TemporalBlender, type TemporalOptions } from './temporal.js';
import { checksOnWorker, SafetyWorker } from './safety-worker-client.js';
import { VideoSafety, type FrameChecks } from './video-safety.js';
import { DEFAULT_DETECT_EVERY } from '../inputs/regions.js';

// What counts as a video is the pipeline's fact (the containers its encoder writes).
export { isVideoFile, VIDEO_EXTENSIONS } from '../video/encoder.js';

/** Regions that are known: boxes and/or a mask (frame-sized), and the mosaic's cell grid in frame pixels. */
export interface GivenRegions {
  boxes?: Box[];
  mask?: Mask;
  /** Measured per region on the first frame (measureCellGrid) when absent. */
  grid?: CellGrid;
}

export interface RestoreVideoOptions extends TransformOptions, RestoreCall {
  /** The network (a Restorer on libtorch, an OnnxRestorer), or 'bicubic' for the baseline. Default: the shipped model. */
  restorer?: CropRestorer | 'bicubic';
  /** Restore these; without them regions are detected. */
  regions?: GivenRegions;
  /** Detect every Nth frame and hold the tracked regions between. Default 5. */
  detectEvery?: number;
  detect?: FindMosaicOptions;
  track?: RegionTrackOptions;
  /** The recurrent blend's options; `false` restores every frame on its own. */
  temporal?: TemporalOptions | false;
  /** Refuses explicit frames and restored regions; default: the bundled classifier. */
  safety?: SafetyChecker;
  /** Default: BlazeFace. */
  faces?: FaceFinder;
  /**
   * The worker that runs the bundled checks when neither `safety` nor `faces` is given; the caller's to close
   * (restorePaths starts one for a batch, loading beside its restorer). Default: one started for this video.
   */
  safetyWorker?: SafetyWorker;
}

/** A region over frames: its box (on its first frame) flat beside the frames, as censor's tracks (censor/video.ts VideoTrack). */
export type RestoredTrack = Box & {
  id: number; firstFrame: number; lastFrame: number; grid: CellGrid;
  status: 'restored' | 'left';
  /** Why a track was left as it was (from the frame where that was found). */
  reason?: string;
};

export interface RestoreVideoResult extends TransformResult {
  tracks: RestoredTrack[];
  /** Region-frames restored, and how many of them started the temporal history afresh (and why). */
  regionFrames: number;
  resets: { new: number; moved: number; alignment: number };
  /** Mean alignment error (grey levels) over the blended region-frames. */
  meanAlignError: number;
}

// one default for censor and restore (inputs/regions.ts says why)
export { DEFAULT_DETECT_EVERY } from '../inputs/regions.js';

/** One region of one frame, restored by the network or the baseline: planar [−1, 1] over `ctx`. */
async function restoreRegion(restorer: CropRestorer | 'bicubic', frame: Raster, mask: Mask, ctx: Box, grid: CellGrid, call: RestoreCall): Promise<PlanarImage> {
  const crop = planarCrop(frame, ctx), inside = maskCrop(mask, ctx), g = shifted(grid, ctx);
  if (restorer === 'bicubic') return upsampleCells(cellMeans(crop, inside, g), ctx.w, ctx.h);
  return restorer.restoreCrop(crop, inside, g, call);
}

/** The given regions as one static list: one region per box (or mask component), all on one grid. */
function givenRegions(given: GivenRegions, frame: Raster, input: string): { regions: TrackedRegion[]; mask: Mask } {
  const { width: W, height: H } = frame;
  if (given.mask && (given.mask.width !== W || given.mask.height !== H))
    throw new Error(`${input}: region mask is ${given.mask.width}×${given.mask.height}, the video is ${W}×${H}`);
  // boxes and a mask together: the mask's pixels inside the boxes
  const mask = given.boxes ? boxesToMask(W, H, given.boxes) : { ...given.mask!, data: new Uint8Array(given.mask!.data) };
  if (given.boxes && given.mask) for (let i = 0; i < mask.data.length; i++) if (given.mask.data[i]! <= 127) mask.data[i] = 0;
  const boxes = given.boxes?.map((b) => clip(b, W, H)).filter((b) => b.w > 0 && b.h > 0) ?? maskComponents(mask);
  if (!boxes.length) throw new Error(`${input}: the given regions lie outside the ${W}×${H} frame`);
  if (given.grid && !(given.grid.blockW >= 1 && given.grid.blockH >= 1))
    throw new Error(`${input}: cell size must be at least 1 px, got ${given.grid.blockW}×${given.grid.blockH}`);
  const regions = boxes.map((box, id) => {
    const grid = given.grid ?? firstFrameGrid(frame, mask, box, input);
    const m = new Uint8Array(box.w * box.h);
    for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) m[y * box.w + x] = mask.data[(box.y + y) * W + box.x + x]! > 127 ? 255 : 0;
    return { id, box, grid, mask: m };
  });
  return { regions, mask };
}

function clip(b: Box, W: number, H: number): Box {
  const x = Math.max(0, Math.round(b.x)), y = Math.max(0, Math.round(b.y));
  return { x, y, w: Math.min(W, Math.round(b.x + b.w)) - x, h: Math.min(H, Math.round(b.y + b.h)) - y };
}

/** A given region's grid, measured on the first frame as restoreImage measures a named region's. */
function firstFrameGrid(frame: Raster, mask: Mask, box: Box, input: string): CellGrid {
  try {
    return measureCellGrid(frame, mask, box, { codec: 'h264' });
  } catch (e) {
    throw e instanceof NoGridError ? new NoGridError(`${input}: first frame: ${e.message}`) : e;
  }
}

/** The union of the regions' masks over a frame. */
function regionMask(regions: TrackedRegion[], W: number, H: number): Mask {
  const mask = emptyMask(W, H);
  for (const r of regions) for (let y = 0; y < r.box.h; y++) for (let x = 0; x < r.box.w; x++) {
    const X = r.box.x + x, Y = r.box.y + y;
    if (X >= 0 && Y >= 0 && X < W && Y < H && r.mask[y * r.box.w + x]) mask.data[Y * W + X] = 255;
  }
  return mask;
}

/** A region's pixels as they were in the input frame. */
function putBack(frame: Raster, out: Raster, r: TrackedRegion): void {
  const { width: W, height: H } = frame;
  for (let y = 0; y < r.box.h; y++) for (let x = 0; x < r.box.w; x++) {
    const X = r.box.x + x, Y = r.box.y + y;
    if (X < 0 || Y < 0 || X >= W || Y >= H || !r.mask[y * r.box.w + x]) continue;
    for (let c = 0; c < 3; c++) out.data[(Y * W + X) * 3 + c] = frame.data[(Y * W + X) * 3 + c]!;
  }
}

export async function restoreVideo(input: string, output: string, opts: RestoreVideoOptions = {}): Promise<RestoreVideoResult> {
  const every = Math.max(1, Math.floor(opts.detectEvery ?? DEFAULT_DETECT_EVERY));
  const detect = opts.detect ?? {};
  const ownRestorer = opts.restorer === undefined;
  const restorer = opts.restorer ?? Restorer.load();
  const call: RestoreCall = { detail: opts.detail, style: opts.style };
  const blender = opts.temporal === false ? null : new TemporalBlender(opts.temporal ?? {});
  const tracks = opts.regions ? null : new RegionTracks(opts.track);
  const guard = await frameChecks(opts, input);
  // each frame waits for the checks asked for up to it; a track they leave is put back in it
  let checked: Promise<unknown> = Promise.resolve();
  let fixed: { regions: TrackedRegion[]; mask: Mask } | null = null;
  let regions: TrackedRegion[] = [], mask: Mask | null = null;
  const seen = new Map<number, RestoredTrack>();
  // each track's cell style, settled on its first frame (auto judged once: a choice that flipped would flicker)
  const styles = new Map<number, CellStyle>();
  const settleTrackStyle = async (r: CropRestorer, frame: Raster, mask: Mask, ctx: Box, t: TrackedRegion, call: RestoreCall) => {
    const style = await fidelityStyle(r, planarCrop(frame, ctx), maskCrop(mask, ctx), shifted(t.grid, ctx), call);
    styles.set(t.id, style);
    return style;
  };
  const resets = { new: 0, moved: 0, alignment: 0 };
  let regionFrames = 0, alignSum = 0, aligned = 0;

  try {
    const result = await transformVideo(input, output, async (f) => {
      const { width: W, height: H } = f;
      const frame: Raster = { data: f.data, width: W, height: H, channels: 3 };
      if (opts.regions) {
        if (!opts.regions.boxes && !opts.regions.mask) throw new Error(`${input}: given regions need boxes or a mask`);
        fixed ??= givenRegions(opts.regions, frame, input);
        ({ regions, mask } = fixed);
      } else if (f.index % every === 0) {
        const found = findMosaicRegions(frame, { codec: 'h264', ...detect });
        regions = tracks!.update(found.regions, found.mask);
        mask = regionMask(regions, W, H);
      }
      // checks on the detection frames (a new track always starts on one)
      const checking = f.index % every === 0;
      if (!regions.length || !mask) {
        if (checking) checked = guard.check(frame, frame, [], f.index);
        return new LaterFrame(checked.then(() => frame.data));
      }
      blender?.beginFrame(f.index);
      let out: Raster = { ...frame, data: new Uint8Array(frame.data) };
      for (const r of regions) {
        if (guard.left.has(r.id)) continue;
        const ctx = contextBox(r.box, r.grid, W, H);
        const style = restorer === 'bicubic' ? undefined : styles.get(r.id) ?? await settleTrackStyle(restorer, frame, mask, ctx, r, call);
        let crop = await restoreRegion(restorer, frame, mask, ctx, r.grid, { ...call, style });
        if (blender) {
          const b = blender.blend(r.id, frame, mask, ctx, r.box, crop);
          crop = b.crop;
          if (b.step.reset) resets[b.step.reason!]++;
          else { alignSum += b.step.motion!.error; aligned++; }
          // the previous frame's output does not hold this frame's cells: project again after the blend
          if (restorer !== 'bicubic' && !b.step.reset) crop = projectOntoCells(crop, planarCrop(frame, ctx), maskCrop(mask, ctx), shifted(r.grid, ctx), style!);
        }
        out = blendInto(frame, mask, ctx, crop, out);
        regionFrames++;
        const t = seen.get(r.id);
        if (t) t.lastFrame = f.index;
        else seen.set(r.id, { id: r.id, firstFrame: f.index, lastFrame: f.index, x: r.box.x, y: r.box.y, w: r.box.w, h: r.box.h, grid: r.grid, status: 'restored' });
      }
      blender?.endFrame(out, mask);
      if (checking) {
        checked = guard.check(frame, out, regions.filter((r) => !guard.left.has(r.id)).map(({ id, box, grid }) => ({ id, box, grid })), f.index)
          .then((left) => { for (const id of left) Object.assign(seen.get(id)!, { status: 'left', reason: guard.left.get(id) }); });
      }
      const frameRegions = regions;
      return new LaterFrame(checked.then(() => {
        // a neighbour's context crop may reach into a region left alone: it wins there, as in restoreImage
        for (const r of frameRegions) if (guard.left.has(r.id)) putBack(frame, out, r);
        return out.data;
      }));
    }, opts);
    return { ...result, tracks: [...seen.values()], regionFrames, resets, meanAlignError: aligned ? alignSum / aligned : 0 };
  } finally {
    await guard.close().catch(() => {});
    if (ownRestorer && restorer !== 'bicubic') restorer.dispose();
  }
}

/** The checks on this thread when the caller brings a checker or face finder, else the bundled ones on a worker. */
async function frameChecks(opts: RestoreVideoOptions, source: string): Promise<FrameChecks> {
  if (checksOnWorker(opts)) {
    // a worker of our own loads beside the first frames, and closes with this video's checks
    return opts.safetyWorker ? opts.safetyWorker.video(source) : SafetyWorker.start().video(source, true);
  }
  return new VideoSafety({ safety: opts.safety ?? await defaultSafetyChecker(), faces: opts.faces ?? defaultFaceFinder(), source });
}
