// Puts the learned finders (src/finders/) into the censor's region registry: `faces[:MIN_SCORE]` and
// `cam:CLASS[,MIN_PROBABILITY[,THRESHOLD[,DILATE_PX]]]`. Importing this module registers them; models load on first use.
import { boxesToMask, type Mask } from '../image/mask.js';
import { CAM_MIN_PROBABILITY } from '../finders/cam.js';
import { createCamFinder, createFaceFinder } from '../finders/finders.js';
import { pixelBoxes } from '../util/box.js';
import { registerFinder } from '../inputs/regions.js';

/** A setting of a finder spec in [lo, hi] (open where `open`), or the fallback when left out; errors name the spec. */
function setting(spec: string, name: string, s: string | undefined, fallback: number, lo: number, hi: number,
  o: { open?: 'lo' | 'both'; whole?: boolean } = {}): number {
  if (s === undefined || s.trim() === '') return fallback;
  const v = Number(s);
  const low = o.open ? v > lo : v >= lo, high = o.open === 'both' ? v < hi : v <= hi;
  if (!Number.isFinite(v) || !low || !high || (o.whole && !Number.isInteger(v))) {
    const range = `${o.open ? `> ${lo}` : `≥ ${lo}`}${hi < Infinity ? ` and ${o.open === 'both' ? '<' : '≤'} ${hi}` : ''}`;
    throw new Error(`bad region "${spec}": ${name} must be ${o.whole ? 'a whole number' : 'a number'} ${range}, got '${s}'`);
  }
  return v;
}

function tooMany(spec: string, parts: string[], max: number, form: string): void {
  if (parts.length > max) throw new Error(`bad region "${spec}": expected ${form}`);
}

registerFinder('faces', (arg) => {
  const spec = arg ? `faces:${arg}` : 'faces';
  tooMany(spec, arg.split(','), 1, 'faces or faces:MIN_SCORE');
  // a score is a probability: 0 would take every anchor as a face, 1 or more none at all
  const finder = createFaceFinder({ minScore: setting(spec, 'the minimum score', arg, 0.6, 0, 1, { open: 'both' }) });
  return {
    spec,
    async find(image) {
      const boxes = pixelBoxes(await finder.find(image), image.width, image.height);
      return { mask: boxesToMask(image.width, image.height, boxes), boxes };
    },
  };
});

registerFinder('cam', (arg) => {
  const parts = arg.split(',');
  const [cls, minProbability, threshold, dilate] = parts;
  const spec = `cam:${arg}`;
  if (!cls) throw new Error(`bad region "${spec}": give a class, e.g. cam:Drawing`);
  tooMany(spec, parts, 4, 'cam:CLASS[,MIN_PROBABILITY[,THRESHOLD[,DILATE_PX]]]');
  // a probability of 0 would hide the evidence of a class the image does not have; the map is scaled to
  // [0, 1] by its peak: a threshold of 0 or below takes the whole image
  const finder = createCamFinder(cls, {
    minProbability: setting(spec, 'the minimum probability', minProbability, CAM_MIN_PROBABILITY, 0, 1, { open: 'lo' }),
    threshold: setting(spec, 'the threshold', threshold, 0.5, 0, 1, { open: 'lo' }),
    dilate: setting(spec, 'the dilation', dilate, 0, 0, Infinity, { whole: true }),
  });
  return {
    spec,
    async find(image) {
      const r = await finder.findRegions(image);
      const mask: Mask = { width: image.width, height: image.height, data: r.mask!.map((v) => (v ? 255 : 0)) };
      return { mask, boxes: pixelBoxes(r.boxes, image.width, image.height) };
    },
  };
});
