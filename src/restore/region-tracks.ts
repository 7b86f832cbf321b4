// Detected mosaic regions followed through a video. Detection runs every N frames; util's BoxTracker
// gives each region a stable id and keeps it through a few missed detections (so a small mosaic does not
// pop in and out), and each track's box and cell grid are the median of its last few detections (so a
// detection that is a few pixels off, or measures the wrong cell size once, does not jolt the restoration).
import type { CellGrid } from '../image/cells.js';
import type { Mask } from '../image/mask.js';
import type { MosaicRegion } from '../detect/analytic.js';
import { boxIou, type Box } from '../util/box.js';
import { BoxTracker } from '../util/box-tracker.js';
import { mod } from '../util/math.js';

export interface TrackedRegion {
  id: number;
  box: Box;
  grid: CellGrid;
  /** The region's pixels within `box` (w·h bytes, 255 inside), from its latest detection. */
  mask: Uint8Array;
}

export interface RegionTrackOptions {
  /** Detections a track's box and grid are the median of. Default 5. */
  window?: number;
  /** Detection rounds a track survives unseen. Default 2. */
  maxMissed?: number;
}

interface Seen { box: Box; grid: CellGrid; mask: Uint8Array }

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]!; };

function cropMask(mask: Mask, b: Box): Uint8Array {
  const out = new Uint8Array(b.w * b.h);
  for (let y = 0; y < b.h; y++) for (let x = 0; x < b.w; x++) out[y * b.w + x] = mask.data[(b.y + y) * mask.width + b.x + x]! > 127 ? 255 : 0;
  return out;
}

export class RegionTracks {
  private readonly tracker: BoxTracker;
  private readonly seen = new Map<number, Seen[]>();
  private readonly window: number;
  private live: TrackedRegion[] = [];

  constructor(o: RegionTrackOptions = {}) {
    this.window = Math.max(1, o.window ?? 5);
    // alpha 1: the tracker only matches and keeps ids; smoothing is the median below
    this.tracker = new BoxTracker({ alpha: 1, maxMissed: o.maxMissed ?? 2, iouThreshold: 0.2 });
  }

  /** Feeds one detection round (regions with a measured cell grid, and the detection mask). */
  update(regions: MosaicRegion[], mask: Mask): TrackedRegion[] {
    const usable = regions.filter((r) => r.block >= 2 && r.blockH >= 2);
    const boxes = usable.map((r) => ({ x: r.x, y: r.y, w: r.w, h: r.h }));
    const tracks = this.tracker.update(boxes);
    const ids = new Set<number>();
    for (const t of tracks) {
      ids.add(t.id!);
      // with alpha 1 a track that continued a detection holds that detection's box exactly
      const d = boxes.findIndex((b) => boxIou(b, t) > 0.999);
      if (d < 0) continue;
      const r = usable[d]!, box = { x: r.x, y: r.y, w: r.w, h: r.h };
      const list = this.seen.get(t.id!) ?? [];
      list.push({ box, grid: { blockW: r.block, blockH: r.blockH, phaseX: r.phaseX, phaseY: r.phaseY }, mask: cropMask(mask, box) });
      if (list.length > this.window) list.shift();
      this.seen.set(t.id!, list);
    }
    for (const id of [...this.seen.keys()]) if (!ids.has(id)) this.seen.delete(id);
    this.live = [...this.seen].map(([id, list]) => this.smoothed(id, list));
    return this.live;
  }

  /** The regions as they stand (for frames between detections). */
  current(): TrackedRegion[] {
    return this.live;
  }

  private smoothed(id: number, list: Seen[]): TrackedRegion {
    const box = {
      x: median(list.map((s) => s.box.x)), y: median(list.map((s) => s.box.y)),
      w: median(list.map((s) => s.box.w)), h: median(list.map((s) => s.box.h)),
    };
    const blockW = median(list.map((s) => s.grid.blockW)), blockH = median(list.map((s) => s.grid.blockH));
    // the phase of the latest detection that measured the median cell size
    const latest = [...list].reverse().find((s) => s.grid.blockW === blockW && s.grid.blockH === blockH) ?? list[list.length - 1]!;
    const grid = { blockW, blockH, phaseX: mod(latest.grid.phaseX, blockW), phaseY: mod(latest.grid.phaseY, blockH) };
    // the latest detection's mask, clipped to the smoothed box
    const last = list[list.length - 1]!, mask = new Uint8Array(box.w * box.h);
    for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) {
      const sx = x + box.x - last.box.x, sy = y + box.y - last.box.y;
      if (sx >= 0 && sy >= 0 && sx < last.box.w && sy < last.box.h) mask[y * box.w + x] = last.mask[sy * last.box.w + sx]!;
    }
    return { id, box, grid, mask };
  }
}
