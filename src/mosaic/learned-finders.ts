// Plugs the learned finders (src/mosaic/learned/: BlazeFace faces, class-activation-map cam:CLASS) into
// the region registry, so `--region faces` and `--region cam:CLASS` work wherever region specs do. The
// models load on first use, not at registration.
import type { Raster } from '../image/raster.js';
import { createCamFinder, createFaceFinder, type LearnedFinder } from './learned/index.js';
import { boxesToMask, maskComponents } from './mask.js';
import { registerFinder, type RegionFinder } from './regions.js';

function rgbOf(image: Raster): { data: Uint8Array; width: number; height: number; channels: 3 } {
  if (image.channels === 3) return { data: image.data, width: image.width, height: image.height, channels: 3 };
  const n = image.width * image.height, c = image.channels;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) data[i * 3 + k] = image.data[i * c + Math.min(k, c - 1)]!;
  return { data, width: image.width, height: image.height, channels: 3 };
}

/** A RegionFinder over a learned finder: its pixel mask when it gives one at image size, else its boxes. */
export function fromLearned(spec: string, learned: LearnedFinder): RegionFinder {
  return {
    spec,
    async find(image) {
      const r = await learned.findRegions(rgbOf(image));
      const { width: W, height: H } = image;
      const mask = r.mask && r.mask.length === W * H
        ? { data: r.mask.map((v) => (v ? 255 : 0)), width: W, height: H }
        : boxesToMask(W, H, r.boxes.map((b) => ({ x: Math.floor(b.x), y: Math.floor(b.y), w: Math.ceil(b.x + b.width) - Math.floor(b.x), h: Math.ceil(b.y + b.height) - Math.floor(b.y) })));
      return { mask, boxes: maskComponents(mask) };
    },
  };
}

registerFinder('faces', () => fromLearned('faces', createFaceFinder()));
registerFinder('cam', (cls) => {
  if (!cls) throw new Error('region "cam:" needs a class: cam:CLASS');
  return fromLearned(`cam:${cls}`, createCamFinder(cls)); // checks the class name now, loads the model on use
});
