// Smooths per-frame detections over time so censor boxes do not flicker or jitter: detections are
// matched to tracks by IoU, matched tracks move toward the detection by an exponential moving average,
// and a track that misses keeps its last box for a few frames before it is dropped.
import { boxIou, type Box } from './box.js';

export type TrackBox = Box & {
  score?: number;
  /** Set on the tracker's output: the track the box belongs to, stable from frame to frame. */
  id?: number;
};

export interface TrackOptions {
  /** Weight of the new detection in the moving average (1 = no smoothing). Default 0.5. */
  alpha?: number;
  /** Minimum IoU for a detection to continue a track. Default 0.2. */
  iouThreshold?: number;
  /** Frames a track survives without a matching detection. Default 5. */
  maxMissed?: number;
}

interface Track { box: TrackBox; missed: number; id: number }

export class BoxTracker {
  private tracks: Track[] = [];
  private nextId = 0;
  private readonly alpha: number;
  private readonly iouThreshold: number;
  private readonly maxMissed: number;

  constructor(opts: TrackOptions = {}) {
    this.alpha = opts.alpha ?? 0.5;
    this.iouThreshold = opts.iouThreshold ?? 0.2;
    this.maxMissed = opts.maxMissed ?? 5;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new Error(`tracker alpha must be in (0, 1], got ${this.alpha}`);
  }

  /** Feeds one frame's detections; returns the smoothed boxes to use for this frame. */
  update(detections: TrackBox[]): TrackBox[] {
    // Greedy matching, best IoU pairs first: with a handful of boxes per frame this equals the optimum
    // in practice and stays simple.
    const pairs: [number, number, number][] = [];
    for (let t = 0; t < this.tracks.length; t++) {
      for (let d = 0; d < detections.length; d++) {
        const v = boxIou(this.tracks[t]!.box, detections[d]!);
        if (v >= this.iouThreshold) pairs.push([v, t, d]);
      }
    }
    pairs.sort((p, q) => q[0] - p[0]);
    const usedT = new Set<number>(), usedD = new Set<number>();
    for (const [, t, d] of pairs) {
      if (usedT.has(t) || usedD.has(d)) continue;
      usedT.add(t); usedD.add(d);
      const tr = this.tracks[t], det = detections[d], a = this.alpha;
      tr.box = {
        x: a * det.x + (1 - a) * tr.box.x,
        y: a * det.y + (1 - a) * tr.box.y,
        w: a * det.w + (1 - a) * tr.box.w,
        h: a * det.h + (1 - a) * tr.box.h,
        score: det.score,
      };
      tr.missed = 0;
    }
    for (let t = 0; t < this.tracks.length; t++) if (!usedT.has(t)) this.tracks[t].missed++;
    this.tracks = this.tracks.filter((tr) => tr.missed <= this.maxMissed);
    for (let d = 0; d < detections.length; d++) {
      if (!usedD.has(d)) this.tracks.push({ box: { ...detections[d] }, missed: 0, id: this.nextId++ });
    }
    return this.current();
  }

  /** The boxes as they stand, without counting a frame (for frames where detection is skipped). */
  current(): TrackBox[] {
    return this.tracks.map((t) => ({ ...t.box, id: t.id }));
  }
}
