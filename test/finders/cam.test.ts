import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { F, liveTensors, noGrad, tensor, tidy } from '../../src/engine/index.js';
import { EngineClassifier, EngineFaceDetector, CAM_CLASSES, normaliseByPeak, CAM_MIN_PROBABILITY, thresholdMap, dilateMask, componentBoxes, createCamFinder } from '../../src/finders/index.js';
import { resizeAlignCorners } from '../../src/finders/resample.js';
import type { Raster } from '../../src/image/raster.js';
import { createClassifierSafetyChecker, DEFAULT_SAFETY_THRESHOLD } from '../../src/safety/index.js';

// General, non-explicit synthetic test images only: a checkerboard with a disc.
function pattern(w: number, h: number, cx: number, cy: number): Raster {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 3, disc = (x - cx) ** 2 + (y - cy) ** 2 < 30 ** 2;
    data[i] = disc ? 220 : ((x >> 4) + (y >> 4)) % 2 ? 40 : 200;
    data[i + 1] = disc ? 30 : x % 256;
    data[i + 2] = y % 256;
  }
  return { data, width: w, height: h, channels: 3 };
}

let model: EngineClassifier;
before(() => { model = EngineClassifier.load(); });

const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

/** The network's last feature map [1792, 7, 7] (row-major) and its dense head, read off the engine. */
function featuresAndHead(img: Raster): { features: Float32Array; weight: Float32Array; bias: Float32Array } {
  return noGrad(() => tidy(() => {
    const x = tensor(resizeAlignCorners(img, 224, 224, 1 / 255), [1, 224, 224, 3]).permute(0, 3, 1, 2).contiguous();
    return {
      features: Float32Array.from(model.net.features(x).data() as Float32Array),
      weight: Float32Array.from(model.net.classifier.weight.data() as Float32Array),
      bias: Float32Array.from(model.net.classifier.bias!.data() as Float32Array),
    };
  }));
}

test('the head is a 1792 → 5 dense layer after global average pooling', () => {
  assert.deepEqual(model.net.classifier.weight.shape, [5, 1792]);
  assert.deepEqual(model.net.classifier.bias!.shape, [5]);
});

test('classify returns five probabilities summing to 1 and is deterministic', () => {
  const img = pattern(200, 150, 60, 70);
  const p = model.classify(img);
  assert.deepEqual(Object.keys(p), [...CAM_CLASSES]);
  const sum = Object.values(p).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
  assert.deepEqual(model.classify(img), p);
});

test('CAM identity: softmax(mean_xy(CAM_c) + b_c) equals the network output', () => {
  const img = pattern(200, 150, 60, 70);
  const pass = model.run(img);
  assert.deepEqual([pass.gridH, pass.gridW, pass.maps.length], [7, 7, 5 * 49]);
  const { bias } = featuresAndHead(img);
  const logits = CAM_CLASSES.map((_, c) => pass.maps.subarray(c * 49, (c + 1) * 49).reduce((a, b) => a + b, 0) / 49 + bias[c]!);
  const m = Math.max(...logits), e = logits.map((l) => Math.exp(l - m)), z = e.reduce((a, b) => a + b, 0);
  e.forEach((v, c) => close(v / z, pass.probabilities[c]!, 1e-5, `class ${c}`));
});

test('cam() is the hand-computed weighted feature sum, bilinearly upsampled, its positive part divided by its peak', () => {
  const img = pattern(140, 98, 40, 40);
  const c = 2; // Neutral
  const { features, weight } = featuresAndHead(img);
  // Hand computation: sum_k w[c, k] F[k, y, x] by explicit loops, independent of the engine's 1×1 convolution.
  const grid = new Float64Array(49);
  for (let p = 0; p < 49; p++) for (let k = 0; k < 1792; k++) grid[p] += weight[c * 1792 + k]! * features[k * 49 + p]!;
  const maps = model.run(img).maps.subarray(c * 49, (c + 1) * 49);
  grid.forEach((v, p) => close(maps[p]!, v, 1e-3 * (1 + Math.abs(v)), `grid ${p}`));
  // Half-pixel bilinear upsampling (edge-clamped), then max(v, 0) / peak.
  const up = new Float32Array(img.width * img.height);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
    const gy = Math.min(6, Math.max(0, (y + 0.5) * 7 / img.height - 0.5)), gx = Math.min(6, Math.max(0, (x + 0.5) * 7 / img.width - 0.5));
    const y0 = Math.floor(gy), x0 = Math.floor(gx), y1 = Math.min(6, y0 + 1), x1 = Math.min(6, x0 + 1), ty = gy - y0, tx = gx - x0;
    up[y * img.width + x] = (1 - ty) * ((1 - tx) * grid[y0 * 7 + x0]! + tx * grid[y0 * 7 + x1]!) + ty * ((1 - tx) * grid[y1 * 7 + x0]! + tx * grid[y1 * 7 + x1]!);
  }
  let peak = 0;
  for (const v of up) peak = Math.max(peak, v);
  const want = up.map((v) => Math.max(0, v) / peak);
  const got = model.cam(img, 'neutral');
  assert.equal(got.map.length, img.width * img.height);
  let maxErr = 0, lo = Infinity, hi = -Infinity;
  got.map.forEach((v, i) => { maxErr = Math.max(maxErr, Math.abs(v - want[i]!)); lo = Math.min(lo, v); hi = Math.max(hi, v); });
  assert.ok(maxErr < 1e-3, `max error ${maxErr}`);
  assert.ok(lo >= 0);
  assert.ok(Math.abs(hi - 1) < 1e-6);
  assert.throws(() => createCamFinder('cats'), /unknown CAM class 'cats'/);
});

test('regions: mask is the thresholded map; boxes cover every mask pixel; dilation only grows it', () => {
  const img = pattern(160, 120, 50, 60);
  const r = model.findRegions(img, 'drawing', { threshold: 0.6, minProbability: 0 });
  assert.deepEqual(r.mask, thresholdMap(r.map, 0.6));
  assert.ok(r.boxes.length >= 1);
  for (let i = 0; i < r.mask.length; i++) {
    if (!r.mask[i]) continue;
    const x = i % 160, y = Math.floor(i / 160);
    assert.ok(r.boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h));
  }
  const d = model.findRegions(img, 'drawing', { threshold: 0.6, dilate: 3, minProbability: 0 });
  let grew = 0;
  for (let i = 0; i < r.mask.length; i++) { assert.ok(d.mask[i]! >= r.mask[i]!); grew += d.mask[i]! - r.mask[i]!; }
  assert.ok(grew > 0);
  // below the minimum probability: the same map, but nothing found
  const none = model.findRegions(img, 'drawing', { threshold: 0.6, minProbability: r.probability + 1e-3 });
  assert.deepEqual(none.boxes, []);
  assert.ok(none.mask.every((v) => v === 0));
  assert.deepEqual(none.map, r.map);
});

test('the CAM finder\'s default minimum probability is the safety checker\'s threshold', () => {
  assert.equal(CAM_MIN_PROBABILITY, DEFAULT_SAFETY_THRESHOLD);
});

test('mask ops on hand-made masks', () => {
  // 5x4 mask with two components: a 2x2 block and a single pixel.
  const m = Uint8Array.from([
    1, 1, 0, 0, 0,
    1, 1, 0, 0, 0,
    0, 0, 0, 0, 1,
    0, 0, 0, 0, 0]);
  assert.deepEqual(componentBoxes(m, 5, 4), [{ x: 0, y: 0, w: 2, h: 2, score: 1 }, { x: 4, y: 2, w: 1, h: 1, score: 1 }]);
  assert.deepEqual(componentBoxes(m, 5, 4, undefined, 2), [{ x: 0, y: 0, w: 2, h: 2, score: 1 }]);
  const single = new Uint8Array(25); single[12] = 1;
  assert.deepEqual(Array.from(dilateMask(single, 5, 5, 1)), [
    0, 0, 0, 0, 0,
    0, 1, 1, 1, 0,
    0, 1, 1, 1, 0,
    0, 1, 1, 1, 0,
    0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(normaliseByPeak(Float32Array.from([-2, 4, 2, 0]))), [0, 1, 0.5, 0]);
  assert.deepEqual(Array.from(normaliseByPeak(Float32Array.from([-3, 0]))), [0, 0]);
});

test('safety checker: synchronous probabilities equal classify(); allows a general image; refuses at threshold 0', async () => {
  const img = pattern(180, 120, 90, 60);
  const sync = model.probabilitiesSync(img);
  const p = model.classify(img);
  CAM_CLASSES.forEach((c, i) => assert.ok(Math.abs(sync[i]! - p[c]) < 1e-6));
  const checker = await createClassifierSafetyChecker();
  const verdict = checker.check({ ...img, channels: 3 });
  assert.deepEqual(verdict, { allowed: true, score: sync[CAM_CLASSES.indexOf('Porn')]! + sync[CAM_CLASSES.indexOf('Hentai')]! });
  // Grey input is expanded to RGB rather than misread.
  const grey = { data: img.data.filter((_, i) => i % 3 === 0), width: 180, height: 120, channels: 1 };
  assert.equal(checker.check(grey).allowed, true);
  const strict = await createClassifierSafetyChecker({ refuse: ['Neutral'], threshold: 0 });
  const v = strict.check({ ...img, channels: 3 });
  assert.equal(v.allowed, false);
  assert.match(v.reason!, /^Neutral probability 0\.\d\d >= 0$/);
});

test('no engine tensors are left behind by classify, cam, findRegions and the face detector', () => {
  const faces = EngineFaceDetector.load();
  const img = pattern(120, 90, 40, 40);
  const all = () => { model.cam(img, 'drawing'); model.classify(img); model.probabilitiesSync(img); model.findRegions(img, 'porn'); faces.detect(img); };
  all();
  const before = liveTensors();
  for (let i = 0; i < 3; i++) all();
  assert.equal(liveTensors(), before);
  faces.dispose();
});

test("the JS aligned-corners resize equals ATen's bilinear interpolation with align_corners=True", () => {
  for (const [w, h, ow, oh] of [[37, 23, 224, 224], [640, 360, 224, 224], [5, 4, 3, 2]] as const) {
    const img = pattern(w, h, w / 3, h / 2);
    const want = noGrad(() => tidy(() => Float32Array.from(F.interpolate(
      tensor(Float32Array.from(img.data), [1, h, w, 3]).permute(0, 3, 1, 2).contiguous(),
      { size: [oh, ow], mode: 'bilinear', alignCorners: true }).permute(0, 2, 3, 1).contiguous().data() as Float32Array)));
    const got = resizeAlignCorners(img, ow, oh, 1);
    let maxErr = 0;
    for (let i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i]! - want[i]!));
    // float32 sample positions on ATen's side: a small fraction of a level apart; a wrong convention is off by units.
    assert.ok(maxErr < 0.02, `${w}x${h} -> ${ow}x${oh}: max error ${maxErr}`);
  }
});
