// Restore's output rule (safety.ts) with a stub checker whose score is the share of pure red pixels, so
// each decision can be worked out by hand: the window it looks at, refusal only when the window's score
// is high and rose from the input's, a checker without scores taken at its word, the whole restored image
// checked; and the same decisions from restoreImage's second half and from the video's checks. Then the
// real classifier on benign leaves that the rule before refused (the region grown by half its size).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRaster, rgbPixels, type Raster } from '../../src/image/raster.js';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { bicubicRestorer, restorePlanned, RestoreRefusal, type RegionRestorer, type SafetyChecker } from '../../src/restore/index.js';
import {
  assertOutputAllowed, assertRestoredImageAllowed, flatCells, grownBox, outputCheckWindow, OUTPUT_RISE, rgbCrop,
} from '../../src/restore/safety.js';
import { VideoSafety } from '../../src/restore/video-safety.js';
import { createClassifierSafetyChecker } from '../../src/safety/classifier.js';
import type { Box } from '../../src/util/box.js';
import { trainingPhotos } from '../helpers/photos.js';

const noFaces = { find: async () => [] };
const grid = { blockW: 10, blockH: 10, phaseX: 0, phaseY: 0 };

function image(w: number, h: number, red = 0): Raster {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data[i * 3] = red;
  return { data, width: w, height: h, channels: 3 };
}

function paint(img: Raster, b: Box, red = 255): Raster {
  const out = { ...img, data: new Uint8Array(img.data) };
  for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) out.data[(y * img.width + x) * 3] = red;
  return out;
}

const redShare = (im: Raster) => {
  let n = 0;
  for (let i = 0; i < im.width * im.height; i++) if (im.data[i * 3] === 255) n++;
  return n / (im.width * im.height);
};

/** Refuses at a red share of 0.5; `seen` lists the sizes it was shown. */
function redChecker(score: (im: Raster) => number = redShare): SafetyChecker & { seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'red share', seen,
    check(im) {
      seen.push(`${im.width}×${im.height}`);
      const s = score(im);
      return s >= 0.5 ? { allowed: false, score: s, reason: `red ${s.toFixed(2)}` } : { allowed: true, score: s };
    },
  };
}

test('the output window: half the larger side as context, square, at least 224 px, moved inside at an edge', () => {
  // a small region: 224² centred on it (125 − 112, 120 − 112)
  assert.deepEqual(outputCheckWindow({ x: 100, y: 100, w: 50, h: 40 }, 1000, 800), { x: 13, y: 8, w: 224, h: 224 });
  // the case: 144×112 at the bottom-left of a 1024×681 photo. The rule before clipped its crop to
  // 216×177 there; now 288² moved up to stay inside (616 − 144 = 472 → 681 − 288 = 393)
  assert.deepEqual(grownBox({ x: 0, y: 560, w: 144, h: 112 }, 0.5, 1024, 681), { x: 0, y: 504, w: 216, h: 177 });
  assert.deepEqual(outputCheckWindow({ x: 0, y: 560, w: 144, h: 112 }, 1024, 681), { x: 0, y: 393, w: 288, h: 288 });
  // the image's own size caps it
  assert.deepEqual(outputCheckWindow({ x: 10, y: 10, w: 20, h: 20 }, 100, 150), { x: 0, y: 0, w: 100, h: 150 });
  assert.deepEqual(outputCheckWindow({ x: 200, y: 100, w: 600, h: 300 }, 2000, 1000), { x: 0, y: 0, w: 1200, h: 1000 });
});

test('a region is refused when its window scores high and rose by OUTPUT_RISE from the input; otherwise not', () => {
  const box = { x: 100, y: 100, w: 150, h: 150 }; // window 300² at 25,25: the region is a quarter of it
  const w = outputCheckWindow(box, 400, 400);
  assert.deepEqual(w, { x: 25, y: 25, w: 300, h: 300 });
  // input: nothing red; restored: the region and a strip beside it red, 0.25 + 0.3 = 0.55 of the window
  const input = image(400, 400);
  const restored = paint(paint(input, box), { x: 25, y: 250, w: 300, h: 75 }, 255);
  assert.equal(redShare(rgbCrop(restored, w)), 0.5);
  const c = redChecker();
  assert.throws(() => assertOutputAllowed(c, input, restored, box, grid, 'a.png'),
    (e: Error) => e instanceof RestoreRefusal && e.stage === 'output'
      && e.message === 'a.png: refused: the region at 100,100 150×150 restores to something explicit (red 0.50; 0.00 before restoring); nothing was written');
  assert.deepEqual(c.seen, ['300×300', '300×300', '300×300'], 'the window after restoring, then the input\'s: as it came and as flat cells');
  // the same restored window, but the input's already scored 0.25 (the strip was there): risen by 0.25 < 0.3
  assert.ok(OUTPUT_RISE > 0.25);
  const strip = paint(input, { x: 25, y: 250, w: 300, h: 75 }, 255);
  assertOutputAllowed(redChecker(), strip, restored, box, grid, 'a.png');
  // risen by exactly OUTPUT_RISE from below: refused
  const below = paint(input, { x: 25, y: 25, w: 300, h: Math.round(300 * (0.5 - OUTPUT_RISE)) });
  assert.throws(() => assertOutputAllowed(redChecker(), below, restored, box, grid, 'a.png'), RestoreRefusal);
  // a window that is not refused: the input is not looked at
  const quiet = redChecker();
  assertOutputAllowed(quiet, input, paint(input, box), box, grid, 'a.png');
  assert.deepEqual(quiet.seen, ['300×300']);
});

test('a checker without scores is taken at its word; the whole restored image goes through the input\'s rule', () => {
  const box = { x: 100, y: 100, w: 150, h: 150 };
  const crops: SafetyChecker = { name: 'refuses crops', check: (im) => ({ allowed: im.width === 400, reason: 'crop' }) };
  assert.throws(() => assertOutputAllowed(crops, image(400, 400), image(400, 400), box, grid, 'a.png'), /restores to something explicit \(crop\)/);
  const whole = paint(image(400, 400), { x: 0, y: 0, w: 400, h: 200 });
  assert.throws(() => assertRestoredImageAllowed(redChecker(), whole, 'a.png'),
    (e: Error) => e instanceof RestoreRefusal && e.stage === 'output' && e.message === 'a.png: refused: the restored image looks explicit (red 0.50); nothing was written');
  assertRestoredImageAllowed(redChecker(), paint(image(400, 400), { x: 0, y: 0, w: 400, h: 199 }), 'a.png');
});

test('flat cells: each cell of the region the mean of its pixels in the region; a circle-like mosaic is measured from them', () => {
  const img = image(6, 4);
  for (let x = 0; x < 6; x++) img.data[(1 * 6 + x) * 3] = 10 * x; // row 1: 0 10 20 30 40 50
  // cells 4 wide from x = 1 (phase 1), 2 tall from y = 0; the region x 1..4, y 1..2 cuts them
  const f = flatCells(img, { x: 1, y: 1, w: 4, h: 2 }, { blockW: 4, blockH: 2, phaseX: 1, phaseY: 0 });
  const red = (y: number) => Array.from({ length: 6 }, (_, x) => f.data[(y * 6 + x) * 3]);
  assert.deepEqual(red(0), [0, 0, 0, 0, 0, 0], 'outside the region: as it was');
  assert.deepEqual(red(1), [0, 25, 25, 25, 25, 50], 'the cell x 1..4 × y 0..1 holds 10..40 of row 1 in the region: mean 25; x 5 is outside');
  assert.deepEqual(red(2), [0, 0, 0, 0, 0, 0]);
  // a "skin" share (red ≥ 100), doubled: bright quarter-cells and dim gaps (60) read low as they are
  const skin = () => redChecker((im) => { let n = 0; for (let i = 0; i < im.width * im.height; i++) if (im.data[i * 3]! >= 100) n++; return Math.min(1, 2 * n / (im.width * im.height)); });
  const box = { x: 100, y: 100, w: 150, h: 150 };
  const dots = image(400, 400);
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) dots.data[(y * 400 + x) * 3] = x % 10 < 5 && y % 10 < 5 ? 255 : 60;
  const restored = paint(dots, box, 200);
  // 0.125 as it came, 0.5 restored: risen by 0.375; as flat cells (mean 109) 0.5: not risen
  const c = skin();
  assertOutputAllowed(c, dots, restored, box, grid, 'a.png');
  assert.equal(c.seen.length, 3);
});

/** Paints each target's box red: a "restorer" whose output the red checker reads. */
const redRestorer: RegionRestorer = { restore: (im, _m, targets) => targets.reduce((o, t) => paint(o, t.box), im) };

/**
 * One case through restoreImage's second half and through the video's checks (VideoSafety, which the
 * worker runs too): 'restored' or the refusal's message without its source.
 */
async function bothPaths(input: Raster, box: Box, safety: SafetyChecker): Promise<[string, string]> {
  const say = (e: unknown) => { if (!(e instanceof RestoreRefusal)) throw e; return e.message.replace(/^[^:]*(: frame 0)?: refused: /, ''); };
  const image = await restorePlanned(input, { mask: boxesToMask(input.width, input.height, [box]), regions: [{ box, grid }] },
    { restorer: redRestorer, safety, faces: noFaces, source: 'a.png' }).then(() => 'restored', say);
  const guard = new VideoSafety({ safety, faces: noFaces, source: 'a.mp4' });
  const video = await guard.check(input, paint(input, box), [{ id: 1, box, grid }], 0).then(() => 'restored', say);
  return [image, video];
}

test('images and videos share the rule: a window that rose is refused, one that did not is not, the whole image is checked', async () => {
  // twice the red share: the region is a quarter of its 400² window, so painting it adds 0.5
  const double = () => redChecker((im) => Math.min(1, 2 * redShare(im)));
  const box = { x: 200, y: 200, w: 200, h: 200 };
  assert.deepEqual(outputCheckWindow(box, 600, 600), { x: 100, y: 100, w: 400, h: 400 });
  const risen = 'the region at 200,200 200×200 restores to something explicit (red 0.50; 0.00 before restoring); nothing was written';
  assert.deepEqual(await bothPaths(image(600, 600), box, double()), [risen, risen]);
  // the region was red in the input already (its cells): high after restoring, but not risen
  assert.deepEqual(await bothPaths(paint(image(600, 600), box), box, double()), ['restored', 'restored']);
  // windows pass (this checker scores only whole 1200×300 images); the whole restored image does not
  const wholeOnly = () => redChecker((im) => (im.width === 1200 && im.height === 300 ? 2 * redShare(im) : 0));
  const left = { x: 0, y: 0, w: 300, h: 300 };
  assert.deepEqual(outputCheckWindow(left, 1200, 300), { x: 0, y: 0, w: 600, h: 300 });
  const whole = 'the restored image looks explicit (red 0.50); nothing was written';
  assert.deepEqual(await bothPaths(image(1200, 300), left, wholeOnly()), [whole, whole]);
});

test('the real classifier: benign leaves the rule before refused are restored (bicubic), and why', async () => {
  const dir = trainingPhotos().find((f) => f.endsWith('lomiri16-Dragonfly_by_Bolly.jpg'))!.replace(/[^/]*$/, '');
  const safety = await createClassifierSafetyChecker();
  for (const [file, style, box] of [
    ['lomiri16-Dragonfly_by_Bolly.jpg', 'rect', { x: 408, y: 2093, w: 401, h: 301 }],
    ['lomiri16-Picture_1A_by_freespace.jpg', 'mean', { x: 656, y: 176, w: 103, h: 81 }],
  ] as const) {
    const img = rgbPixels(await readRaster(dir + file));
    const mask = boxesToMask(img.width, img.height, [box]);
    const p = pixelate(img, mask, { style, block: 8, phase: [0, 0] });
    const g = { blockW: p.blockW, blockH: p.blockH, phaseX: p.phaseX, phaseY: p.phaseY };
    const restored = bicubicRestorer.restore(p.image, mask, [{ box, grid: g }]) as Raster;
    // the rule before: the region grown by half its size, refused at 0.5
    const before = safety.check(rgbCrop(restored, grownBox(box, 0.5, img.width, img.height)));
    assert.equal(before.allowed, false, `${file}: the rule before refused it (${before.score})`);
    // now: the window scores high too, but no higher than the mosaic's
    const w = outputCheckWindow(box, img.width, img.height);
    const after = safety.check(rgbCrop(restored, w)).score!, input = safety.check(rgbCrop(p.image, w)).score!;
    assert.ok(after - input < OUTPUT_RISE, `${file}: ${input} → ${after}`);
    const r = await restorePlanned(p.image, { mask, regions: [{ box, grid: g }] }, { restorer: bicubicRestorer, safety, faces: noFaces, source: file });
    assert.deepEqual(r.regions.map((x) => x.status), ['restored']);
  }
});
