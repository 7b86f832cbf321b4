import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlanarImage } from '../../src/image/cells.js';
import { resizePlanar } from '../../src/image/resample.js';

// An independent reference written out tap by tap: Keys' cubic (a = −0.5) widened by the shrink
// factor, each output the normalised weighted sum over the taps that fall inside the image.
function keys(x: number): number {
  const a = -0.5, t = Math.abs(x);
  return t <= 1 ? (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1 : t < 2 ? a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a : 0;
}
function weights1d(inSize: number, outSize: number): number[][] {
  const scale = outSize / inSize, widen = Math.max(1, 1 / scale), support = 2 * widen;
  return Array.from({ length: outSize }, (_, o) => {
    const centre = (o + 0.5) / scale;
    const w = new Array(inSize).fill(0);
    for (let i = Math.max(0, Math.floor(centre - support)); i < Math.min(inSize, Math.ceil(centre + support)); i++) w[i] = keys((i + 0.5 - centre) / widen);
    const sum = w.reduce((s, v) => s + v, 0);
    return w.map((v) => v / sum);
  });
}
function reference(img: PlanarImage, width: number, height: number): Float32Array {
  const wx = weights1d(img.width, width), wy = weights1d(img.height, height), out = new Float32Array(img.channels * width * height);
  for (let c = 0; c < img.channels; c++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let s = 0;
    for (let j = 0; j < img.height; j++) if (wy[y]![j]) for (let i = 0; i < img.width; i++) s += wy[y]![j]! * wx[x]![i]! * img.data[c * img.width * img.height + j * img.width + i]!;
    out[c * width * height + y * width + x] = s;
  }
  return out;
}

const picture = (w: number, h: number, c = 2): PlanarImage => ({
  data: Float32Array.from({ length: c * w * h }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011) + ((i % w) > w / 2 ? 0.5 : 0)),
  channels: c, width: w, height: h,
});

for (const [w, h, W, H] of [[30, 20, 20, 13], [30, 20, 47, 33], [24, 24, 9, 40]] as const) {
  test(`resizePlanar ${w}×${h} → ${W}×${H} equals the tap-by-tap antialiased bicubic, borders included`, () => {
    const img = picture(w, h);
    const got = resizePlanar(img, W, H), want = reference(img, W, H);
    assert.deepEqual([got.width, got.height, got.channels], [W, H, 2]);
    let max = 0;
    for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(got.data[i]! - want[i]!));
    assert.ok(max < 1e-5, `max diff ${max}`);
  });
}

test('resizePlanar keeps a constant image constant and returns a copy at the same size', () => {
  const img: PlanarImage = { data: new Float32Array(3 * 17 * 11).fill(0.25), channels: 3, width: 17, height: 11 };
  for (const [W, H] of [[5, 4], [40, 23]]) for (const v of resizePlanar(img, W, H).data) assert.ok(Math.abs(v - 0.25) < 1e-6);
  const same = resizePlanar(img, 17, 11);
  assert.notEqual(same.data, img.data);
  assert.deepEqual([...same.data], [...img.data]);
});
