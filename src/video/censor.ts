// censorVideo: find regions in each frame, smooth them over time, pixelate them, encode.
import { transformVideo, type TransformOptions, type TransformResult } from './transform.js';
import { BoxTracker, type TrackBox, type TrackOptions } from './track.js';
import { pixelateBoxesInPlace } from './pixelate-standin.js';

export interface RgbImage { data: Uint8Array; width: number; height: number; channels: 3 }

/** What censorVideo needs from a region finder: boxes in pixels for one RGB image. */
export interface FrameBoxFinder {
  find(image: RgbImage): Promise<TrackBox[]> | TrackBox[];
}

export interface CensorVideoOptions extends TransformOptions {
  finder: FrameBoxFinder;
  /** Mosaic block size in pixels; default: 1/40 of the shorter side, at least 4. */
  blockSize?: number;
  /** Run the finder on every Nth frame and hold the tracked boxes between (default 1). */
  detectEvery?: number;
  /** Grow each box by this fraction of its size on every side before censoring (default 0). */
  grow?: number;
  /** Temporal smoothing; `false` censors raw per-frame detections. */
  track?: TrackOptions | false;
}

export function growBox(b: TrackBox, frac: number): TrackBox {
  const dx = b.width * frac, dy = b.height * frac;
  return { ...b, x: b.x - dx, y: b.y - dy, width: b.width + 2 * dx, height: b.height + 2 * dy };
}

export async function censorVideo(input: string, output: string, opts: CensorVideoOptions): Promise<TransformResult> {
  const every = Math.max(1, Math.floor(opts.detectEvery ?? 1));
  const tracker = opts.track === false ? null : new BoxTracker(opts.track ?? {});
  let held: TrackBox[] = [];
  return transformVideo(input, output, async (frame) => {
    if (frame.index % every === 0) {
      const found = await opts.finder.find({ data: frame.data, width: frame.width, height: frame.height, channels: 3 });
      held = tracker ? tracker.update(found) : found;
    }
    const block = opts.blockSize ?? Math.max(4, Math.round(Math.min(frame.width, frame.height) / 40));
    const boxes = opts.grow ? held.map((b) => growBox(b, opts.grow!)) : held;
    pixelateBoxesInPlace(frame.data, frame.width, frame.height, boxes, block);
  }, { label: 'censor', ...opts });
}
