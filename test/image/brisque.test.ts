// BRISQUE against its reference, OpenCV's quality module (Debian's python3-opencv, cv2.quality): the 36
// features and the score of real photos at several sizes and crops and of synthetic images, through the
// LIVE model of opencv-data. Without cv2.quality those comparisons are skipped and say so; the rest
// (direction under blur and noise, malformed model files) needs only the model files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { brisqueFeatures } from '../../src/image/brisque.js';
import { BRISQUE_LIVE_MODEL, BRISQUE_LIVE_RANGE, BrisqueScorer } from '../../src/image/brisque-model.js';
import { readRaster, rgbPixels, writeRaster, type Raster } from '../../src/image/raster.js';
import { OpenCvStorageError } from '../../src/io/opencv-storage.js';
import { Mulberry32 } from '../../src/util/rng.js';
import { tempDir } from '../helpers/images.js';
import { evaluationPhotos } from '../helpers/photos.js';

const PY = '/usr/bin/python3';
const hasModel = fs.existsSync(BRISQUE_LIVE_MODEL) && fs.existsSync(BRISQUE_LIVE_RANGE);
const hasCv = hasModel && spawnSync(PY, ['-c', 'import cv2; cv2.quality.QualityBRISQUE_compute'], { encoding: 'utf8' }).status === 0;
const noModel = hasModel ? false : 'no LIVE model (apt-get install opencv-data)';

// Each PNG through cv2.imread (BGR) → computeFeatures and compute; NaN features become null for JSON.
const REFERENCE = `
import sys, json, cv2, numpy as np
out = []
for f in sys.argv[3:]:
    img = cv2.imread(f, cv2.IMREAD_UNCHANGED)
    feats = [None if np.isnan(x) else float(x) for x in np.array(cv2.quality.QualityBRISQUE_computeFeatures(img)).ravel()]
    out.append({'features': feats, 'score': float(cv2.quality.QualityBRISQUE_compute(img, sys.argv[1], sys.argv[2])[0])})
print(json.dumps(out))
`;

function crop(r: Raster, x0: number, y0: number, w: number, h: number): Raster {
  const c = r.channels, out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) out.set(r.data.subarray(((y0 + y) * r.width + x0) * c, ((y0 + y) * r.width + x0 + w) * c), y * w * c);
  return { data: out, width: w, height: h, channels: c };
}

function synthetic(w: number, h: number, seed: number, fn: (x: number, y: number, noise: () => number) => number[]): Raster {
  const rng = new Mulberry32(seed), data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = fn(x, y, () => rng.random());
    for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v[c % v.length]!)));
  }
  return { data, width: w, height: h, channels: 3 };
}

test('BRISQUE matches OpenCV on photos, crops and synthetic images (|Δ| ≤ 0.01)', { skip: hasCv ? false : 'python3 has no cv2.quality (apt-get install python3-opencv opencv-data)', timeout: 600_000 }, async () => {
  const dir = tempDir('tessera-brisque-');
  try {
    const images: [string, Raster][] = [];
    const photos = evaluationPhotos().filter((_, i) => i % 6 === 0).slice(0, 4);
    for (const [i, photo] of photos.entries()) {
      const r = rgbPixels(await readRaster(photo));
      if (i === 0) images.push([`${path.basename(photo)} whole ${r.width}×${r.height}`, r]);
      for (const [w, h] of [[512, 384], [257, 131], [96, 61], [8, 8]] as const) {
        const x = (i * 97) % (r.width - w), y = (i * 53) % (r.height - h);
        images.push([`${path.basename(photo)} ${w}×${h} at ${x},${y}`, crop(r, x, y, w, h)]);
      }
    }
    images.push(
      ['flat', synthetic(64, 48, 1, () => [128])],
      ['noise', synthetic(160, 120, 2, (_x, _y, n) => [n() * 255, n() * 255, n() * 255])],
      ['faint noise', synthetic(160, 120, 3, (_x, _y, n) => [120 + n() * 8])],
      ['gradient', synthetic(150, 101, 4, (x, y) => [x + y / 2, x, y])],
      ['blurred bars', synthetic(131, 77, 5, (x) => [128 + 100 * Math.sin(x / 6)])],
    );
    const files = await Promise.all(images.map(async ([, r], i) => {
      const f = path.join(dir, `${i}.png`);
      await writeRaster(f, r);
      return f;
    }));
    const run = spawnSync(PY, ['-c', REFERENCE, BRISQUE_LIVE_MODEL, BRISQUE_LIVE_RANGE, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    const ref = JSON.parse(run.stdout) as { features: (number | null)[]; score: number }[];
    const scorer = BrisqueScorer.load();
    let worst = 0;
    for (const [i, [name, r]] of images.entries()) {
      const f = brisqueFeatures(r);
      for (let k = 0; k < f.length; k++) {
        const want = ref[i]!.features[k]!;
        if (want === null) assert.ok(Number.isNaN(f[k]), `${name}: feature ${k} is ${f[k]}, OpenCV's is NaN`);
        else assert.ok(Math.abs(f[k]! - want) <= 1e-5 * Math.max(1, Math.abs(want)), `${name}: feature ${k} ${f[k]} vs OpenCV ${want}`);
      }
      const d = Math.abs(scorer.score(r) - ref[i]!.score);
      worst = Math.max(worst, d);
      assert.ok(d <= 0.01, `${name}: BRISQUE ${scorer.score(r)} vs OpenCV ${ref[i]!.score}`);
    }
    console.log(`# BRISQUE vs OpenCV: ${images.length} images, largest |Δ| ${worst.toExponential(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// On these wallpapers mild noise (σ 10) can lower the score — BRISQUE reads their JPEG-smoothed areas as
// unnatural and grain as natural — so the noise here is strong (σ 25), on photos brought to 480 px wide.
test('BRISQUE gets worse under blur and under strong noise', { skip: noModel }, async () => {
  const scorer = BrisqueScorer.load();
  const rises: number[] = [];
  for (const photo of evaluationPhotos().filter((_, i) => i % 3 === 0)) {
    const { data, info } = await sharp(photo).resize(480).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const c: Raster = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
    const raw = { raw: { width: c.width, height: c.height, channels: 3 as const } };
    const blurred = { ...c, data: new Uint8Array(await sharp(c.data, raw).blur(1.5).raw().toBuffer()) };
    const rng = new Mulberry32(7);
    const gauss = () => (rng.random() + rng.random() + rng.random() + rng.random() - 2) * Math.sqrt(3);
    const noisy = { ...c, data: c.data.map((v) => Math.max(0, Math.min(255, Math.round(v + 25 * gauss())))) };
    const [s0, sb, sn] = [scorer.score(c), scorer.score(blurred), scorer.score(noisy)];
    assert.ok(sb > s0 + 5, `${photo}: blur should raise BRISQUE (${s0.toFixed(2)} → ${sb.toFixed(2)})`);
    assert.ok(sn > s0, `${photo}: noise should raise BRISQUE (${s0.toFixed(2)} → ${sn.toFixed(2)})`);
    rises.push(sn - s0);
  }
  assert.ok(rises.reduce((a, b) => a + b, 0) / rises.length > 10, `noise raises BRISQUE by ${rises.map((r) => r.toFixed(1)).join(', ')}`);
});

test('a malformed or missing model file is refused with one line naming it', { skip: noModel }, () => {
  const dir = tempDir('tessera-brisque-model-');
  try {
    const good = fs.readFileSync(BRISQUE_LIVE_MODEL, 'latin1');
    const cases: [string, string, RegExp][] = [
      ['no-header.yml', good.replace('%YAML:1.0', '%YAML 1.2'), /no %YAML:1\.0 header/],
      ['classifier.yml', good.replace('svmType: EPS_SVR', 'svmType: C_SVC'), /svmType is C_SVC, not EPS_SVR/],
      ['linear.yml', good.replace('type: RBF', 'type: LINEAR'), /kernel type LINEAR, not RBF/],
      ['quoted.yml', good.replace('C: 1024.', 'C: "1024"'), /line 9: unsupported value/],
      ['short-vector.yml', good.replace('-5.97555935e-01, ', ''), /support vector 0 must be 36 finite numbers/],
      ['truncated.yml', good.slice(0, good.length / 2), /unclosed|must list sv_total|no 'decision_functions'/],
      ['other-tag.yml', good.replace('opencv_ml_svm:', 'opencv_ml_svm: !!python/object'), /unsupported tag/],
    ];
    for (const [name, text, why] of cases) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text, 'latin1');
      assert.throws(() => BrisqueScorer.load(f, BRISQUE_LIVE_RANGE), (e: Error) => {
        assert.ok(e instanceof OpenCvStorageError, `${name}: ${e.message}`);
        assert.ok(e.message.startsWith(f + ': '), `${name}: the message names the file: ${e.message}`);
        assert.match(e.message, why);
        assert.ok(!e.message.includes('\n'), `${name}: one line`);
        return true;
      });
    }
    const range = path.join(dir, 'range.yml');
    fs.writeFileSync(range, fs.readFileSync(BRISQUE_LIVE_RANGE, 'latin1').replace('rows: 2', 'rows: 3'));
    assert.throws(() => BrisqueScorer.load(BRISQUE_LIVE_MODEL, range), /range\.yml: line \d+: !!opencv-matrix data holds 72 numbers, not rows×cols = 108/);
    assert.throws(() => BrisqueScorer.load(path.join(dir, 'none.yml')), /none\.yml: not found/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
