// How much a restored video flickers, measured on a clip whose ground truth is known: a slow pan then a
// slow zoom over a real photo, mosaicked on a fixed box (image/pixelate on every frame, as censor does), restored
// frame by frame and with the temporal blend. Flicker = mean |frame-to-frame difference| inside the region, minus the
// ground truth's own there (what the motion itself changes); PSNR inside the region says what the
// smoothing cost. The clip, the mosaic and the decoding all go through the real video pipeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CellGrid } from '../image/cells.js';
import { openImage } from '../image/open.js';
import { boxesToMask, type Mask } from '../image/mask.js';
import { pixelate } from '../image/pixelate.js';
import type { Box } from '../util/box.js';
import { decodeFrames } from '../video/decoder.js';
import { generatedVideoInfo, VideoEncoder } from '../video/encoder.js';
import { probeVideo } from '../video/probe.js';
import { transformVideo } from '../video/transform.js';
import { IDENTITY, warpCrop, type Motion } from './motion.js';
import type { Restorer } from './restorer.js';
import type { TemporalOptions } from './temporal.js';
import { restoreVideo, type RestoreVideoResult } from './video.js';

export interface PanZoomClipOptions {
  width?: number;
  height?: number;
  /** Frames in all: the first half pans, the second half zooms in. Default 48. */
  frames?: number;
  fps?: number;
  /** Pan speed in output pixels per frame (x, y). Default [1.3, 0.45]. */
  pan?: [number, number];
  /** Zoom factor per frame during the zoom. Default 1.006. */
  zoom?: number;
  crf?: number;
}

/**
 * Writes a pan-then-zoom clip over `photo` (x264 through video/'s encoder, no audio), every frame resampled with cubic taps.
 * Returns the exact motion of each frame: the map from its pixels to where that content sat in the
 * frame before (identity for frame 0), which the motion-compensated flicker needs.
 */
export async function makePanZoomClip(photo: string, output: string, o: PanZoomClipOptions = {}): Promise<Motion[]> {
  const W = o.width ?? 640, H = o.height ?? 360, n = o.frames ?? 48, fps = o.fps ?? 24;
  const [px, py] = o.pan ?? [1.3, 0.45], zoom = o.zoom ?? 1.006;
  const half = Math.ceil(n / 2);
  // room for the pan on every side; sharp's antialiased resize brings the photo near the clip's scale
  const SW = Math.ceil(W + Math.abs(px) * half + 16), SH = Math.ceil(H + Math.abs(py) * half + 16);
  const { data, info } = await (await openImage(photo, { animated: 'first-frame' })).image.removeAlpha().resize(SW, SH, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  const source = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  const encoder = new VideoEncoder(generatedVideoInfo(W, H, { num: fps, den: 1 }), output, { preset: 'veryfast', crf: o.crf ?? 16 });
  const x0 = 8 + (px < 0 ? -px * half : 0), y0 = 8 + (py < 0 ? -py * half : 0);
  const motions: Motion[] = [];
  let before: Motion | null = null;
  try {
    for (let i = 0; i < n; i++) {
      const t = Math.min(i, half - 1), z = i < half ? 1 : zoom ** (i - half + 1);
      // the window's centre after the pan, then a zoom about it (m = 1/z source pixels per output pixel)
      const cx = x0 + px * t + W / 2, cy = y0 + py * t + H / 2;
      const motion = { ux: cx - W / 2, uy: cy - H / 2, m: 1 / z, cx: W / 2, cy: H / 2 };
      // frame i's pixel p shows source c + m_i(p − c) + u_i, which frame i−1 showed at c + (m_i/m_{i−1})(p − c) + (u_i − u_{i−1})/m_{i−1}
      motions.push(before ? { ux: (motion.ux - before.ux) / before.m, uy: (motion.uy - before.uy) / before.m, m: motion.m / before.m, cx: W / 2, cy: H / 2 } : IDENTITY(W / 2, H / 2));
      before = motion;
      const { image } = warpCrop(source, { x: 0, y: 0, w: W, h: H }, motion);
      const rgb = Buffer.alloc(W * H * 3);
      for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round((image.data[c * W * H + p]! + 1) * 127.5);
      await encoder.write(rgb);
    }
    await encoder.finish();
  } catch (e) {
    await encoder.abort();
    throw e;
  }
  return motions;
}

export interface FlickerScore {
  /** Mean |Δ| of the restoration inside the region minus the ground truth's own (grey levels). */
  flicker: number;
  restoredChange: number;
  truthChange: number;
  /**
   * The same after following the content's motion: mean |frame − previous frame warped onto it| inside
   * the region, minus the ground truth's own (which is only resampling and codec noise). A blurry
   * restoration changes less than the sharp truth does when the content moves, so the plain difference
   * can go below zero however much it flickers; this one counts only change the motion does not explain.
   */
  warpedFlicker: number;
  warpedChange: number;
  truthWarpedChange: number;
  /** Mean |Δrestored − Δtruth| inside the region: the change the motion does not explain. */
  temporalError: number;
  /** PSNR inside the region over all frames (pooled squared error). */
  psnr: number;
}

/** Mean |frame f − frame f−1 warped by motions[f]| over the region's pixels, all frames (grey levels). */
function warpedChange(frames: Uint8Array[], W: number, H: number, box: Box, mask: Mask, motions: Motion[]): number {
  let sum = 0, n = 0;
  for (let f = 1; f < frames.length; f++) {
    const { image, valid } = warpCrop({ data: frames[f - 1]!, width: W, height: H, channels: 3 }, box, motions[f]!);
    const plane = box.w * box.h, cur = frames[f]!;
    for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) {
      const p = y * box.w + x, P = (box.y + y) * W + box.x + x;
      if (!valid[p] || mask.data[P]! <= 127) continue;
      for (let c = 0; c < 3; c++) { sum += Math.abs(cur[P * 3 + c]! - (image.data[c * plane + p]! + 1) * 127.5); n++; }
    }
  }
  return n ? sum / n : 0;
}

/** Flicker and PSNR of decoded frames against the ground truth's, inside `mask` (bounded by `box`). */
export function flickerScore(frames: Uint8Array[], truth: Uint8Array[], mask: Mask, box: Box, motions: Motion[]): FlickerScore {
  if (frames.length !== truth.length) throw new Error(`flicker: ${frames.length} frames against ${truth.length} of ground truth`);
  if (motions.length !== truth.length) throw new Error(`flicker: ${motions.length} motions for ${truth.length} frames`);
  const idx: number[] = [];
  for (let p = 0; p < mask.data.length; p++) if (mask.data[p]! > 127) idx.push(p);
  let dr = 0, dt = 0, de = 0, n = 0, se = 0, ns = 0;
  for (let f = 0; f < frames.length; f++) {
    const a = frames[f]!, g = truth[f]!;
    for (const p of idx) for (let c = 0; c < 3; c++) { const d = a[p * 3 + c]! - g[p * 3 + c]!; se += d * d; ns++; }
    if (f === 0) continue;
    const a0 = frames[f - 1]!, g0 = truth[f - 1]!;
    for (const p of idx) for (let c = 0; c < 3; c++) {
      const i = p * 3 + c, r = a[i]! - a0[i]!, t = g[i]! - g0[i]!;
      dr += Math.abs(r); dt += Math.abs(t); de += Math.abs(r - t); n++;
    }
  }
  const restoredChange = dr / n, truthChange = dt / n;
  const wr = warpedChange(frames, mask.width, mask.height, box, mask, motions), wt = warpedChange(truth, mask.width, mask.height, box, mask, motions);
  return {
    flicker: restoredChange - truthChange, restoredChange, truthChange,
    warpedFlicker: wr - wt, warpedChange: wr, truthWarpedChange: wt,
    temporalError: de / n, psnr: 10 * Math.log10((255 * 255) / (se / ns)),
  };
}

async function decodeAll(file: string): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for await (const f of decodeFrames(await probeVideo(file))) frames.push(f.data);
  return frames;
}

export interface FlickerMeasureOptions extends PanZoomClipOptions {
  photo: string;
  restorer: Restorer | 'bicubic';
  /** The censored box; default a centred box of a third of the width and half the height. */
  box?: Box;
  /** Mosaic cell size in pixels. Default 12. */
  block?: number;
  temporal?: TemporalOptions;
  /** Where the clips go; default a temp folder removed afterwards. */
  workDir?: string;
}

export interface FlickerReport {
  box: Box;
  grid: CellGrid;
  frames: number;
  mosaic: FlickerScore;
  frameByFrame: FlickerScore;
  temporal: FlickerScore;
  /** temporal.warpedFlicker / frameByFrame.warpedFlicker: the target is ≤ 0.5. */
  ratio: number;
  /** The same ratio of the plain (unwarped) flicker; meaningless when frame by frame's is ≤ 0. */
  plainRatio: number;
  /** Seconds per restoration run, and what the temporal one reset. */
  seconds: { frameByFrame: number; temporal: number };
  resets: RestoreVideoResult['resets'];
  meanAlignError: number;
}

/** Makes the clip, censors it, restores it both ways and scores all three against the clean clip. */
export async function measureFlicker(o: FlickerMeasureOptions): Promise<FlickerReport> {
  const dir = o.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-flicker-'));
  fs.mkdirSync(dir, { recursive: true });
  try {
    const W = o.width ?? 640, H = o.height ?? 360, block = o.block ?? 12;
    const box = o.box ?? { x: Math.round(W / 3), y: Math.round(H / 4), w: Math.round(W / 3), h: Math.round(H / 2) };
    const clean = path.join(dir, 'clean.mp4'), mosaic = path.join(dir, 'mosaic.mp4');
    const single = path.join(dir, 'frame-by-frame.mp4'), temporal = path.join(dir, 'temporal.mp4');
    const motions = await makePanZoomClip(o.photo, clean, o);
    const mask = boxesToMask(W, H, [box]);
    let cells = { blockW: block, blockH: block };
    await transformVideo(clean, mosaic, (f) => {
      const r = pixelate({ data: f.data, width: f.width, height: f.height, channels: 3 }, mask, { block });
      cells = { blockW: r.blockW, blockH: r.blockH };
      return r.image.data;
    });
    const grid = { ...cells, phaseX: box.x % block, phaseY: box.y % block };
    const regions = { boxes: [box], grid };
    const a = await restoreVideo(mosaic, single, { restorer: o.restorer, regions, temporal: false });
    const b = await restoreVideo(mosaic, temporal, { restorer: o.restorer, regions, temporal: o.temporal ?? {} });
    const truth = await decodeAll(clean);
    const score = async (file: string) => flickerScore(await decodeAll(file), truth, mask, box, motions);
    const report = {
      box, grid, frames: truth.length,
      mosaic: await score(mosaic), frameByFrame: await score(single), temporal: await score(temporal),
      seconds: { frameByFrame: a.seconds, temporal: b.seconds }, resets: b.resets, meanAlignError: b.meanAlignError,
    };
    return {
      ...report,
      ratio: report.temporal.warpedFlicker / report.frameByFrame.warpedFlicker,
      plainRatio: report.temporal.flicker / report.frameByFrame.flicker,
    };
  } finally {
    if (!o.workDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
