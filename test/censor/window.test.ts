import assert from 'node:assert/strict';
import { test } from 'node:test';
import { censorWithMask } from '../../src/censor/censor.js';
import { censorInWindow, censorWindow, maskBounds, pasteRgb } from '../../src/censor/window.js';
import { boxesToMask } from '../../src/image/mask.js';
import { crop } from '../../src/image/sheet.js';
import { MOSAIC_STYLES, pixelate, type PixelateOptions } from '../../src/image/pixelate.js';
import { Mulberry32 } from '../../src/util/rng.js';
import type { Box } from '../../src/util/box.js';

// Censoring only the window of a frame that the regions' cells reach must give the frame censored whole:
// the same cells, colours, random picks, feather and regions, for boxes anywhere (edges included).
test('a window of the frame censors exactly as the whole frame does (every style, block, phase, feather, edges)', () => {
  const rng = new Mulberry32(17);
  const W = 97, H = 71;
  const frame = new Uint8Array(W * H * 3);
  for (let i = 0; i < frame.length; i++) frame[i] = Math.floor(rng.random() * 256);
  let cases = 0;
  for (const style of MOSAIC_STYLES) {
    for (const block of ['auto', 5, 9] as const) {
      for (const phase of ['box', 'random', [3, 4]] as PixelateOptions['phase'][]) {
        for (const feather of [0, 3]) {
          for (const even of [false, true]) {
            const n = 1 + Math.floor(rng.random() * 3);
            const boxes: Box[] = [];
            for (let k = 0; k < n; k++) {
              const w = 8 + rng.random() * 40, h = 8 + rng.random() * 30;
              boxes.push({ x: -10 + rng.random() * (W - w + 20), y: -10 + rng.random() * (H - h + 20), w, h });
            }
            const opts = { style, block, phase, feather, seed: 5, autoDivisor: 6 };
            const full = boxesToMask(W, H, boxes);
            const bounds = maskBounds(boxes, W, H);
            if (!bounds) continue;
            for (const single of [true, false]) {
              const want = single ? pixelate({ data: frame, width: W, height: H, channels: 3 }, full, opts)
                : censorWithMask({ data: frame, width: W, height: H, channels: 3 }, full, opts);
              const win = censorWindow(bounds, W, H, opts, even);
              const mask = boxesToMask(win.w, win.h, boxes.map((b) => ({ ...b, x: b.x - win.x, y: b.y - win.y })));
              const got = censorInWindow(crop({ data: frame, width: W, height: H, channels: 3 }, win.x, win.y, win.w, win.h), mask, win, opts, single);
              const out = frame.slice();
              pasteRgb(out, W, win, got.image.data);
              assert.ok(Buffer.from(out).equals(Buffer.from(want.image.data)), `${style} block ${block} phase ${phase} feather ${feather} ${single ? 'single' : 'per region'}: pixels differ`);
              if (single) assert.deepEqual(got.cell, [(want as ReturnType<typeof pixelate>).blockW, (want as ReturnType<typeof pixelate>).blockH]);
              else assert.deepEqual(got.regions, (want as ReturnType<typeof censorWithMask>).regions);
              cases++;
            }
          }
        }
      }
    }
  }
  assert.ok(cases > 300, `only ${cases} cases ran`);
});

test('the window covers the cells around the mask, one pixel more, and even coordinates when asked', () => {
  const win = censorWindow({ x: 21, y: 13, w: 30, h: 20 }, 100, 60, { block: 8 }, true);
  assert.deepEqual(win, { x: 12, y: 4, w: 48, h: 38 });
  assert.deepEqual(censorWindow({ x: 2, y: 1, w: 30, h: 20 }, 40, 30, { block: 8 }), { x: 0, y: 0, w: 40, h: 29 });
  assert.equal(maskBounds([{ x: 200, y: 0, w: 5, h: 5 }], 100, 60), null, 'a box outside the frame fills nothing');
});
