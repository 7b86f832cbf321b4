import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleSummary, type EvalCase } from '../../src/detect/evaluate.js';

const grid = { blockW: 6, blockH: 6, phaseX: 0, phaseY: 0 };
const mosaic = (iou: number, visibleIoU: number | null): EvalCase => ({
  photo: 'p.jpg', block: 6, quality: 75, style: 'mean', iou, fpArea: 0, visibleIoU, visibleCellShare: visibleIoU === null ? 0 : 1, grid, found: grid, gridExact: true,
});

test('visibleSummary: mosaics with no visible cell are left out of the mean and counted', () => {
  assert.deepEqual(visibleSummary([mosaic(0, null), mosaic(0.9, 0.8), mosaic(0.5, 0.6), mosaic(0, null)]), { meanVisibleIoU: (0.8 + 0.6) / 2, invisibleMosaics: 2 });
  assert.deepEqual(visibleSummary([mosaic(0.7, 0)]), { meanVisibleIoU: 0, invisibleMosaics: 0 }, 'a visible mosaic missed scores 0, it is not left out');
});

test('visibleSummary: no mosaic with a visible cell → no mean', () => {
  assert.deepEqual(visibleSummary([mosaic(0, null)]), { meanVisibleIoU: null, invisibleMosaics: 1 });
  assert.deepEqual(visibleSummary([]), { meanVisibleIoU: null, invisibleMosaics: 0 });
});
