// Which regions to restore and their cell grids: the regions a user named (box: / mask: specs) or, when
// none is named, the ones the mosaic detector finds. A region without a measured grid is measured here;
// a named one that has none is an error, a detected one is left alone with the reason.
import type { CellGrid } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { maskComponents, type Mask } from '../image/mask.js';
import { findRegions, parseBoxes, type RegionFinder } from '../inputs/regions.js';
import { findMosaicRegions, measureCellGrid, NoGridError, type DetectCodec, type FindMosaicOptions } from '../detect/index.js';
import { describeBox, type Box } from '../util/box.js';

/** A region planned for restoring: its box, and its grid, or why it has none. */
export interface PlannedRegion { box: Box; grid: CellGrid | null; reason?: string }

export interface RegionPlan { mask: Mask; regions: PlannedRegion[] }

export interface PlanOptions {
  /** Named regions (box: / mask: specs); default: the mosaic detector. */
  regions?: RegionFinder[];
  codec?: DetectCodec;
  /** Detector options (method, weights, threshold) when no region is named. */
  detect?: Omit<FindMosaicOptions, 'codec'>;
}

/** Thrown when the detector finds nothing to restore. */
export class NoMosaicError extends Error {}

/** Box specs must lie inside the image (or video frame): box finders clip silently, restore says so instead. */
export function assertBoxesInside(finders: RegionFinder[], image: { width: number; height: number }, source: string): void {
  for (const f of finders) {
    if (!f.spec.startsWith('box:')) continue;
    for (const b of parseBoxes(f.spec.slice(4))) {
      if (b.x + b.w > image.width || b.y + b.h > image.height)
        throw new Error(`${source}: region ${f.spec} reaches outside the ${image.width}×${image.height} image`);
    }
  }
}

export async function planRegions(image: Raster, o: PlanOptions, source: string): Promise<RegionPlan> {
  if (o.regions?.length) {
    assertBoxesInside(o.regions, image, source);
    const { mask } = await findRegions(image, o.regions);
    const boxes = maskComponents(mask);
    if (!boxes.length) throw new Error(`${source}: the regions ${o.regions.map((f) => f.spec).join(' ')} cover no pixels`);
    const regions = boxes.map((box) => {
      try {
        return { box, grid: measureCellGrid(image, mask, box, o) };
      } catch (e) {
        throw e instanceof NoGridError ? new NoGridError(`${source}: ${e.message}`) : e;
      }
    });
    return { mask, regions };
  }
  const found = findMosaicRegions(image, { ...o.detect, codec: o.codec });
  if (!found.regions.length) throw new NoMosaicError(`${source}: no mosaic found; pass --region box:x,y,w,h to name one`);
  const regions = found.regions.map(({ block, blockH, phaseX, phaseY, ...box }): PlannedRegion => {
    if (block && blockH) return { box, grid: { blockW: block, blockH, phaseX, phaseY } };
    try {
      return { box, grid: measureCellGrid(image, found.mask, box, o) };
    } catch (e) {
      if (!(e instanceof NoGridError)) throw e;
      return { box, grid: null, reason: `no mosaic grid found in region ${describeBox(box)}` };
    }
  });
  return { mask: found.mask, regions };
}
