// Makes test/fixtures/finders/tfjs-reference.json once, from the TF.js path the finders used to run on
// (scripts/tfjs-finders.mjs: @vladmandic/human's BlazeFace graph, nsfwjs' MobileNetV2 graph, on the wasm
// backend; dev dependencies only): per input of
// test/helpers/finder-inputs.ts, BlazeFace's 896 score logits, its best anchors decoded to image pixels,
// the faces it finds, the class probabilities and every class's raw activation map. The engine's
// versions are checked against it (test/finders/engine-parity.test.ts). Run after `npx tsc`:
//   node scripts/make-finder-fixture.mjs [OUT]
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../dist/src/io/atomic.js';
import { letterboxInput, decodeBlazeface, toImagePixels } from '../dist/src/finders/blazeface.js';
import { CAM_CLASSES } from '../dist/src/finders/cam.js';
import { TfjsClassifier, TfjsFaceDetector, defaultBlazefaceModel, getTf, loadGraphModelFile, packageRoot, rawCam } from './tfjs-finders.mjs';
import { finderInputs, pixelHash } from '../dist/test/helpers/finder-inputs.js';

const out = process.argv[2] ?? 'test/fixtures/finders/tfjs-reference.json';
const tf = await getTf();
const version = (p) => JSON.parse(fs.readFileSync(path.join(packageRoot(p), 'package.json'), 'utf8')).version;
const graph = await loadGraphModelFile(defaultBlazefaceModel());
const detector = await TfjsFaceDetector.load();
const classifier = await TfjsClassifier.load();
const round = (v) => Number(v.toPrecision(7));
const box = (b) => [b.x, b.y, b.w, b.h].map(round);

/** The graph's outputs as 896 logits and 896 × 16 regressors, as TfjsFaceDetector.detect reads them. */
function blazefaceRaw(input) {
  const outputs = graph.execute(tf.tensor4d(input, [1, 256, 256, 3]));
  const byShape = (n, d) => outputs.find((t) => t.shape[1] === n && t.shape[2] === d).dataSync();
  const scores = new Float32Array(896), regs = new Float32Array(896 * 16);
  scores.set(byShape(512, 1), 0); scores.set(byShape(384, 1), 512);
  regs.set(byShape(512, 16), 0); regs.set(byShape(384, 16), 512 * 16);
  tf.dispose(outputs);
  return { scores, regs };
}

const cases = [];
for (const { name, image } of await finderInputs()) {
  const side = Math.max(image.width, image.height);
  const { scores, regs } = blazefaceRaw(letterboxInput(image, side, 256));
  // the best anchors whatever their score, so boxes are compared on every input, faces or not
  const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a]).slice(0, 8);
  const decoded = decodeBlazeface(scores, regs, 0);
  const top = order.map((i) => ({ anchor: i, score: round(decoded[i].score), box: box(toImagePixels(decoded[i], side, image.width, image.height)) }));
  const faces = detector.detect(image).map((f) => ({ score: round(f.score), box: box(f), keypoints: f.keypoints.map(([x, y]) => [round(x), round(y)]) }));
  const f = classifier.forward(image);
  const maps = CAM_CLASSES.map((_, k) => Array.from(rawCam(f, k), round));
  cases.push({
    name, width: image.width, height: image.height, pixels: pixelHash(image),
    blazeface: { logits: Array.from(scores, round), top, faces },
    classifier: { probabilities: Array.from(f.probabilities, round), gridH: f.gridH, gridW: f.gridW, maps },
  });
  console.log(`${name}: ${faces.length} face(s), best score ${top[0].score}, top class ${CAM_CLASSES[f.probabilities.indexOf(Math.max(...f.probabilities))]}`);
}
const fixture = {
  about: 'TF.js reference outputs of BlazeFace and the nsfwjs MobileNetV2 classifier (scripts/make-finder-fixture.mjs)',
  made: { backend: tf.getBackend(), tfjs: version('@tensorflow/tfjs-core'), human: version('@vladmandic/human'), nsfwjs: version('nsfwjs') },
  classes: CAM_CLASSES, cases,
};
writeFileAtomic(out, JSON.stringify(fixture) + '\n');
console.log(`${out}: ${cases.length} inputs, ${fs.statSync(out).size} bytes`);
