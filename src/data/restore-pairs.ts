// The restorer's training data: `tessera pairs` output (A|B files and pairs.json) read back as
// (restorer input, clean image). Each pair's mask is rebuilt from its recorded regions and its cell
// grid from the manifest, so the network gets the same seven channels it gets at inference.
import fs from 'node:fs';
import path from 'node:path';
import { restorerInput, RESTORER_CELL, RESTORER_INPUT_NC } from '../models/restorer.js';
import { drawShapes } from '../image/shapes.js';
import { cropPlanar } from '../image/resample.js';
import type { Dataset } from './datasets.js';
import type { DecodedImage } from './decoder.js';
import { mod } from '../util/math.js';
import { readPairsManifest } from './pairs-manifest.js';


/**
 * `alignCells`: crop each pair by up to RESTORER_CELL − 1 px so its cells lie on the 8-px blocks (the
 * per-cell restorer needs that); every pair then has side size − RESTORER_CELL.
 */
export function openRestorePairs(dataDir: string, phase = 'train', maxSize = Infinity, { alignCells = false } = {}): Dataset {
  const manifestFile = path.join(dataDir, 'pairs.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dataDir}: no pairs.json (make the folder with tessera pairs)`);
  const manifest = readPairsManifest(manifestFile);
  const pairs = manifest.pairs.filter((p) => p.file.startsWith(`${phase}${path.sep}`) || p.file.startsWith(`${phase}/`)).slice(0, maxSize);
  if (!pairs.length) throw new Error(`${manifestFile}: no ${phase} pairs`);
  const missingGrid = pairs.find((p) => !p.grid);
  if (missingGrid) throw new Error(`${manifestFile}: pair ${missingGrid.file} has no cell grid (made by an older tessera pairs; make the pairs again)`);
  const files = pairs.map((p) => path.join(dataDir, p.file));
  return {
    length: pairs.length,
    paths: files,
    jobs: (i, rng) => [{
      file: files[i]!, split: true, grayscale: [false, false],
      transform: { preprocess: 'none', loadSize: manifest.size, cropSize: manifest.size, flip: false },
      draws: [rng.random(), rng.random(), rng.random()],
    }],
    finish: (i, [a, b]) => {
      const [C, H, W] = a!.shape;
      const mask = drawShapes({ data: new Uint8Array(W * H), width: W, height: H }, pairs[i]!.regions);
      const inside = Float32Array.from(mask.data, (v) => (v ? 1 : 0));
      const input = restorerInput({ data: a!.data, channels: C, width: W, height: H }, inside, pairs[i]!.grid!);
      // The target keeps the input outside the region: the restorer never changes those pixels, and a
      // discriminator that saw clean pixels there would tell real from restored by the JPEG noise alone.
      const target = new Float32Array(b!.data);
      for (let c = 0; c < C; c++) for (let p = 0; p < W * H; p++) if (!inside[p]) target[c * W * H + p] = a!.data[c * W * H + p]!;
      if (!alignCells) return [{ data: input, shape: [RESTORER_INPUT_NC, H, W] } satisfies DecodedImage, { data: target, shape: b!.shape }];
      const g = pairs[i]!.grid!, S = Math.min(W, H) - RESTORER_CELL;
      const x0 = mod(g.phaseX, RESTORER_CELL), y0 = mod(g.phaseY, RESTORER_CELL);
      return [
        { data: cropPlanar({ data: input, channels: RESTORER_INPUT_NC, width: W, height: H }, x0, y0, S, S).data, shape: [RESTORER_INPUT_NC, S, S] } satisfies DecodedImage,
        { data: cropPlanar({ data: target, channels: C, width: W, height: H }, x0, y0, S, S).data, shape: [C, S, S] },
      ];
    },
  };
}
