// Region finders: which part of an image a command works on (censor puts a mosaic there, restore takes one
// off). Each finder turns an image into a mask plus boxes; specs on the command line ("box:10,20,100,50",
// "mask:FILE", and what other rooms register, e.g. censor's "faces", "cam:person") are parsed through one
// registry, so a new finder plugs in with one registerFinder() line.
import sharp from 'sharp';
import type { Raster } from '../image/raster.js';
import { openImage } from '../image/open.js';
import { boxesToMask, emptyMask, maskComponents, type Box, type Mask } from '../image/mask.js';

export interface RegionResult {
  mask: Mask;
  boxes: Box[];
}

export interface RegionFinder {
  /** The spec it was made from, for messages and --json. */
  readonly spec: string;
  find(image: Raster): Promise<RegionResult>;
}

/** Makes a finder from the text after "name:" (empty when the spec has no colon). */
export type FinderFactory = (arg: string) => RegionFinder;

/**
 * How often a video's content regions are found: every frame, in censor and in restore alike. A frame between
 * detections has only the tracker's guess, so a face that appears or moves there goes uncensored
 * (test/censor/detect-every.test.ts), and restore's safety checks skip it. `--detect-every N` trades that for
 * speed (restore: about 2× at N = 5, docs/restorer.md).
 */
export const DEFAULT_DETECT_EVERY = 1;

const registry = new Map<string, FinderFactory>();

/** Adds a finder under `name`; a name already taken is an error (two modules would fight over it). */
export function registerFinder(name: string, factory: FinderFactory): void {
  if (registry.has(name)) throw new Error(`region finder "${name}" is already registered`);
  registry.set(name, factory);
}

export function knownFinders(): string[] {
  return [...registry.keys()].sort();
}

export function parseRegion(spec: string): RegionFinder {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const factory = registry.get(name);
  if (!factory) throw new Error(`unknown region "${spec}" (known: ${knownFinders().join(', ')})`);
  return factory(colon < 0 ? '' : spec.slice(colon + 1));
}

/** Runs every finder and unites their masks (pixel-wise maximum). */
export async function findRegions(image: Raster, finders: RegionFinder[]): Promise<RegionResult> {
  const mask = emptyMask(image.width, image.height);
  for (const f of finders) {
    const r = await f.find(image);
    for (let i = 0; i < mask.data.length; i++) if (r.mask.data[i]! > mask.data[i]!) mask.data[i] = r.mask.data[i]!;
  }
  return { mask, boxes: maskComponents(mask) };
}

/** "x,y,w,h" in pixels; several boxes may be joined with ";" (each may repeat "box:", as in box:…;box:…).
 *  A box may reach past any edge, left and top as well as right and bottom: it is clipped to the image. */
export function parseBoxes(arg: string): Box[] {
  return arg.split(';').map((part) => {
    const nums = part.trim().replace(/^box:/, '').split(',').map((s) => s.trim());
    const v = nums.map(Number);
    if (nums.length !== 4 || v.some((n, i) => !Number.isInteger(n) || (i >= 2 && n <= 0))) {
      throw new Error(`bad box "${part}": expected x,y,w,h as whole pixels with w and h > 0`);
    }
    return { x: v[0]!, y: v[1]!, w: v[2]!, h: v[3]! };
  });
}

registerFinder('box', (arg) => {
  const boxes = parseBoxes(arg);
  return {
    spec: `box:${arg}`,
    async find(image) {
      const mask = boxesToMask(image.width, image.height, boxes);
      return { mask, boxes: maskComponents(mask) };
    },
  };
});

/** Reads a mask image: a pixel is in the region when any colour channel is nonzero (and it is not transparent). */
export async function readMaskFile(file: string, width: number, height: number): Promise<Mask> {
  const { image } = await openImage(file, { what: 'mask image' });
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await image.ensureAlpha().resize(width, height, { fit: 'fill', kernel: 'nearest' }).raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new Error(`${file}: cannot read mask image (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
  }
  const { data, info } = raw;
  const c = info.channels;
  const mask = emptyMask(width, height);
  for (let i = 0; i < width * height; i++) {
    let on = false;
    for (let k = 0; k < c - 1; k++) if (data[i * c + k]) on = true;
    if (on && data[i * c + c - 1]) mask.data[i] = 255;
  }
  return mask;
}

registerFinder('mask', (file) => {
  if (!file) throw new Error('region "mask:" needs a file: mask:FILE');
  return {
    spec: `mask:${file}`,
    async find(image) {
      const mask = await readMaskFile(file, image.width, image.height);
      return { mask, boxes: maskComponents(mask) };
    },
  };
});
