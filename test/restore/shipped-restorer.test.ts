// The shipped restorer against bicubic on photos it never trained on (two of assets/demo/, evaluation
// photos): a `mean` mosaic of 8 px and of 16 px cells on each demo box, restored at α = 0 (the fidelity end)
// with the grid given, PSNR inside the box. Skipped only while the model is not shipped (helpers/shipped.ts).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { readRaster, rgbPixels } from '../../src/image/raster.js';
import { DEMO_PHOTOS, demoAssetsDir } from '../../src/restore/demo.js';
import { psnr } from '../../src/restore/metrics.js';
import { Restorer, restoreBicubic } from '../../src/restore/restorer.js';
import { shippedRestorer, skipUntilShipped } from '../helpers/shipped.js';

const PHOTOS = DEMO_PHOTOS.filter((p) => p.file === 'boats.jpg' || p.file === 'cups.jpg');
const BLOCKS = [8, 16];

test('the shipped restorer is a pair, and at α = 0 beats bicubic in PSNR on 8 and 16 px mean mosaics', { skip: skipUntilShipped }, async () => {
  const restorer = Restorer.load(shippedRestorer());
  try {
    assert.ok(restorer.isPair, 'the shipped file holds the fidelity and the realism set (tessera pack-restorer)');
    const gains = new Map<number, number[]>(BLOCKS.map((b) => [b, []]));
    const lines: string[] = [];
    for (const photo of PHOTOS) {
      const original = rgbPixels(await readRaster(path.join(demoAssetsDir(), photo.file)));
      const mask = boxesToMask(original.width, original.height, [photo.box]);
      for (const block of BLOCKS) {
        const { image: mosaic, ...grid } = pixelate(original, mask, { block, style: 'mean', phase: 'box' });
        const targets = [{ box: photo.box, grid }];
        const bicubic = psnr(restoreBicubic(mosaic, mask, targets), original, mask, photo.box);
        const restored = psnr(restorer.restore(mosaic, mask, targets, { detail: 0 }), original, mask, photo.box);
        gains.get(block)!.push(restored - bicubic);
        lines.push(`${photo.file} ${block} px: bicubic ${bicubic.toFixed(2)} dB, restored ${restored.toFixed(2)} dB`);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [block, g] of gains) assert.ok(mean(g) > 0, `${block} px cells: mean gain ${mean(g).toFixed(2)} dB over bicubic\n${lines.join('\n')}`);
  } finally {
    restorer.dispose();
  }
});
