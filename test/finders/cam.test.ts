import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CamClassifier, CAM_CLASSES, rawCam, normaliseMinMax, findCamHead, thresholdMap, dilateMask, componentBoxes, createCamFinder } from '../../src/finders/index.js';
import type { Raster } from '../../src/image/raster.js';
import { createClassifierSafetyChecker } from '../../src/safety/index.js';

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

let model: CamClassifier;
before(async () => { model = await CamClassifier.load(); });

test('the head is global average pooling + a 1792x5 dense layer, found by walking back from the softmax', () => {
  assert.equal(model.channels, 1792);
  const head = findCamHead([
    { name: 'x', op: 'Placeholder' }, { name: 'f', op: 'Relu6', input: ['x'] }, { name: 'p', op: 'AvgPool', input: ['f'] },
    { name: 's', op: 'Squeeze', input: ['p'] }, { name: 'd', op: '_FusedMatMul', input: ['s', 'W', 'b'] }, { name: 'sm', op: 'Softmax', input: ['d'] },
  ]);
  assert.deepEqual(head, { featureNode: 'f', kernelName: 'W', biasName: 'b' });
  assert.throws(() => findCamHead([{ name: 'd', op: 'MatMul', input: ['f', 'W', 'b'] }, { name: 'f', op: 'Relu', input: [] }, { name: 'sm', op: 'Softmax', input: ['d'] }]), /average pooling/);
});

test('classify returns five probabilities summing to 1 and is deterministic', async () => {
  const img = pattern(200, 150, 60, 70);
  const p = await model.classify(img);
  assert.deepEqual(Object.keys(p), [...CAM_CLASSES]);
  const sum = Object.values(p).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
  assert.deepEqual(await model.classify(img), p);
});

test('CAM identity: softmax(mean_xy(CAM_c) + b_c) equals the network output', async () => {
  const f = await model.forward(pattern(200, 150, 60, 70));
  assert.deepEqual([f.gridH, f.gridW, f.channels], [7, 7, 1792]);
  const logits = CAM_CLASSES.map((_, c) => rawCam(f, c).reduce((a, b) => a + b, 0) / 49 + f.bias[c]);
  const m = Math.max(...logits), e = logits.map((l) => Math.exp(l - m)), z = e.reduce((a, b) => a + b, 0);
  e.forEach((v, c) => assert.ok(Math.abs(v / z - f.probabilities[c]) < 1e-5, `class ${c}: ${v / z} vs ${f.probabilities[c]}`));
});

test('cam() is the hand-computed weighted feature sum, bilinearly upsampled and min-max normalised', async () => {
  const img = pattern(140, 98, 40, 40);
  const c = 2; // Neutral
  const f = await model.forward(img);
  // Hand computation: sum_k w[k,c] F[y,x,k] by explicit loops, independent of rawCam.
  const grid = new Float32Array(49);
  for (let p = 0; p < 49; p++) for (let k = 0; k < 1792; k++) grid[p] += f.kernel[k * 5 + c] * f.features[p * 1792 + k];
  assert.deepEqual(Array.from(rawCam(f, c)).map((v) => +v.toFixed(3)), Array.from(grid).map((v) => +v.toFixed(3)));
  // Half-pixel bilinear upsampling (edge-clamped), then min-max.
  const up = new Float32Array(img.width * img.height);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
    const gy = Math.min(6, Math.max(0, (y + 0.5) * 7 / img.height - 0.5)), gx = Math.min(6, Math.max(0, (x + 0.5) * 7 / img.width - 0.5));
    const y0 = Math.floor(gy), x0 = Math.floor(gx), y1 = Math.min(6, y0 + 1), x1 = Math.min(6, x0 + 1), ty = gy - y0, tx = gx - x0;
    up[y * img.width + x] = (1 - ty) * ((1 - tx) * grid[y0 * 7 + x0] + tx * grid[y0 * 7 + x1]) + ty * ((1 - tx) * grid[y1 * 7 + x0] + tx * grid[y1 * 7 + x1]);
  }
  const want = normaliseMinMax(up);
  const got = await model.cam(img, 'neutral');
  assert.equal(got.map.length, img.width * img.height);
  let maxErr = 0, lo = Infinity, hi = -Infinity;
  got.map.forEach((v, i) => { maxErr = Math.max(maxErr, Math.abs(v - want[i])); lo = Math.min(lo, v); hi = Math.max(hi, v); });
  assert.ok(maxErr < 1e-3, `max error ${maxErr}`);
  assert.equal(lo, 0);
  assert.ok(Math.abs(hi - 1) < 1e-6);
  assert.throws(() => createCamFinder('cats'), /unknown CAM class 'cats'/);
});

test('regions: mask is the thresholded map; boxes cover every mask pixel; dilation only grows it', async () => {
  const img = pattern(160, 120, 50, 60);
  const r = await model.findRegions(img, 'drawing', { threshold: 0.6 });
  assert.deepEqual(r.mask, thresholdMap(r.map, 0.6));
  assert.ok(r.boxes.length >= 1);
  for (let i = 0; i < r.mask.length; i++) {
    if (!r.mask[i]) continue;
    const x = i % 160, y = Math.floor(i / 160);
    assert.ok(r.boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h));
  }
  const d = await model.findRegions(img, 'drawing', { threshold: 0.6, dilate: 3 });
  let grew = 0;
  for (let i = 0; i < r.mask.length; i++) { assert.ok(d.mask[i] >= r.mask[i]); grew += d.mask[i] - r.mask[i]; }
  assert.ok(grew > 0);
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
  assert.deepEqual(Array.from(normaliseMinMax(Float32Array.from([2, 4, 3]))), [0, 1, 0.5]);
  assert.deepEqual(Array.from(normaliseMinMax(Float32Array.from([3, 3]))), [0, 0]);
});

test('safety checker: synchronous probabilities equal classify(); allows a general image; refuses at threshold 0', async () => {
  const img = pattern(180, 120, 90, 60);
  const sync = model.probabilitiesSync(img);
  const asyncP = await model.classify(img);
  CAM_CLASSES.forEach((c, i) => assert.ok(Math.abs(sync[i] - asyncP[c]) < 1e-6));
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

test('no TF.js tensors are left behind by classify, cam and the face detector', async () => {
  const { getTf } = await import('../../src/finders/tfjs.js');
  const { FaceDetector } = await import('../../src/finders/blazeface.js');
  const tf = await getTf();
  const faces = await FaceDetector.load();
  const img = pattern(120, 90, 40, 40);
  await model.cam(img, 'drawing'); await model.classify(img); model.probabilitiesSync(img); await faces.detect(img);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) { await model.cam(img, 'drawing'); await model.classify(img); model.probabilitiesSync(img); await faces.detect(img); }
  assert.equal(tf.memory().numTensors, before);
});

test('the JS aligned-corners resize equals tf.image.resizeBilinear(alignCorners=true)', async () => {
  const { getTf, imageTensor } = await import('../../src/finders/tfjs.js');
  const { resizeAlignCorners } = await import('../../src/finders/resample.js');
  const tf = await getTf();
  for (const [w, h, ow, oh] of [[37, 23, 224, 224], [640, 360, 224, 224], [5, 4, 3, 2]]) {
    const img = pattern(w, h, w / 3, h / 2);
    const ref = tf.tidy(() => tf.image.resizeBilinear(imageTensor(tf, img), [oh, ow], true));
    const want = ref.dataSync();
    ref.dispose();
    const got = resizeAlignCorners(img, ow, oh, 1);
    let maxErr = 0;
    for (let i = 0; i < got.length; i++) maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
    // TF computes the sample positions in float32: ~0.006 of 255 apart at most; a wrong convention is off by units.
    assert.ok(maxErr < 0.02, `${w}x${h} -> ${ow}x${oh}: max error ${maxErr}`);
  }
});
