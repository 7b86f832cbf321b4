// The shipped restorer against bicubic on photos it never trained on (two of assets/demo/, evaluation
// photos): a `mean` mosaic of 8 px and of 16 px cells on each demo box, restored at α = 0 (the fidelity end)
// with the grid given and `--style mean` (the cells' style is known here: this measures the model, not
// `auto`'s guess of it), PSNR inside the box. Skipped only while the model is not shipped (helpers/shipped.ts).
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
    const results: { what: string; bicubic: number; restored: number }[] = [];
    for (const photo of PHOTOS) {
      const original = rgbPixels(await readRaster(path.join(demoAssetsDir(), photo.file)));
      const mask = boxesToMask(original.width, original.height, [photo.box]);
      for (const block of BLOCKS) {
        const { image: mosaic, ...grid } = pixelate(original, mask, { block, style: 'mean', phase: 'box' });
        const targets = [{ box: photo.box, grid }];
        const bicubic = psnr(restoreBicubic(mosaic, mask, targets), original, mask, photo.box);
        const restored = psnr(restorer.restore(mosaic, mask, targets, { detail: 0, style: 'mean' }), original, mask, photo.box);
        results.push({ what: `${photo.file} ${block} px`, bicubic, restored });
      }
    }
    // every case, not their mean: the pair file packed from sr7 twice (a realism end at α = 0) fails boats at 8 and 16 px
    const table = results.map((r) => `${r.what}: bicubic ${r.bicubic.toFixed(2)} dB, restored ${r.restored.toFixed(2)} dB`).join('\n');
    for (const r of results) assert.ok(r.restored > r.bicubic, `${r.what}: not above bicubic\n${table}`);
  } finally {
    restorer.dispose();
  }
});
