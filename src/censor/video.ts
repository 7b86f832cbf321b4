// censorVideo: find regions in each frame, smooth them over time, pixelate them (censor.ts), encode through
// src/video/'s frame pipeline. Content finders (faces, cam:CLASS, any registered one) are tracked as boxes so
// the mosaic neither jitters nor flickers; static finders (box:, mask:) are evaluated once and reused.
import { boxesToMask, emptyMask, type Mask } from '../image/mask.js';
import { pixelate } from '../image/pixelate.js';
import type { Raster } from '../image/raster.js';
import { BoxTracker, type TrackBox, type TrackOptions } from '../util/box-tracker.js';
import { growBox, type Box } from '../util/box.js';
import { transformVideo, type TransformOptions, type TransformResult } from '../video/transform.js';
import { censorWithMask, nothingFound, type CensorOptions, type CensoredRegion } from './censor.js';
import { DEFAULT_DETECT_EVERY, findRegions, type RegionFinder } from '../inputs/regions.js';

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

function unite(into: Mask, m: Mask): void {
  for (let i = 0; i < into.data.length; i++) if (m.data[i]! > into.data[i]!) into.data[i] = m.data[i]!;
}

export async function censorVideo(input: string, output: string, opts: CensorVideoOptions): Promise<CensorVideoResult> {
  const finders = opts.finders ?? [];
  if (!finders.length && !opts.finder) throw new Error(`${input}: no region finder given`);
  const staticFinders = finders.filter((f) => STATIC_SPEC.test(f.spec));
  const contentFinders = finders.filter((f) => !STATIC_SPEC.test(f.spec));
  const every = Math.max(1, Math.floor(opts.detectEvery ?? DEFAULT_DETECT_EVERY));
  const tracker = opts.track === false ? null : new BoxTracker(opts.track ?? {});
  let staticMask: Mask | null = null;
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
    const { width, height } = frame;
    const image = { data: frame.data, width, height, channels: 3 as const };
    if (staticFinders.length && !staticMask) staticMask = (await findRegions(image, staticFinders)).mask;
    if (frame.index % every === 0 && (contentFinders.length || opts.finder)) {
      const found: TrackBox[] = opts.finder ? [...await opts.finder.find(image)] : [];
      for (const f of contentFinders) found.push(...(await f.find(image)).boxes);
      held = tracker ? tracker.update(found) : found;
    }
    const grown = opts.grow ? held.map((b) => growBox(b, opts.grow!)) : held;
    record(grown, frame.index, width, height);
    const boxes: Box[] = grown;
    if (!boxes.length && !staticMask) return;
    const mask = boxes.length ? boxesToMask(width, height, boxes) : emptyMask(width, height);
    if (staticMask) unite(mask, staticMask);
    const raster = { data: frame.data, width, height, channels: 3 };
    if (!staticMask && (boxes.length === 1 || (opts.block ?? 'auto') !== 'auto')) {
      // One cell size for the whole mask: pixelate directly, skipping censorWithMask's per-frame
      // connected-component pass (the boxes are already known). Same pixels as censorWithMask.
      const r = pixelate(raster, mask, opts);
      if (boxes.length > regions.length) regions = boxes.map((b) => ({ x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h), block: r.blockW, blockH: r.blockH }));
      return r.image.data;
    }
    const r = censorWithMask(raster, mask, opts);
    if (r.regions.length > regions.length) regions = r.regions;
    return r.image.data;
  }, {
    ...opts,
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
