// censorVideo: find regions in each frame, smooth them over time, pixelate them (censor.ts), encode through
// src/video/'s frame pipeline. Content finders (faces, cam:CLASS, any registered one) are tracked as boxes so
// the mosaic neither jitters nor flickers; static finders (box:, mask:) are evaluated once and reused.
import { boundingBox, boxesToMask, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { crop } from '../image/sheet.js';
import { writeRgbToYuv420, yuv420ToRgb, type YuvMatrix } from '../image/yuv.js';
import { pixelateYuv420, yuvMosaicFits } from '../image/yuv-mosaic.js';
import { BoxTracker, type TrackBox, type TrackOptions } from '../util/box-tracker.js';
import { growBox, type Box } from '../util/box.js';
import { transformVideo, type TransformOptions, type TransformResult } from '../video/transform.js';
import { DEFAULT_DETECT_EVERY, findRegions, type RegionFinder } from '../inputs/regions.js';
import { nothingFound, type CensorOptions, type CensoredRegion } from './censor.js';
import { censorInWindow, censorWindow, largestCell, maskBounds, pasteRgb } from './window.js';
import { unionBox } from '../util/box.js';

/** A minimal finder: boxes in pixels for one RGB frame (e.g. a fixed box, or a detector's output). */
export interface FrameBoxFinder {
  find(image: Raster): Promise<Box[]> | Box[];
}

export interface CensorVideoOptions extends TransformOptions, CensorOptions {
  /** Finders from the mosaic registry (parseRegion('faces'), parseRegion('box:…'), …). */
  finders?: RegionFinder[];
  /** A plain box finder, used besides `finders`. */
  finder?: FrameBoxFinder;
  /** Run content finders on every Nth frame and hold the tracked boxes between (default DEFAULT_DETECT_EVERY, 1). */
  detectEvery?: number;
  /** Grow each tracked box by this fraction of its size on every side before censoring (default 0). */
  grow?: number;
  /** Temporal smoothing of content boxes; `false` censors each frame's raw detections. */
  track?: TrackOptions | false;
  /**
   * Frames in the source's own yuv420p when it is that: ffmpeg converts no colours and pixels outside the
   * regions keep their decoded bytes. Default: yes, unless a content finder reads every frame (it needs the
   * whole frame in RGB, which ffmpeg makes faster); `false` passes rgb24 frames (also the path before, for comparison).
   */
  yuv?: boolean;
}

export interface CensorVideoResult extends TransformResult {
  /** Regions of the frame that had the most of them (a summary for printing). */
  regions: CensoredRegion[];
  /**
   * Content regions as tracks: the frames each one was censored in and the box it covered over them
   * (union, clipped to the frame). Static regions (box:, mask:) are in `regions`.
   */
  tracks: VideoTrack[];
}

// one default for censor and restore, in inputs/regions.ts (it says why)
export { DEFAULT_DETECT_EVERY };

export type VideoTrack = Box & { id: number; firstFrame: number; lastFrame: number };

const STATIC_SPEC = /^(box|mask):/;

/** A Raster of a whole yuv420p frame whose RGB bytes are made on the first read of `data`. */
function lazyRgb(frame: Uint8Array, width: number, height: number, matrix: YuvMatrix): Raster {
  let data: Uint8Array | null = null;
  return {
    width, height, channels: 3,
    get data() { return data ??= yuv420ToRgb(frame, width, height, { x: 0, y: 0, w: width, h: height }, matrix); },
  };
}

/** Raises `into` (a window-sized mask at `at`) to the frame-sized mask `m` where that is higher. */
function uniteWindow(into: Mask, at: Box, m: Mask): void {
  for (let y = 0; y < into.height; y++) {
    for (let x = 0; x < into.width; x++) {
      const v = m.data[(at.y + y) * m.width + at.x + x]!, i = y * into.width + x;
      if (v > into.data[i]!) into.data[i] = v;
    }
  }
}

export async function censorVideo(input: string, output: string, opts: CensorVideoOptions): Promise<CensorVideoResult> {
  const finders = opts.finders ?? [];
  if (!finders.length && !opts.finder) throw new Error(`${input}: no region finder given`);
  const staticFinders = finders.filter((f) => STATIC_SPEC.test(f.spec));
  const contentFinders = finders.filter((f) => !STATIC_SPEC.test(f.spec));
  const every = Math.max(1, Math.floor(opts.detectEvery ?? DEFAULT_DETECT_EVERY));
  const tracker = opts.track === false ? null : new BoxTracker(opts.track ?? {});
  let staticMask: Mask | null = null;
  let staticBounds: Box | null = null;
  let staticParts: Box[] = []; // its connected regions
  // a frame with static regions alone: the same window, mask and mosaic path every time
  let staticWindow: { win: Box; mask: Mask; fits: boolean; maskBox: Box | null } | null = null;
  let held: TrackBox[] = [];
  let regions: CensoredRegion[] = [];
  const tracks = new Map<number, { firstFrame: number; lastFrame: number; x0: number; y0: number; x1: number; y1: number }>();
  const record = (boxes: TrackBox[], frame: number, W: number, H: number) => {
    for (const b of boxes) {
      if (b.id === undefined) continue;
      const x0 = Math.max(0, b.x), y0 = Math.max(0, b.y), x1 = Math.min(W, b.x + b.w), y1 = Math.min(H, b.y + b.h);
      const t = tracks.get(b.id);
      if (!t) tracks.set(b.id, { firstFrame: frame, lastFrame: frame, x0, y0, x1, y1 });
      else Object.assign(t, { lastFrame: frame, x0: Math.min(t.x0, x0), y0: Math.min(t.y0, y0), x1: Math.max(t.x1, x1), y1: Math.max(t.y1, y1) });
    }
  };

  const result = await transformVideo(input, output, async (frame) => {
    const { width: W, height: H } = frame;
    const yuv = frame.format === 'yuv420p' ? frame : null;
    // The whole frame as RGB for the finders: of a yuv420p frame, converted only when a finder reads its
    // pixels (a fixed box reads none).
    let whole: Raster | null = null;
    const wholeRgb = (): Raster => whole ??= yuv ? lazyRgb(yuv.data, W, H, yuv.matrix) : { data: frame.data, width: W, height: H, channels: 3 };
    if (staticFinders.length && !staticMask) {
      const found = await findRegions(wholeRgb(), staticFinders);
      staticMask = found.mask;
      staticBounds = boundingBox(staticMask);
      staticParts = found.boxes; // its connected regions, as findRegions measured them
    }
    if (frame.index % every === 0 && (contentFinders.length || opts.finder)) {
      const found: TrackBox[] = opts.finder ? [...await opts.finder.find(wholeRgb())] : [];
      for (const f of contentFinders) found.push(...(await f.find(wholeRgb())).boxes);
      held = tracker ? tracker.update(found) : found;
    }
    const grown = opts.grow ? held.map((b) => growBox(b, opts.grow!)) : held;
    record(grown, frame.index, W, H);
    const boxes: Box[] = grown;
    if (!boxes.length && !staticMask) return;
    // One cell size for the whole mask: pixelate directly, skipping censorWithMask's per-frame
    // connected-component pass (the boxes, or the static mask's parts, are already known). Same pixels as censorWithMask.
    const oneCell = (opts.block ?? 'auto') !== 'auto';
    const single = staticMask ? !boxes.length && (staticParts.length <= 1 || oneCell) : boxes.length === 1 || oneCell;
    const noteSingle = ([bw, bh]: [number, number]) => {
      const parts = boxes.length ? boxes : staticParts;
      if (parts.length > regions.length) regions = parts.map((b) => ({ x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h), block: bw, blockH: bh }));
    };
    const bounds = unionBox(maskBounds(boxes, W, H), staticBounds);
    if (!bounds) { // nothing of the boxes is inside the frame: the frame stays as it is
      if (single) noteSingle(largestCell({ x: 0, y: 0, w: W, h: H }, opts));
      return;
    }
    let win: Box, mask: Mask, fits: boolean, maskBox: Box | null | undefined;
    if (!boxes.length && staticWindow) ({ win, mask, fits, maskBox } = staticWindow);
    else {
      win = censorWindow(bounds, W, H, opts, yuv !== null);
      mask = boxesToMask(win.w, win.h, boxes.map((b) => ({ x: b.x - win.x, y: b.y - win.y, w: b.w, h: b.h })));
      if (staticMask) uniteWindow(mask, win, staticMask);
      fits = yuvMosaicFits(opts, mask.data);
      if (!boxes.length) staticWindow = { win, mask, fits, maskBox: boundingBox(mask) };
    }
    if (yuv && single && fits) { // the mean mosaic on the frame's own samples: no RGB at all
      const lattice = pixelateYuv420(yuv.data, W, H, win, mask.data, opts, maskBox);
      noteSingle([lattice.blockW, lattice.blockH]);
      return;
    }
    const windowRgb: Raster = yuv ? { data: yuv420ToRgb(yuv.data, W, H, win, yuv.matrix), width: win.w, height: win.h, channels: 3 }
      : crop({ data: frame.data, width: W, height: H, channels: 3 }, win.x, win.y, win.w, win.h);
    const r = censorInWindow(windowRgb, mask, win, opts, single);
    if (single) noteSingle(r.cell);
    else if (r.regions.length > regions.length) regions = r.regions;
    if (yuv) writeRgbToYuv420(yuv.data, W, H, win, r.image.data, mask.data, yuv.matrix);
    else pasteRgb(frame.data, W, win, r.image.data);
  }, {
    // a finder that reads every frame wants it whole in RGB: ffmpeg converts that faster than JS (BlazeFace every
    // frame at 720p: 22 vs 28 ms of this thread's CPU per frame), so only then do the frames stay rgb24
    ...opts, yuv: opts.yuv ?? !(every === 1 && (contentFinders.length > 0 || opts.finder !== undefined)),
    beforeCommit: async (frames) => {
      if (!opts.allowEmpty && !regions.length && !tracks.size) throw nothingFound(input, finders.map((f) => f.spec));
      await opts.beforeCommit?.(frames);
    },
  });
  const trackList = [...tracks].map(([id, t]) => ({
    id, firstFrame: t.firstFrame, lastFrame: t.lastFrame,
    x: Math.round(t.x0), y: Math.round(t.y0), w: Math.round(t.x1) - Math.round(t.x0), h: Math.round(t.y1) - Math.round(t.y0),
  }));
  return { ...result, regions, tracks: trackList };
}
