// Restore's safety policy (safety.ts) on a video. Checking every frame would cost more than restoring
// it, so the checks run on the frames where regions are (re)detected: the first frame and every Nth
// after, which is also where a new track first shows. On those frames the classifier sees the whole
// input frame and every restored region (a refusal stops the video; nothing is written), and a track in
// which a face appears is left as it was from then on, so the face does not blink in and out.
import type { Raster } from '../image/raster.js';
import type { SafetyChecker } from '../safety/checker.js';
import type { Box } from '../util/box.js';
import { assertInputAllowed, assertOutputAllowed, faceInRegion, FACE_REASON, type FaceFinder } from './safety.js';

export interface VideoSafetyOptions {
  safety: SafetyChecker;
  faces: FaceFinder;
  /** Name of the video in messages. */
  source: string;
}

export class VideoSafety {
  /** Tracks left alone, and why. */
  readonly left = new Map<number, string>();

  constructor(readonly o: VideoSafetyOptions) {}

  isLeft(id: number): boolean {
    return this.left.has(id);
  }

  checkInput(frame: Raster, index: number): void {
    assertInputAllowed(this.o.safety, frame, `${this.o.source} frame ${index}`);
  }

  /**
   * Checks what the regions restored to in `out`; returns the ids that are now left alone (a face
   * appeared), whose pixels the caller puts back. Throws RestoreRefusal on explicit output.
   */
  async checkRestored(out: Raster, regions: { id: number; box: Box }[], index: number): Promise<number[]> {
    const newlyLeft: number[] = [];
    for (const r of regions) {
      if (this.left.has(r.id)) continue;
      if (await faceInRegion(this.o.faces, out, r.box)) {
        this.left.set(r.id, FACE_REASON);
        newlyLeft.push(r.id);
        continue;
      }
      assertOutputAllowed(this.o.safety, out, r.box, `${this.o.source} frame ${index}`);
    }
    return newlyLeft;
  }
}
