// restoreImage: the library entry for taking mosaics off one image, beside censorImage. Regions come
// from the detector or from box: / mask: specs; each is restored on its own (so one region's result
// never writes another's pixels), checked (no face may appear, nothing explicit), and copied back
// inside its mask only. Pixels outside the regions keep their bytes.
import type { CellGrid } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { emptyMask, type Mask } from '../image/mask.js';
import type { RegionFinder } from '../inputs/regions.js';
import type { DetectCodec, FindMosaicOptions } from '../detect/find.js';
import type { SafetyChecker } from '../safety/checker.js';
import type { Box } from '../util/box.js';
import { Restorer, restoreBicubic, type RestoreCall, type RestoreTarget } from './restorer.js';
import {
  assertInputAllowed, assertOutputAllowed, assertRestoredImageAllowed, defaultFaceFinder, defaultSafetyChecker, faceInRegion, FACE_REASON,
  type FaceFinder,
} from './safety.js';
import { planRegions, type RegionPlan } from './targets.js';

/** What restores a region: the trained Restorer (libtorch), the OnnxRestorer (onnxruntime), or the bicubic baseline. */
export interface RegionRestorer {
  /** `call`: the detail dial and the cell style, where the restorer has them (the baseline ignores both). */
  restore(image: Raster, mask: Mask, targets: RestoreTarget[], call?: RestoreCall): Raster | Promise<Raster>;
}

/** Bicubic interpolation of the cell means: the baseline (never projected: it is the comparison), and a restorer that needs no model. */
export const bicubicRestorer: RegionRestorer = { restore: (image, mask, targets) => restoreBicubic(image, mask, targets) };

export interface RestoreImageOptions extends RestoreCall {
  /** box: / mask: specs naming the regions; default: the mosaic detector finds them. */
  regions?: RegionFinder[];
  /** Default: the shipped model (assets/mosaic-restorer.safetensors), loaded once. */
  restorer?: RegionRestorer;
  /** Refuses explicit input and output; default: the bundled classifier. */
  safety?: SafetyChecker;
  /** Default: BlazeFace. */
  faces?: FaceFinder;
  /** What the image went through; its block lattice is discounted when measuring grids. */
  codec?: DetectCodec;
  /** Detector options (method, weights, threshold) when no region is named. */
  detect?: Omit<FindMosaicOptions, 'codec'>;
  /** Name of the image in messages (a file name); default "image". */
  source?: string;
}

export interface RestoredRegion extends Box {
  /** The cell grid used, or null when none could be measured. */
  grid: CellGrid | null;
  status: 'restored' | 'left';
  /** Why a region was left as it was. */
  reason?: string;
}

export interface RestoreImageResult {
  image: Raster;
  /** Every region considered (restored or left). */
  mask: Mask;
  regions: RestoredRegion[];
}

let shipped: Restorer | null = null;

/** The mask's pixels inside one box: a region restores and is copied back there only. */
function maskInBox(mask: Mask, b: Box): Mask {
  const m = emptyMask(mask.width, mask.height);
  for (let y = b.y; y < b.y + b.h; y++) {
    const row = y * mask.width;
    for (let x = b.x; x < b.x + b.w; x++) if (mask.data[row + x]! > 127) m.data[row + x] = 255;
  }
  return m;
}

function copyMasked(from: Raster, to: Raster, m: Mask): void {
  const C = to.channels;
  for (let p = 0; p < m.data.length; p++) if (m.data[p]) for (let k = 0; k < C; k++) to.data[p * C + k] = from.data[p * C + k]!;
}

/**
 * Takes the mosaics off an image. Throws RestoreRefusal (explicit input or output), NoMosaicError
 * (nothing detected), NoGridError (a named region holds no mosaic grid) or an Error for a region outside
 * the image; the input raster is never changed.
 */
export async function restoreImage(image: Raster, o: RestoreImageOptions = {}): Promise<RestoreImageResult> {
  const { plan, safety, source } = await planRestore(image, o);
  return restorePlanned(image, plan, { ...o, safety, source });
}

/** The first half of restoreImage: the input's safety check, then the regions and their grids. */
export async function planRestore(image: Raster, o: RestoreImageOptions = {}): Promise<{ plan: RegionPlan; safety: SafetyChecker; source: string }> {
  const source = o.source ?? 'image';
  const safety = o.safety ?? await defaultSafetyChecker();
  assertInputAllowed(safety, image, source);
  return { plan: await planRegions(image, o, source), safety, source };
}

/** The regions of a plan that have a grid, each with the mask it restores and is copied back inside. */
export function plannedTargets(plan: RegionPlan): { box: Box; grid: CellGrid; inside: Mask }[] {
  return plan.regions.flatMap(({ box, grid }) => (grid ? [{ box, grid, inside: maskInBox(plan.mask, box) }] : []));
}

/**
 * The second half: each planned region restored on its own, checked (a face appearing leaves it; a region
 * that restores to something explicit is refused) and copied back inside its mask; then the whole restored
 * image is checked. `o.safety` must be the checker the input passed.
 */
export async function restorePlanned(image: Raster, plan: RegionPlan, o: Omit<RestoreImageOptions, 'regions' | 'detect' | 'codec'> & { safety: SafetyChecker; source: string }): Promise<RestoreImageResult> {
  const { safety, source } = o;
  const restorer = o.restorer ?? (shipped ??= Restorer.load());
  const faces = o.faces ?? defaultFaceFinder();
  const out: Raster = { ...image, data: new Uint8Array(image.data) };
  const regions: RestoredRegion[] = [];
  for (const { box, grid, reason } of plan.regions) {
    if (!grid) { regions.push({ ...box, grid, status: 'left', reason }); continue; }
    const inside = maskInBox(plan.mask, box);
    const restored = await restorer.restore(image, inside, [{ box, grid }], { detail: o.detail, style: o.style });
    if (await faceInRegion(faces, restored, box)) { regions.push({ ...box, grid, status: 'left', reason: FACE_REASON }); continue; }
    assertOutputAllowed(safety, image, restored, box, grid, source);
    copyMasked(restored, out, inside);
    regions.push({ ...box, grid, status: 'restored' });
  }
  // Regions overlap only where their boxes do; a region left alone wins there, so nothing of it shows.
  for (const r of regions) if (r.status === 'left') copyMasked(image, out, maskInBox(plan.mask, r));
  if (regions.some((r) => r.status === 'restored')) assertRestoredImageAllowed(safety, out, source);
  return { image: out, mask: plan.mask, regions };
}
