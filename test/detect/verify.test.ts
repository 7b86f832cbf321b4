// The verification stage after the learned network (detect/verify.ts): its features against hand-computed
// values, and the detector with it on regular structure that is no mosaic (a checkerboard, a real brick
// wall, a real circuit board) and on a mosaic painted over such a pattern.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jpegRoundTrip, type Raster } from '../../src/image/raster.js';
import { evaluateDetector, loadPhoto } from '../../src/detect/evaluate.js';
import { detectMosaicLearned } from '../../src/detect/learned.js';
import { cellResidual, convexHullArea, diagonalRatio, edgeSharpness, FRAME_VERIFIER, looksLikeMosaic, regionFeatures, SHIPPED_VERIFIER, solidity, type RegionShape } from '../../src/detect/verify.js';
import { boxesToMask, maskIoU } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { paintHardNegative } from '../../src/data/hard-negatives.js';
import { patternPhotos } from '../helpers/photos.js';

/** A W×H region covering the whole image, luma from f(x, y). */
function region(W: number, H: number, f: (x: number, y: number) => number): RegionShape {
  const L = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) L[y * W + x] = f(x, y);
  return { L, W, H, labels: new Int32Array(W * H).fill(1), label: 1, box: { x: 0, y: 0, w: W, h: H } };
}

test('cell residual: 0 for flat cells and for disc cells at their grid, large for bricks and off the grid', () => {
  const cellMean = (i: number, j: number) => (((i * 97 + j * 53) % 200) + 200) % 200;
  const flat = region(96, 80, (x, y) => cellMean(Math.floor((x - 3) / 8), Math.floor((y - 5) / 8)));
  assert.deepEqual(cellResidual(flat, 8, 8, 3, 5), { cellResidual: 0, cells: 11 * 9 });
  // at the wrong phase, a third of each cell's pixels belong to its neighbours
  assert.ok(cellResidual(flat, 8, 8, 6, 5).cellResidual > 0.2);
  // circle style: the disc holds the cell's value, the corners half of it (image/pixelate.ts)
  const disc = region(80, 80, (x, y) => {
    const i = Math.floor(x / 10), j = Math.floor(y / 10), v = 40 + cellMean(i, j);
    return (x % 10 + 0.5 - 5) ** 2 + (y % 10 + 0.5 - 5) ** 2 <= 25 ? v : v / 2;
  });
  assert.equal(cellResidual(disc, 10, 10, 0, 0).cellResidual, 0);
  // bricks 24×12 with 2-px mortar lines: at the brick period the mortar sits inside the cells
  const brick = region(96, 96, (x, y) => {
    const off = Math.floor(y / 12) % 2 ? 12 : 0;
    return y % 12 < 2 || (x + off) % 24 < 2 ? 200 : 90;
  });
  assert.ok(cellResidual(brick, 24, 12, 0, 0).cellResidual > 0.3, `${cellResidual(brick, 24, 12, 0, 0).cellResidual}`);
});

test('diagonal ratio: 0 on a checkerboard, 2·max(|a|,|b|)/(|a|+|b|) on cells of a linear ramp a·i + b·j', () => {
  const grid = { block: 8, blockH: 8, phaseX: 0, phaseY: 0 };
  const checker = region(64, 64, (x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? 220 : 30));
  assert.equal(diagonalRatio(checker, grid), 0);
  for (const [a, b] of [[10, 10], [12, 0], [9, 3]] as const) {
    const ramp = region(64, 64, (x, y) => 20 + a * Math.floor(x / 8) + b * Math.floor(y / 8));
    assert.ok(Math.abs(diagonalRatio(ramp, grid) - (2 * Math.max(a, b)) / (a + b)) < 1e-9, `a ${a} b ${b}`);
  }
});

test('convex hull area and solidity: a square, a triangle, an L shape', () => {
  assert.equal(convexHullArea([[0, 0], [4, 0], [4, 4], [0, 4], [2, 2]]), 16);
  assert.equal(convexHullArea([[0, 0], [6, 0], [0, 3]]), 9);
  const W = 10, H = 10, labels = new Int32Array(W * H);
  // an L: a 10×4 bar along the top and a 4×6 leg below its left end; hull: the L plus the triangle
  // between (4,4), (10,4)→(10,0)… measured by hand: area 64, hull 10·4 + (4 + 10)·6/2 = 82
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (y < 4 || x < 4) labels[y * W + x] = 1;
  const s = solidity({ L: new Float32Array(W * H), W, H, labels, label: 1, box: { x: 0, y: 0, w: W, h: H } });
  assert.ok(Math.abs(s - 64 / 82) < 1e-9, `solidity ${s}`);
});

test('small circle cells measured as a multiple on one axis (24 × 6 for 6-px cells) are found flat at 6 × 6', () => {
  // 6-px disc cells, lines at x ≡ 2, y ≡ 2 (mod 6); the grid handed in has the x lattice four times too coarse
  const v = (i: number, j: number) => 60 + ((((i * 37 + j * 71) % 150) + 150) % 150);
  const disc = region(120, 96, (x, y) => {
    const i = Math.floor((x - 2) / 6), j = Math.floor((y - 2) / 6), u = ((x - 2) % 6 + 6) % 6, w = ((y - 2) % 6 + 6) % 6;
    return (u + 0.5 - 3) ** 2 + (w + 0.5 - 3) ** 2 <= 9 ? v(i, j) : v(i, j) / 2;
  });
  assert.ok(cellResidual(disc, 24, 6, 2, 2).cellResidual > 0.2, 'the coarse grid does not fit');
  const f = regionFeatures(disc, { block: 24, blockH: 6, phaseX: 2, phaseY: 2 }, 0.5, 0.5);
  assert.equal(f.cellResidual, 0);
  assert.equal(f.cells, 19 * 15);
});

test('edge sharpness: 1 for one-pixel steps between cells, the steepest share of a ramp for an enlargement, 1 with no edge', () => {
  const value = (i: number, j: number) => 40 + ((((i * 97 + j * 53) % 160) + 160) % 160);
  const grid = { block: 12, blockH: 12, phaseX: 0, phaseY: 0 };
  const steps = region(96, 96, (x, y) => value(Math.floor(x / 12), Math.floor(y / 12)));
  assert.equal(edgeSharpness(steps, grid), 1);
  // the same cells' edges as linear ramps over 4 pixels (x = line − 2 … line + 1), as a 4× enlargement draws them:
  // over the window line − 3 … line + 2 the whole change, a quarter of it per pixel
  const ramp = (t: number) => Math.min(1, Math.max(0, (t + 2.5) / 4));
  const smooth = region(96, 96, (x, y) => {
    const across = (c: number, f: (k: number) => number) => { const k = Math.floor(c / 12), o = c - 12 * k; return o < 6 ? f(k - 1) + ramp(o - 0.5) * (f(k) - f(k - 1)) : f(k) + ramp(o - 12 - 0.5) * (f(k + 1) - f(k)); };
    return across(x, (i) => across(y, (j) => value(i, j)));
  });
  const s = edgeSharpness(smooth, grid);
  assert.ok(Math.abs(s - 0.25) < 0.02, `${s}`);
  assert.equal(edgeSharpness(region(96, 96, (x) => 100 + x / 40), grid), 1, 'changes under the noise floor: nothing to tell');
  // the rule: soft edges reject whatever else the region shows; too few cells still get no verdict
  const mosaic = { cellResidual: 0, latticeShare: 0.6, solidity: 0.97, diagonalRatio: 1.3, confidence: 0.99, edgeSharpness: 0.9, cells: 500 };
  assert.equal(looksLikeMosaic(mosaic), true);
  assert.equal(looksLikeMosaic({ ...mosaic, edgeSharpness: 0.3 }), false);
  assert.equal(looksLikeMosaic({ ...mosaic, edgeSharpness: 0.3, cells: 5 }), true);
});

test('no evidence of a lattice (no share of the jumps, no edge crossed) is no mosaic in an image; a frame keeps it', () => {
  const flat = region(96, 96, () => 100);
  const grid = { block: 12, blockH: 12, phaseX: 0, phaseY: 0 };
  const f = regionFeatures(flat, grid, 0, 0);
  assert.equal(f.edgeCrossings, 0);
  assert.equal(f.edgeSharpness, 1, 'unmeasured');
  // flat cells and an unmeasured diagonal ratio (1) pass the linear rule: only the evidence test rejects them
  assert.equal(looksLikeMosaic({ ...f, edgeCrossings: undefined }), true);
  assert.equal(looksLikeMosaic(f), false);
  assert.equal(looksLikeMosaic(f, FRAME_VERIFIER), true);
  assert.equal(looksLikeMosaic({ ...f, latticeShare: 0.05 }), true, 'a lattice holding some jumps');
  const value = (i: number, j: number) => 40 + ((((i * 97 + j * 53) % 160) + 160) % 160);
  const cells = regionFeatures(region(96, 96, (x, y) => value(Math.floor(x / 12), Math.floor(y / 12))), grid, 0, 0);
  // 7 lattice lines per axis, 96 crossings each: up to 1,344, less those between cells within 6 levels of each other
  assert.ok(cells.edgeCrossings! > 7 * 80, `${cells.edgeCrossings}`);
});

test('a region the network is sure of passes when its cells read as a small photo, never when they are a checkerboard', () => {
  const sure = SHIPPED_VERIFIER.sure!;
  // cells not flat at the measured grid (the geometry rule alone rejects it)
  const base = { cellResidual: 0.4, latticeShare: 0.1, solidity: 0.97, diagonalRatio: 1.35, confidence: sure, edgeSharpness: 1, cells: 500 };
  assert.equal(looksLikeMosaic({ ...base, confidence: 0.9 }), false);
  assert.equal(looksLikeMosaic(base), true);
  assert.equal(looksLikeMosaic({ ...base, confidence: 0.99, diagonalRatio: 0.01 }), false, 'a checkerboard');
  assert.equal(looksLikeMosaic({ ...base, confidence: 0.99, diagonalRatio: 1 }), false, 'a ratio that could not be measured');
  assert.equal(looksLikeMosaic(base, { ...SHIPPED_VERIFIER, sure: undefined }), false, 'the rule without the clause');
});

test('too few whole cells: no verdict (the region is kept)', () => {
  assert.equal(looksLikeMosaic({ cellResidual: 1, latticeShare: 0, solidity: 0.3, diagonalRatio: 0, confidence: 0.8, edgeSharpness: 1, cells: 5 }), true);
  assert.equal(looksLikeMosaic({ cellResidual: 1, latticeShare: 0, solidity: 0.3, diagonalRatio: 0, confidence: 0.8, edgeSharpness: 1, cells: 50 }), false);
});

// Measured with the check: mean IoU 0.756, clean pattern photos 1.94% flagged on average, at most 13.4% (opencv-left01,
// a photographed checkerboard in perspective); without it 0.842, 5.60% and 47.8% (skimage-page).
const MIN_IOU = 0.72, MAX_MEAN_FP = 0.025, MAX_FP = 0.15;
const flagged = (r: { maskArea: number }, img: Raster) => r.maskArea / (img.width * img.height);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

test('the detector leaves a checkerboard, a real brick wall and a real circuit board alone', async () => {
  const canvas = await loadPhoto(patternPhotos().find((f) => f.includes('aero1'))!, 512);
  for (const seed of [1, 2, 3]) {
    const board = await jpegRoundTrip(paintHardNegative(canvas, { x: 96, y: 64, w: 320, h: 256 }, 'checkerboard', seed), 85);
    assert.ok(flagged(detectMosaicLearned(board), board) <= 0.01, `checkerboard ${seed}: ${pct(flagged(detectMosaicLearned(board), board))}`);
    // the session-7 network alone flagged the whole checkerboard (42% of the image); session 8's, trained with
    // painted checkerboards as negatives, leaves it in its main pass, but its coarse look (squares of cell size
    // at scale 0.4) is sure of it and lifts it: the stage is what rejects it (diagonal ratio 0.005)
    if (seed === 1) {
      assert.ok(flagged(detectMosaicLearned(board, { verify: false, coarseLook: false }), board) <= 0.01);
      assert.ok(flagged(detectMosaicLearned(board, { verify: false }), board) > 0.3);
    }
  }
  for (const name of ['skimage-brick', 'opencv-board']) {
    const photo = await jpegRoundTrip(await loadPhoto(patternPhotos().find((f) => f.includes(name))!, 'native'), 75);
    const r = detectMosaicLearned(photo);
    assert.ok(flagged(r, photo) <= 0.01, `${name}: ${pct(flagged(r, photo))} flagged`);
  }
});

test('the circuit board is a hard case: with a lax gate the network keeps regions on it, the stage rejects them all', async () => {
  // Session 8's network no longer keeps a region on the board at the shipped gate; a lax one (pixels from 0.2,
  // regions from 0.3) brings its doubts back, so the stage still has something to judge.
  const photo = await jpegRoundTrip(await loadPhoto(patternPhotos().find((f) => f.includes('opencv-board'))!, 'native'), 75);
  const lax = { threshold: 0.2, minConfidence: 0.3 };
  const kept: boolean[] = [];
  detectMosaicLearned(photo, { ...lax, onRegionFeatures: (_b, _f, k) => kept.push(k) });
  assert.ok(kept.length >= 1, 'the network kept no region on the board (the test would prove nothing)');
  assert.ok(kept.every((k) => !k), `regions kept: ${kept}`);
  assert.ok(flagged(detectMosaicLearned(photo, { ...lax, verify: false }), photo) > 0.01);
  assert.equal(flagged(detectMosaicLearned(photo), photo), 0);
});

test('a mosaic painted over a pattern is still found, with its grid', async () => {
  for (const [name, block] of [['opencv-board', 12], ['skimage-brick', 8], ['hugin-CA_tCA00', 16]] as const) {
    const photo = await loadPhoto(patternPhotos().find((f) => f.includes(name))!, 'native');
    const { width: W, height: H } = photo;
    const truth = boxesToMask(W, H, [{ x: Math.round(W * 0.25), y: Math.round(H * 0.3), w: Math.round(W * 0.4), h: Math.round(H * 0.4) }]);
    const r = detectMosaicLearned(await jpegRoundTrip(pixelate(photo, truth, { block, phase: [5, 2] }).image, 80));
    assert.ok(maskIoU(r.mask, truth) >= 0.85, `${name}, ${block}-px cells: IoU ${maskIoU(r.mask, truth).toFixed(3)}`);
    assert.ok(r.regions.some((g) => g.block === block), `${name}: cells found ${r.regions.map((g) => g.block)}`);
  }
});

test('the shipped detector on a fixed small set (pattern photos, 384 px, cells 8 and 16, all styles, JPEG q75) does not regress', async () => {
  const r = await evaluateDetector({ photos: patternPhotos(), width: 384, blocks: [8, 16], qualities: [75], styles: ['mean', 'center', 'random', 'rect', 'circle'], method: 'learned' });
  // The bounds (above) are the measured figures with a margin (bf16 vs fp32 moves them a little).
  assert.ok(r.meanIoU >= MIN_IOU, `mean IoU ${r.meanIoU.toFixed(3)}`);
  assert.ok(r.meanFpArea <= MAX_MEAN_FP, `clean pattern photos: ${pct(r.meanFpArea)} flagged on average`);
  assert.ok(r.maxFpArea <= MAX_FP, `clean pattern photos: up to ${pct(r.maxFpArea)} flagged (${r.clean.filter((c) => c.fpArea > 0.01).map((c) => c.photo)})`);
});
