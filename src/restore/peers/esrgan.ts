// The evaluation's outside peer: UpscalerJS's ESRGAN "thick" ×8 model (@upscalerjs/esrgan-thick, MIT,
// an RRDN trained on DIV2K), a dev dependency run on libtorch through keras-model.ts. It is fed what the
// bicubic baseline is fed — the cell means, as an image of one pixel per cell — and its ×8 output is
// resized (bicubic) to the region's own pixels and blended like any restoration. Loaded only when asked
// (`tessera eval restore --peer esrgan-thick`, `npm run bench -- restore`): the product never needs it.
import path from 'node:path';
import { tensor, tidy } from '../../engine/index.js';
import { packageRoot } from '../../io/package-root.js';
import { cellMeans, type CellGrid, type PlanarImage } from '../../image/cells.js';
import type { Mask } from '../../image/mask.js';
import type { Raster } from '../../image/raster.js';
import { cropPlanar, resizePlanar } from '../../image/resample.js';
import type { Module } from '../../nn/index.js';
import type { Box } from '../../util/box.js';
import { blendInto, maskCrop, planarCrop, shifted, type RestoreTarget } from '../restorer.js';
import { depthToSpace, KerasGraph, readKerasModel, type CustomLayer } from './keras-model.js';
import { PEERS, type PeerName } from './names.js';

const PACKAGE = '@upscalerjs/esrgan-thick';
export const PEER_SCALE = 8;
/**
 * Cells of context around the region; the tessera restorer's margin is a quarter of the region's side, which
 * is as much or more from 32 cells up. The network's reach is a few cells: a smaller input only makes it faster.
 */
const CONTEXT_CELLS = 8;

/** The model's own layers, as the package defines them for TF.js: a scale by beta, and depth_to_space. */
const CUSTOM_LAYERS: Record<string, CustomLayer> = {
  MultiplyBeta: (c, name) => {
    if (typeof c.beta !== 'number') throw new Error(`${PACKAGE}: layer ${name} has no numeric beta`);
    const beta = c.beta;
    return ([x]) => x!.mul(beta);
  },
  [`PixelShuffle${PEER_SCALE}x`]: (c, name) => {
    if (c.scale !== PEER_SCALE) throw new Error(`${PACKAGE}: layer ${name} has scale ${String(c.scale)}, expected ${PEER_SCALE}`);
    return ([x]) => depthToSpace(x!, PEER_SCALE);
  },
};

/** models/x8/model.json of the installed package, or one line saying how to install it. */
export function esrganThickModelFile(findPackage: (name: string) => string = packageRoot): string {
  let root: string;
  try {
    root = findPackage(PACKAGE);
  } catch {
    throw new Error(`the esrgan-thick peer needs the dev dependency ${PACKAGE} (npm install, without --omit=dev)`);
  }
  return path.join(root, 'models', `x${PEER_SCALE}`, 'model.json');
}

/** The region's box grown by CONTEXT_CELLS cells on every side, clipped to the image. */
function peerBox(box: Box, grid: CellGrid, width: number, height: number): Box {
  const mx = CONTEXT_CELLS * grid.blockW, my = CONTEXT_CELLS * grid.blockH;
  const x0 = Math.max(0, box.x - mx), y0 = Math.max(0, box.y - my);
  return { x: x0, y: y0, w: Math.min(width, box.x + box.w + mx) - x0, h: Math.min(height, box.y + box.h + my) - y0 };
}

export class EsrganPeer {
  readonly name: PeerName = 'esrgan-thick';

  /** `net`: [1, 3, h, w] in [0, 1] → [1, 3, 8h, 8w] (the package's model, or a stand-in in tests). */
  constructor(readonly net: Module, readonly source: string) {}

  static load(file = esrganThickModelFile()): EsrganPeer {
    return new EsrganPeer(new KerasGraph(readKerasModel(file), CUSTOM_LAYERS), file);
  }

  /** The network on a planar RGB image in [0, 1] (the package's input range) → ×8, clipped to [0, 1]. */
  upscale(img: PlanarImage): PlanarImage {
    const { width: w, height: h } = img;
    if (img.channels !== 3) throw new Error(`${this.name}: takes RGB, got ${img.channels} channels`);
    const data = tidy(() => this.net.forward(tensor(img.data, [1, 3, h, w])).clamp(0, 1).data() as Float32Array);
    return { data, channels: 3, width: w * PEER_SCALE, height: h * PEER_SCALE };
  }

  /**
   * One crop (planar [−1, 1]) with its mask and grid in crop pixels → the restored crop: the cell means as
   * one pixel per cell, ×8, resized to the cells' size in the crop (bicubic), cut to the crop.
   */
  restoreCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid): PlanarImage {
    const m = cellMeans(crop, inside, grid);
    const cells = { data: m.data.map((v) => (v + 1) / 2), channels: 3, width: m.cols, height: m.rows };
    const up = this.upscale(cells);
    const sized = resizePlanar(up, m.cols * grid.blockW, m.rows * grid.blockH);
    const out = cropPlanar(sized, -m.originX, -m.originY, crop.width, crop.height);
    for (let i = 0; i < out.data.length; i++) out.data[i] = 2 * out.data[i]! - 1;
    return out;
  }

  /** Restores every target; returns a new image (the input is not changed). */
  restore(image: Raster, mask: Mask, targets: RestoreTarget[]): Raster {
    let out: Raster = { ...image, data: new Uint8Array(image.data) };
    for (const t of targets) {
      const c = peerBox(t.box, t.grid, image.width, image.height);
      out = blendInto(image, mask, c, this.restoreCrop(planarCrop(image, c), maskCrop(mask, c), shifted(t.grid, c)), out);
    }
    return out;
  }

  dispose(): void { this.net.dispose(); }
}

/** The named peer, loaded (the weights read once). */
export function loadPeer(name: PeerName): EsrganPeer {
  if (name !== 'esrgan-thick') throw new Error(`unknown peer ${String(name)}: one of ${PEERS.join(', ')}`);
  return EsrganPeer.load();
}
