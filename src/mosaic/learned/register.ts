// Puts the learned finders into the mosaic region registry: `faces[:MIN_SCORE]` and
// `cam:CLASS[,THRESHOLD[,DILATE]]`. Importing this module registers them; models load on first use.
import type { Raster } from '../../image/raster.js';
import { boxesToMask, type Box, type Mask } from '../mask.js';
import { registerFinder } from '../regions.js';
import { createCamFinder, createFaceFinder } from './finders.js';
import type { RgbImage, ScoredBox } from './types.js';

/** The finders take RGB: drop alpha, expand grey. */
export function rasterToRgb(r: Raster): RgbImage {
  if (r.channels === 3) return { data: r.data, width: r.width, height: r.height };
  const n = r.width * r.height, out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = r.data[i * r.channels + (r.channels < 3 ? 0 : c)]!;
  return { data: out, width: r.width, height: r.height };
}

/** Pixel boxes (float, x/y/width/height) to the mosaic module's whole-pixel boxes, covering outward. */
export function toMosaicBoxes(boxes: ScoredBox[], width: number, height: number): Box[] {
  return boxes.map((b) => {
    const x0 = Math.max(0, Math.floor(b.x)), y0 = Math.max(0, Math.floor(b.y));
    const x1 = Math.min(width, Math.ceil(b.x + b.width)), y1 = Math.min(height, Math.ceil(b.y + b.height));
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }).filter((b) => b.w > 0 && b.h > 0);
}

function numberArg(spec: string, s: string | undefined, fallback: number): number {
  if (s === undefined || s === '') return fallback;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`bad region "${spec}": '${s}' is not a number`);
  return v;
}

registerFinder('faces', (arg) => {
  const spec = arg ? `faces:${arg}` : 'faces';
  const finder = createFaceFinder({ minScore: numberArg(spec, arg, 0.6) });
  return {
    spec,
    async find(image) {
      const boxes = toMosaicBoxes(await finder.find(rasterToRgb(image)), image.width, image.height);
      return { mask: boxesToMask(image.width, image.height, boxes), boxes };
    },
  };
});

registerFinder('cam', (arg) => {
  const [cls, threshold, dilate] = arg.split(',');
  const spec = `cam:${arg}`;
  if (!cls) throw new Error(`bad region "${spec}": give a class, e.g. cam:Drawing`);
  const finder = createCamFinder(cls, { threshold: numberArg(spec, threshold, 0.5), dilate: numberArg(spec, dilate, 0) });
  return {
    spec,
    async find(image) {
      const r = await finder.findRegions(rasterToRgb(image));
      const mask: Mask = { width: image.width, height: image.height, data: r.mask!.map((v) => (v ? 255 : 0)) };
      return { mask, boxes: toMosaicBoxes(r.boxes, image.width, image.height) };
    },
  };
});
