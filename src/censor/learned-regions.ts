// Puts the learned finders (src/finders/) into the censor's region registry: `faces[:MIN_SCORE]` and
// `cam:CLASS[,THRESHOLD[,DILATE]]`. Importing this module registers them; models load on first use.
import { boxesToMask, type Mask } from '../image/mask.js';
import { createCamFinder, createFaceFinder } from '../finders/finders.js';
import { pixelBoxes } from '../util/box.js';
import { registerFinder } from './regions.js';

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
      const boxes = pixelBoxes(await finder.find(image), image.width, image.height);
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
      const r = await finder.findRegions(image);
      const mask: Mask = { width: image.width, height: image.height, data: r.mask!.map((v) => (v ? 255 : 0)) };
      return { mask, boxes: pixelBoxes(r.boxes, image.width, image.height) };
    },
  };
});
