import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Raster } from '../../src/image/raster.js';
import { boxesToMask, type Mask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { VISIBLE_CELL_MIN_CHANGE, visibleIoU, visibleTruth } from '../../src/image/visible-iou.js';

/** A mask from a picture: '#' set, '.' not, one string per row. */
function maskOf(...rows: string[]): Mask {
  const width = rows[0]!.length, height = rows.length;
  return { data: Uint8Array.from(rows.join(''), (ch) => (ch === '#' ? 255 : 0)), width, height };
}
const picture = (m: Mask) => Array.from({ length: m.height }, (_, y) => Array.from(m.data.subarray(y * m.width, (y + 1) * m.width), (v) => (v ? '#' : '.')).join(''));
const grey = (width: number, height: number, values: number[]): Raster => ({ data: Uint8Array.from(values), width, height, channels: 1 });

test('visibleTruth: cells clipped to the truth, visible when their mean absolute change exceeds the threshold', () => {
  // 4×4 grey, 2×2 cells from (0, 0); the truth is the top three rows.
  const original = grey(4, 4, new Array(16).fill(100));
  const mosaicked = grey(4, 4, [
    110, 110, 104, 100, //  cell (0,0): +10 everywhere → 10, visible; cell (1,0): one pixel +4 → 4/4 = 1, invisible
    110, 110, 100, 100,
    102, 102, 103, 104, //  row 2, the truth's part of cells (0,1) and (1,1): 2 (at the threshold: invisible) and 3.5 (visible)
    150, 150, 100, 100, //  outside the truth: its +50 must not count for cell (0,1)
  ]);
  const truth = maskOf('####', '####', '####', '....');
  assert.equal(VISIBLE_CELL_MIN_CHANGE, 2, 'the cells below are drawn around a threshold of 2');
  const r = visibleTruth(original, mosaicked, truth, { blockW: 2, blockH: 2, phaseX: 0, phaseY: 0 });
  assert.deepEqual(picture(r.visible), ['##..', '##..', '..##', '....']);
  assert.deepEqual(picture(r.dontCare), ['..##', '..##', '##..', '....']);
  assert.equal(r.cells, 4);
  assert.equal(r.visibleCells, 2);
});

test('visibleTruth: the change is averaged over every channel, on the grid its phase places', () => {
  // One row of 5 RGB pixels, cells 2 wide with lines at x ≡ 1 (mod 2): [0] [1 2] [3 4].
  const original: Raster = { data: new Uint8Array(15).fill(50), width: 5, height: 1, channels: 3 };
  const mosaicked: Raster = { data: Uint8Array.from([53, 50, 50, 59, 50, 50, 50, 50, 56, 50, 50, 50, 50, 50, 50]), width: 5, height: 1, channels: 3 };
  const truth = maskOf('#####');
  // [0]: 3/3 = 1 → invisible; [1 2]: (9 + 6)/6 = 2.5 → visible; [3 4]: 0 → invisible.
  // (Lines at x ≡ 0 would give [0 1]: 12/6 = 2 and [2 3]: 6/6 = 1, nothing visible.)
  for (const phaseX of [1, 3, -1]) {
    const r = visibleTruth(original, mosaicked, truth, { blockW: 2, blockH: 1, phaseX, phaseY: 0 });
    assert.deepEqual(picture(r.visible), ['.##..'], `phaseX ${phaseX}`);
    assert.deepEqual(picture(r.dontCare), ['#..##'], `phaseX ${phaseX}`);
    assert.deepEqual([r.cells, r.visibleCells], [3, 1]);
  }
  const lower = visibleTruth(original, mosaicked, truth, { blockW: 2, blockH: 1, phaseX: 1, phaseY: 0 }, 0.5);
  assert.deepEqual(picture(lower.visible), ['###..'], 'a lower threshold makes the 1-level cell visible');
});

test('visibleTruth on pixelate: a mean mosaic over a flat image is invisible, over an edge only the cells that straddle it', () => {
  const W = 12, H = 4, data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) data.fill((i % W) < 6 ? 50 : 200, i * 3, i * 3 + 3);
  const edge: Raster = { data, width: W, height: H, channels: 3 };
  const flat: Raster = { data: new Uint8Array(W * H * 3).fill(80), width: W, height: H, channels: 3 };
  const truth = boxesToMask(W, H, [{ x: 0, y: 0, w: W, h: H }]);
  const grid = { blockW: 4, blockH: 4, phaseX: 0, phaseY: 0 };
  const flatMosaic = pixelate(flat, truth, { style: 'mean', block: 4, phase: [0, 0] }).image;
  const flatSplit = visibleTruth(flat, flatMosaic, truth, grid);
  assert.deepEqual([flatSplit.cells, flatSplit.visibleCells], [3, 0]);
  assert.equal(visibleIoU(truth, flatSplit.visible, flatSplit.dontCare), null);
  // cells x 0–3 and 8–11 are flat; x 4–7 holds two 50s and two 200s per row, all become 125
  const edgeSplit = visibleTruth(edge, pixelate(edge, truth, { style: 'mean', block: 4, phase: [0, 0] }).image, truth, grid);
  assert.deepEqual(picture(edgeSplit.visible), new Array(4).fill('....####....'));
  assert.deepEqual([edgeSplit.cells, edgeSplit.visibleCells], [3, 1]);
});

test('visibleIoU: hand-computed scores, invisible truth as don\'t care', () => {
  // pixels 0–3 visible truth (V), 4–5 invisible truth (D), 6–7 outside the truth
  const V = maskOf('####....'), D = maskOf('....##..');
  const score = (pred: string) => visibleIoU(maskOf(pred), V, D);
  assert.equal(score('####....'), 1);
  assert.equal(score('######..'), 1, 'covering the invisible cells too costs nothing');
  assert.equal(score('##......'), 2 / 4);
  assert.equal(score('##..##..'), 2 / 4, 'a prediction over invisible cells scores as empty there');
  assert.equal(score('##....##'), 2 / 6, 'outside the truth it is a false positive');
  assert.equal(score('..######'), 2 / 6, '∩ = {2, 3}, (pred \\ D) ∪ V = {0, 1, 2, 3, 6, 7}');
  assert.equal(score('....##..'), 0, 'only invisible cells: as empty');
  assert.equal(score('........'), 0);
});

test('visibleIoU: no visible truth → null, whatever the prediction', () => {
  const V = maskOf('......'), D = maskOf('###...');
  for (const pred of ['......', '###...', '######']) assert.equal(visibleIoU(maskOf(pred), V, D), null, pred);
});

test('visibleIoU with nothing invisible is the plain IoU', () => {
  const V = maskOf('.####.'), D = maskOf('......');
  assert.equal(visibleIoU(maskOf('...###'), V, D), 2 / 5);
});

test('mismatched sizes are refused with one line naming both', () => {
  assert.throws(() => visibleIoU(maskOf('##'), maskOf('###'), maskOf('###')), /visibleIoU: masks of different sizes \(2×1, 3×1, 3×1\)/);
  assert.throws(() => visibleTruth(grey(2, 1, [0, 0]), grey(3, 1, [0, 0, 0]), maskOf('##'), { blockW: 1, blockH: 1, phaseX: 0, phaseY: 0 }), /the mosaic is 3×1×1, the original 2×1×1/);
});
