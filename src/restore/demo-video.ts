// The demo's clip: a slow pan over a censored photo, the mosaicked view and the restored view side by
// side. The mosaic was put on the photo, so it moves with the scene as a tracked region's would; each
// frame is restored on its own in that region (given, as a tracker would hand it over).
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { blankRgb, crop, paste, textStrip } from '../image/sheet.js';
import type { Box } from '../util/box.js';
import { VideoEncoder, generatedVideoInfo } from '../video/encoder.js';
import type { RegionRestorer } from './restore-image.js';
import type { RestoreTarget } from './restorer.js';
import { mod } from '../util/math.js';

export interface PanClipOptions {
  frames: number;
  fps: number;
  /** Called after each frame is encoded. */
  onFrame?: (done: number, total: number) => void;
}

const even = (n: number) => 2 * Math.max(1, Math.floor(n / 2));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Window offsets over the frames: from one corner of the range that keeps the box in view to the other. */
export function panPath(W: number, H: number, box: Box, winW: number, winH: number, frames: number): { x: number; y: number }[] {
  const range = (pos: number, len: number, win: number, size: number) => {
    const a = clamp(pos + len - win, 0, size - win), b = clamp(pos, 0, size - win);
    return a <= b ? [a, b] : [b, a];
  };
  const [x0, x1] = range(box.x, box.w, winW, W), [y0, y1] = range(box.y, box.h, winH, H);
  return Array.from({ length: frames }, (_, i) => {
    const t = frames > 1 ? i / (frames - 1) : 0;
    return { x: Math.round(x0 + (x1 - x0) * t), y: Math.round(y1 + (y0 - y1) * t) };
  });
}

/** Writes the clip; returns its frame size. */
export async function writePanClip(file: string, mosaic: Raster, mask: Mask, region: RestoreTarget, restorer: RegionRestorer,
  o: PanClipOptions): Promise<{ width: number; height: number; frames: number }> {
  const { box, grid } = region;
  const winW = even(Math.min(mosaic.width, Math.round(mosaic.width * 0.625)));
  const winH = even(Math.min(mosaic.height, Math.round(mosaic.height * 0.75)));
  const strip = 24, width = 2 * winW, height = even(winH + strip);
  const header = blankRgb(width, strip);
  paste(header, await textStrip('mosaic', winW, strip, { align: 'center', fontSize: 15 }), 0, 0);
  paste(header, await textStrip('restored', winW, strip, { align: 'center', fontSize: 15 }), winW, 0);
  const encoder = new VideoEncoder(generatedVideoInfo(width, height, { num: o.fps, den: 1 }), file, { preset: 'veryfast', crf: 20 });
  try {
    const path = panPath(mosaic.width, mosaic.height, box, winW, winH, o.frames);
    for (const [i, at] of path.entries()) {
      const view = crop(mosaic, at.x, at.y, winW, winH);
      const viewMask: Mask = { data: crop({ data: mask.data, width: mask.width, height: mask.height, channels: 1 }, at.x, at.y, winW, winH).data, width: winW, height: winH };
      const x = Math.max(0, box.x - at.x), y = Math.max(0, box.y - at.y);
      const target = {
        box: { x, y, w: Math.min(winW, box.x - at.x + box.w) - x, h: Math.min(winH, box.y - at.y + box.h) - y },
        grid: { ...grid, phaseX: mod(grid.phaseX - at.x, grid.blockW), phaseY: mod(grid.phaseY - at.y, grid.blockH) },
      };
      const restored = await restorer.restore(view, viewMask, [target]);
      const frame = blankRgb(width, height);
      paste(frame, header, 0, 0);
      paste(frame, view, 0, strip);
      paste(frame, restored, winW, strip);
      await encoder.write(frame.data);
      o.onFrame?.(i + 1, o.frames);
    }
    await encoder.finish();
  } catch (e) {
    await encoder.abort();
    throw e;
  }
  return { width, height, frames: o.frames };
}
