// Temporal stability for video restoration: a recurrent blend. Restoring each frame on its own flickers,
// because the content slides under a fixed mosaic grid and each cell's colour changes abruptly; the
// restored detail swims from frame to frame. So each region's restoration is blended with the previous
// output frame warped onto the current one along the content's motion (measured on the real pixels
// around the region): out = w·restored + (1 − w)·warped. That is an exponential average along motion
// trajectories; it resets when a region is new, its crop changed, or the alignment fails (scene cut).
import type { PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import type { Box } from '../util/box.js';
import { estimateMotion, IDENTITY, lumaWindow, warpCrop, type Motion, type MotionEstimate, type MotionOptions } from './motion.js';

export interface TemporalOptions extends MotionOptions {
  /** Weight of the current frame's restoration (1 = frame by frame). Default 0.3, chosen on the flicker clip. */
  weight?: number;
  /** Alignment error (mean |luma difference| on the ring, grey levels) above which history is dropped. Default 10. */
  maxAlignError?: number;
}

export const DEFAULT_TEMPORAL_WEIGHT = 0.3;
export const DEFAULT_MAX_ALIGN_ERROR = 10;

export interface TemporalStep { reset: boolean; reason?: 'new' | 'moved' | 'alignment'; motion?: MotionEstimate }

function clipTo(b: Box, c: Box): Box {
  const x = Math.max(b.x, c.x), y = Math.max(b.y, c.y);
  return { x, y, w: Math.max(0, Math.min(b.x + b.w, c.x + c.w) - x), h: Math.max(0, Math.min(b.y + b.h, c.y + c.h) - y) };
}

interface RegionHistory { ctx: Box; motion: Motion; frame: number }

export class TemporalBlender {
  readonly weight: number;
  readonly maxAlignError: number;
  private prevOut: Raster | null = null;
  private prevMask: Mask | null = null;
  private frame = -1;
  private readonly history = new Map<number, RegionHistory>();

  constructor(readonly opts: TemporalOptions = {}) {
    this.weight = opts.weight ?? DEFAULT_TEMPORAL_WEIGHT;
    this.maxAlignError = opts.maxAlignError ?? DEFAULT_MAX_ALIGN_ERROR;
    if (!(this.weight > 0 && this.weight <= 1)) throw new Error(`temporal weight must be in (0, 1], got ${this.weight}`);
  }

  /**
   * Blends region `id`'s restored crop (planar [−1, 1] over `ctx` of `frame`, the current input) with the
   * previous output, over the region's `box` (within ctx; the only pixels written back). `mask` is the
   * current frame's union of regions. Returns the crop to write back.
   */
  blend(id: number, frame: Raster, mask: Mask, ctx: Box, box: Box, restored: PlanarImage): { crop: PlanarImage; step: TemporalStep } {
    const h = this.history.get(id);
    const cx = ctx.x + ctx.w / 2, cy = ctx.y + ctx.h / 2;
    const fresh = (reason: TemporalStep['reason']) => {
      this.history.set(id, { ctx, motion: IDENTITY(cx, cy), frame: this.frame });
      return { crop: restored, step: { reset: true, reason } };
    };
    if (!h || !this.prevOut || !this.prevMask || h.frame !== this.frame - 1) return fresh('new');
    if (Math.abs(h.ctx.w - ctx.w) > ctx.w / 4 || Math.abs(h.ctx.h - ctx.h) > ctx.h / 4) return fresh('moved');
    const R = this.opts.searchRadius ?? 8;
    const x0 = Math.max(0, ctx.x - R - 3), y0 = Math.max(0, ctx.y - R - 3);
    const win = { x: x0, y: y0, w: Math.min(frame.width, ctx.x + ctx.w + R + 3) - x0, h: Math.min(frame.height, ctx.y + ctx.h + R + 3) - y0 };
    // the last motion re-centred on this crop: the content usually keeps moving the same way
    const k = 1 - h.motion.m;
    const guess = { ...h.motion, ux: h.motion.ux + (h.motion.cx - cx) * k, uy: h.motion.uy + (h.motion.cy - cy) * k, cx, cy };
    const motion = estimateMotion(lumaWindow(this.prevOut, win), frame, ctx, mask, this.prevMask, guess, this.opts);
    if (!(motion.error <= this.maxAlignError)) {
      const r = fresh('alignment');
      return { crop: r.crop, step: { ...r.step, motion } };
    }
    this.history.set(id, { ctx, motion, frame: this.frame });
    const b = clipTo(box, ctx);
    const { image: warped, valid } = warpCrop(this.prevOut, b, motion);
    const w = this.weight, plane = ctx.w * ctx.h, bp = b.w * b.h, out = new Float32Array(restored.data);
    for (let y = 0; y < b.h; y++) for (let x = 0; x < b.w; x++) {
      const q = y * b.w + x, p = (b.y - ctx.y + y) * ctx.w + b.x - ctx.x + x;
      if (!valid[q]) continue;
      for (let c = 0; c < 3; c++) out[c * plane + p] = w * restored.data[c * plane + p]! + (1 - w) * warped.data[c * bp + q]!;
    }
    return { crop: { ...restored, data: out }, step: { reset: false, motion } };
  }

  /** Starts a frame: call before the frame's `blend` calls. */
  beginFrame(index: number): void {
    this.frame = index;
    for (const [id, h] of this.history) if (h.frame < index - 1) this.history.delete(id);
  }

  /** Ends a frame with what was written (the history the next frame aligns to) and its region mask. */
  endFrame(output: Raster, mask: Mask): void {
    this.prevOut = { ...output, data: new Uint8Array(output.data) };
    this.prevMask = mask;
  }
}
