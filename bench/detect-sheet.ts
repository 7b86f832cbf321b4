// The failure sheet of `npm run bench -- detect --sheet FILE`: every detection kept as a small thumbnail
// with its masks drawn (found: red tint; the true mosaic's outline: green), then the worst clean photos
// (most area flagged) beside the worst mosaics (lowest IoU) in one PNG.
import type { DetectResult } from '../src/detect/analytic.js';
import type { EvalCase, EvalReport } from '../src/detect/evaluate.js';
import type { Mask } from '../src/image/mask.js';
import { resizeRaster, writeRaster, type Raster } from '../src/image/raster.js';
import { contactSheet } from '../src/image/sheet.js';

type Entry = EvalCase | EvalReport['clean'][number];
const THUMB = 400; // thumbnail width

export class FailureSheet {
  #clean: { entry: Entry; thumb: Raster; label: string }[] = [];
  #mosaics: { entry: EvalCase; thumb: Raster; label: string }[] = [];

  /** The evaluation's onDetection hook. */
  add = async (image: Raster, found: DetectResult, truth: Mask | null, entry: Entry, set: string): Promise<void> => {
    const thumb = await resizeRaster(drawMasks(image, found.mask, truth), THUMB, Math.max(2, Math.round((image.height / image.width) * THUMB)));
    if (truth) {
      const c = entry as EvalCase;
      this.#mosaics.push({ entry: c, thumb, label: `${set ? `${set} ` : ''}${c.photo} ${c.style} ${c.block}px q${c.quality}: IoU ${c.iou.toFixed(2)}, visible ${c.visibleIoU?.toFixed(2) ?? 'none'}` });
    } else this.#clean.push({ entry, thumb, label: `${set ? `${set} ` : ''}${entry.photo} q${entry.quality}: ${(100 * entry.fpArea).toFixed(2)}% flagged` });
  };

  async write(file: string, n = 10): Promise<void> {
    const clean = [...this.#clean].sort((a, b) => b.entry.fpArea - a.entry.fpArea).slice(0, n);
    const mosaics = [...this.#mosaics].sort((a, b) => a.entry.iou - b.entry.iou).slice(0, n);
    const rows = Array.from({ length: Math.max(clean.length, mosaics.length) }, (_, i) => ({
      label: `${clean[i]?.label ?? ''}  |  ${mosaics[i]?.label ?? ''}`,
      images: [clean[i]?.thumb ?? blank(), mosaics[i]?.thumb ?? blank()],
    }));
    await writeRaster(file, await contactSheet(['worst clean photos (red: flagged)', 'worst mosaics (red: found, green: truth)'], rows));
  }
}

const blank = (): Raster => ({ data: new Uint8Array(2 * 2 * 3), width: 2, height: 2, channels: 3 });

/** RGB copy of the image: found pixels tinted red, the true mask's outline green (3 px). */
function drawMasks(image: Raster, found: Mask, truth: Mask | null): Raster {
  const { width: W, height: H, channels: C } = image;
  const out: Raster = { data: new Uint8Array(W * H * 3), width: W, height: H, channels: 3 };
  const edge = Math.max(1, Math.round(W / THUMB)) * 2; // a line that survives the thumbnail
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x;
    const rgb = [0, 1, 2].map((c) => image.data[i * C + Math.min(c, C - 1)]!);
    if (found.data[i]) { rgb[0] = Math.round(rgb[0]! * 0.4 + 255 * 0.6); rgb[1] = Math.round(rgb[1]! * 0.4); rgb[2] = Math.round(rgb[2]! * 0.4); }
    if (truth?.data[i] && onOutline(truth, x, y, edge)) { rgb[0] = 0; rgb[1] = 255; rgb[2] = 0; }
    out.data.set(rgb, i * 3);
  }
  return out;
}

function onOutline(m: Mask, x: number, y: number, d: number): boolean {
  const out = (xx: number, yy: number) => xx < 0 || yy < 0 || xx >= m.width || yy >= m.height || !m.data[yy * m.width + xx];
  return out(x - d, y) || out(x + d, y) || out(x, y - d) || out(x, y + d);
}
