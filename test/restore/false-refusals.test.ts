// The bundled classifier's false-refusal rate on every benign photo the project uses (issue 9: ≤ 2%).
// Run alone for the figure: node --test dist/test/restore/false-refusals.test.js
// Measured: 0/54 photos, 4/216 crops (1.9%; the refused crops are close-ups of flowers and leaves), the crops
// in the output check's window (outputCheckWindow). The output check also asks that restoring raised the
// score, so such crops are not refused as restorations: `npm run bench -- refusals` counts those.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSafetyChecker } from '../../src/restore/index.js';
import { benignPhotos, falseRefusals } from '../helpers/false-refusals.js';
import { evaluationPhotos, trainingPhotos } from '../helpers/photos.js';

test('the classifier checker refuses at most 2% of benign photos, whole and as region crops', async () => {
  // both sets, fetched when missing (a fresh clone's setup fetches only the evaluation photos)
  evaluationPhotos();
  trainingPhotos();
  const files = benignPhotos();
  assert.ok(files.length >= 50, `only ${files.length} benign photos found`);
  const r = await falseRefusals(await defaultSafetyChecker(), files);
  const rate = r.refused.length / r.images, cropRate = r.refusedCrops.length / r.crops;
  console.log(`false refusals: ${r.refused.length}/${r.images} photos (${(100 * rate).toFixed(1)}%), ${r.refusedCrops.length}/${r.crops} crops (${(100 * cropRate).toFixed(1)}%)`);
  assert.ok(rate <= 0.02, `photos refused: ${r.refused.join(', ')}`);
  assert.ok(cropRate <= 0.02, `crops refused: ${r.refusedCrops.join(', ')}`);
});
