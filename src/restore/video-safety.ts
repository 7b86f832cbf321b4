// Restore's safety policy (safety.ts) on a video. Checking every frame would cost more than restoring
// it, so the checks run on the frames where regions are (re)detected: the first frame and every Nth
// after, which is also where a new track first shows. On those frames the classifier sees the whole
// input frame, the window around every restored region and the whole restored frame, under the image's
// rule (safety.ts; a refusal stops the video; nothing is written), and a track in
// which a face appears is left as it was from then on, so the face does not blink in and out.
// The checks answer asynchronously: restoreVideo holds each frame until the checks before it are in.
import type { CellGrid } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import type { SafetyChecker } from '../safety/checker.js';
import type { Box } from '../util/box.js';
import { assertInputAllowed, assertOutputAllowed, assertRestoredImageAllowed, faceInRegion, FACE_REASON, type FaceFinder } from './safety.js';

export interface VideoSafetyOptions {
  safety: SafetyChecker;
  faces: FaceFinder;
  /** Name of the video in messages. */
  source: string;
}

/** A region of a checked frame: its track, its box in frame pixels and its cell grid. */
export interface CheckedRegion { id: number; box: Box; grid: CellGrid }

/** The policy as restoreVideo uses it: on this thread (VideoSafety) or on a worker (safety-worker-client.ts). */
export interface FrameChecks {
  /** Tracks left alone so far, and why. */
  readonly left: Map<number, string>;
  /**
   * Checks the input frame and what `regions` restored to in `out`. Resolves to the ids now left alone
   * (a face appeared), whose pixels the caller puts back; rejects with RestoreRefusal on explicit input
   * or output. Checks settle in the order they were asked for.
   */
  check(frame: Raster, out: Raster, regions: CheckedRegion[], index: number): Promise<number[]>;
  close(): Promise<void>;
}

/** The restored frame with the regions just left put back from the input (as the caller will do), for the whole-frame check. */
function withBoxesPutBack(frame: Raster, out: Raster, left: CheckedRegion[]): Raster {
  if (!left.length) return out;
  const r: Raster = { ...out, data: new Uint8Array(out.data) };
  const C = frame.channels;
  for (const { box: b } of left) {
    const x0 = Math.max(0, b.x), x1 = Math.min(frame.width, b.x + b.w);
    for (let y = Math.max(0, b.y); y < Math.min(frame.height, b.y + b.h) && x1 > x0; y++) {
      const at = (y * frame.width + x0) * C;
      r.data.set(frame.data.subarray(at, at + (x1 - x0) * C), at);
    }
  }
  return r;
}

export class VideoSafety implements FrameChecks {
  readonly left = new Map<number, string>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly o: VideoSafetyOptions) {}

  check(frame: Raster, out: Raster, regions: CheckedRegion[], index: number): Promise<number[]> {
    const run = this.#queue.then(() => this.#checkNow(frame, out, regions, index));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #checkNow(frame: Raster, out: Raster, regions: CheckedRegion[], index: number): Promise<number[]> {
    const where = `${this.o.source} frame ${index}`;
    assertInputAllowed(this.o.safety, frame, where);
    const newlyLeft: number[] = [];
    for (const r of regions) {
      if (this.left.has(r.id)) continue;
      if (await faceInRegion(this.o.faces, out, r.box)) {
        this.left.set(r.id, FACE_REASON);
        newlyLeft.push(r.id);
        continue;
      }
      assertOutputAllowed(this.o.safety, frame, out, r.box, r.grid, where);
    }
    if (regions.length > newlyLeft.length) assertRestoredImageAllowed(this.o.safety, withBoxesPutBack(frame, out, regions.filter((r) => newlyLeft.includes(r.id))), where);
    return newlyLeft;
  }

  async close(): Promise<void> {
    await this.#queue;
  }
}
