// The learned mosaic detector's parts: network shapes, input features (hand-computed values), weights
// round trip, tiling, and training that resumes bit for bit. The detector's figures on real photos are
// in detect-learned.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { manualSeed, tidy, zeros } from '../../src/engine/index.js';
import { saveSafetensors } from '../../src/io/safetensors.js';
import { detectorInput } from '../../src/models/mosaic-input.js';
import { mosaicProbability } from '../../src/detect/learned.js';
import { MosaicNet } from '../../src/models/mosaic-net.js';
import { loadPhotoBank, synthBatch, synthSample } from '../../src/data/mosaic-synth.js';
import { trainMosaicNet } from '../../src/train/mosaic-detector.js';
import { Mulberry32, rngFor } from '../../src/util/rng.js';
import { h264RoundTrip } from '../../src/video/h264-roundtrip.js';
import { loadMosaicNet, saveMosaicNet } from '../../src/models/mosaic-weights.js';
import { tempDir, writeImage } from '../helpers/images.js';

const tiny = { net: 'mosaic-unet' as const, widths: [4, 8, 8], inputs: 'rgb+edges' as const };

test('MosaicNet: one logit per pixel; sides must be multiples of 2^(levels−1)', () => {
  manualSeed(0);
  const net = new MosaicNet(tiny);
  assert.equal(net.sideMultiple, 4);
  tidy(() => {
    assert.deepEqual(net.forward(zeros([2, 7, 12, 8])).shape, [2, 1, 12, 8]);
    assert.throws(() => net.forward(zeros([1, 7, 10, 8])), /multiples of 4/);
  });
  assert.throws(() => new MosaicNet({ ...tiny, inputs: 'gray' as never }), /not a mosaic-unet spec/);
  net.dispose();
});

test('detector input: colour in [−1, 1], log luma differences, jump maps on the grid lines', () => {
  // 6×2 grey image: columns 0–2 at 100, 3–5 at 140, so the only difference is between x = 2 and x = 3.
  const W = 6, H = 2;
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.fill(x < 3 ? 100 : 140, (y * W + x) * 3, (y * W + x) * 3 + 3);
  const f = detectorInput({ data, width: W, height: H, channels: 3 }, 'rgb+edges');
  const px = W * H;
  assert.equal(f.length, 7 * px);
  assert.ok(Math.abs(f[0]! - (100 / 127.5 - 1)) < 1e-6);
  assert.ok(Math.abs(f[3 * px + 3]! - Math.log1p(40) / 2) < 1e-5, 'x difference at the step');
  assert.equal(f[3 * px + 2], 0);
  assert.equal(f[4 * px + W + 3], 0, 'no vertical difference');
  // The jump at x = 3 is isolated and continues on the next row: a grid-line pixel (row 0 only, since
  // continuation is checked against the row below).
  assert.equal(f[5 * px + 3], 1);
  assert.equal(f[5 * px + 2], 0);
  assert.equal(detectorInput({ data, width: W, height: H, channels: 3 }, 'rgb').length, 3 * px);
});

test('weights round trip: same probabilities after save and load; other files are refused by name', () => {
  manualSeed(1);
  const net = new MosaicNet(tiny).eval();
  const dir = tempDir(), file = path.join(dir, 'd.safetensors');
  saveMosaicNet(file, net);
  const { net: back } = loadMosaicNet(file);
  assert.deepEqual(back.spec, tiny);
  const image = { data: new Uint8Array(16 * 12 * 3).map((_, i) => (i * 37) % 256), width: 16, height: 12, channels: 3 };
  assert.deepEqual(mosaicProbability(back, image), mosaicProbability(net, image));
  const other = path.join(dir, 'other.safetensors');
  saveSafetensors(other, { w: zeros([2]) });
  assert.throws(() => loadMosaicNet(other), new RegExp(`${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no 'tessera.mosaic-net' metadata`));
  net.dispose(); back.dispose();
  fs.rmSync(dir, { recursive: true });
});

test('tiles with context give the untiled probabilities (the network sees less than the margin)', () => {
  manualSeed(2);
  const net = new MosaicNet(tiny).eval();
  const W = 200, H = 120;
  const data = new Uint8Array(W * H * 3).map((_, i) => ((i * 7919) >>> 3) % 256);
  const image = { data, width: W, height: H, channels: 3 };
  const whole = mosaicProbability(net, image, 8, 4096);
  const tiled = mosaicProbability(net, image, 8, 48);
  let worst = 0;
  for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - tiled[i]!));
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
  net.dispose();
});

async function photoFolder(n: number, side: number): Promise<string> {
  const dir = tempDir();
  for (let k = 0; k < n; k++) {
    const px = new Uint8Array(side * side * 3);
    for (let i = 0; i < px.length; i++) px[i] = (((i / 3) % side) * (k + 2) + Math.floor(i / 3 / side) * 3 + (i % 3) * 50) % 256;
    await writeImage(path.join(dir, `p${k}.png`), px, side, side);
  }
  return dir;
}

test('training: the loss is logged, and a run stopped and resumed ends with the same weights bit for bit', async () => {
  const photosDir = await photoFolder(3, 64);
  const photos = fs.readdirSync(photosDir).map((f) => path.join(photosDir, f));
  const base = { photos, steps: 4, batch: 2, size: 32, lr: 1e-3, seed: 5, saveEvery: 100, widths: [4, 8, 8] };
  const straight = tempDir(), resumed = tempDir();
  const a = await trainMosaicNet({ ...base, runDir: straight });
  assert.equal(a.step, 4);
  const log = fs.readFileSync(path.join(straight, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(log.map((l) => l.step), [1, 2, 3, 4]);
  assert.ok(log.every((l) => Number.isFinite(l.loss) && l.loss > 0));
  const ac = new AbortController();
  const first = await trainMosaicNet({ ...base, runDir: resumed, signal: ac.signal, onStep: (e) => { if (e.step === 2) ac.abort(); } });
  assert.equal(first.step, 2);
  assert.ok(!fs.existsSync(path.join(resumed, 'mosaic-detector.safetensors')), 'no final weights before the last step');
  const second = await trainMosaicNet({ ...base, runDir: resumed });
  assert.equal(second.resumedFrom, 2);
  const wa = loadMosaicNet(a.weights).net.stateDict(), wb = loadMosaicNet(second.weights).net.stateDict();
  for (const [k, t] of wa) assert.deepEqual(t.data(), wb.get(k)!.data(), k);
  await assert.rejects(trainMosaicNet({ ...base, lr: 2e-3, runDir: resumed }), /was trained with lr 0.001, not 0.002/);
  for (const d of [photosDir, straight, resumed]) fs.rmSync(d, { recursive: true });
});


test('synthetic batches: inputs and {0, 1} targets of the right size; H.264 batches keep every frame', async () => {
  const photosDir = await photoFolder(2, 96);
  const bank = await loadPhotoBank(fs.readdirSync(photosDir).map((f) => path.join(photosDir, f)), 32);
  for (const h264 of [0, 1]) {
    const { x, y } = await synthBatch(bank, new Mulberry32(h264 + 3), 3, 32, { inputs: 'rgb+edges', blur: 0.5, h264 });
    assert.equal(x.length, 3 * 7 * 32 * 32);
    assert.equal(y.length, 3 * 32 * 32);
    assert.ok(y.every((v) => v === 0 || v === 1));
    assert.ok(x.every(Number.isFinite));
    // The colour channels stay in [−1, 1].
    for (let b = 0; b < 3; b++) for (let i = 0; i < 3 * 32 * 32; i++) assert.ok(Math.abs(x[b * 7 * 1024 + i]!) <= 1);
  }
  fs.rmSync(photosDir, { recursive: true });
});

test('synthetic negatives: off, the samples are the old ones bit for bit; on, patterns are painted and crops enlarged', async () => {
  const photosDir = await photoFolder(2, 128);
  const bank = await loadPhotoBank(fs.readdirSync(photosDir).map((f) => path.join(photosDir, f)), 64);
  for (let k = 0; k < 6; k++) {
    const before = await synthSample(bank, rngFor(11, k), 64);
    const off = await synthSample(bank, rngFor(11, k), 64, { hardNegatives: 0, upscaled: 0, shrunk: 0 });
    assert.deepEqual(off.image.data, before.image.data);
    assert.deepEqual(off.mask.data, before.mask.data);
  }
  // On flat grey photos a mosaic, a blur and a JPEG change nothing: every other pixel is the painted pattern.
  const greyDir = tempDir();
  await writeImage(path.join(greyDir, 'grey.png'), new Uint8Array(128 * 128 * 3).fill(128), 128, 128);
  const grey = await loadPhotoBank([path.join(greyDir, 'grey.png')], 64);
  // (A circle mosaic paints its corners even on grey: without negatives only the unmasked pixels must stay.)
  const changed = async (o: { hardNegatives?: number; upscaled?: number }, k: number, outsideMask = false) => {
    const { image, mask } = await synthSample(grey, rngFor(3, k), 64, { ...o, raw: true });
    return image.data.filter((v, i) => Math.abs(v - 128) > 2 && !(outsideMask && mask.data[Math.floor(i / 3)])).length / image.data.length;
  };
  // (Feathered or resized mosaics spill a little past their mask, hence means over a dozen samples.)
  let without = 0, withPatterns = 0;
  for (let k = 0; k < 12; k++) {
    without += (await changed({}, k, true)) / 12;
    withPatterns += (await changed({ hardNegatives: 1 }, k)) / 12;
  }
  assert.ok(without < 0.01, `without negatives ${without} of the unmasked pixels changed`);
  assert.ok(withPatterns > 0.08, `with negatives only ${withPatterns} of the pixels painted`);
  // Enlarged from a blocky JPEG: a photo of one-pixel stripes comes back smooth (the stripes are gone).
  const stripesDir = tempDir(), stripes = new Uint8Array(256 * 256 * 3);
  for (let i = 0; i < stripes.length; i++) stripes[i] = Math.floor(i / 3) % 2 ? 230 : 25;
  await writeImage(path.join(stripesDir, 's.png'), stripes, 256, 256);
  const striped = await loadPhotoBank([path.join(stripesDir, 's.png')], 64);
  const energy = (r: { data: Uint8Array; width: number }) => {
    let e = 0;
    for (let i = 3; i < r.data.length; i += 3) e += Math.abs(r.data[i]! - r.data[i - 3]!);
    return e / (r.data.length / 3);
  };
  let plainEnergy = 0, enlargedEnergy = 0;
  for (let k = 0; k < 8; k++) {
    plainEnergy += energy((await synthSample(striped, rngFor(5, k), 64, { raw: true })).image);
    enlargedEnergy += energy((await synthSample(striped, rngFor(5, k), 64, { raw: true, upscaled: 1 })).image);
  }
  assert.ok(enlargedEnergy < 0.6 * plainEnergy, `stripes enlarged ${enlargedEnergy} vs plain ${plainEnergy}`);
  // Shrunk: made at 1/0.3–1/0.5 of the side, then area-shrunk; the mask comes down with it.
  const big = await loadPhotoBank([path.join(stripesDir, 's.png')], 64);
  for (let k = 0; k < 4; k++) {
    const s = await synthSample(big, rngFor(8, k), 64, { shrunk: 1, raw: true });
    assert.equal(s.shrunk, true);
    assert.deepEqual([s.image.width, s.image.height, s.mask.width, s.mask.height], [64, 64, 64, 64]);
    // one-pixel stripes averaged by the area shrink: no pixel keeps the extremes 25 and 230
    assert.ok(s.image.data.every((v) => v > 40 && v < 215), `sample ${k}`);
  }
  // Large cells: on a noise photo a cell is a run of one colour down a column, 24–40 px long with the option
  // (where the mask lets it be); without it cells are 4–24 px (up to 34 in the few samples rescaled by ≤ 1.4).
  const noiseDir = tempDir(), noise = new Uint8Array(256 * 256 * 3), r = new Mulberry32(4);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(r.random() * 256);
  await writeImage(path.join(noiseDir, 'n.png'), noise, 256, 256);
  const noisy = await loadPhotoBank([path.join(noiseDir, 'n.png')], 128);
  const longestRun = (s: { image: { data: Uint8Array }; mask: { data: Uint8Array } }) => {
    let best = 0;
    for (let x = 0; x < 128; x++) for (let y = 0, run = 0; y < 128; y++) {
      const p = y * 128 + x, q = p - 128;
      const same = y > 0 && s.mask.data[p] && s.mask.data[q] && [0, 1, 2].every((c) => s.image.data[3 * p + c] === s.image.data[3 * q + c]);
      run = same ? run + 1 : 1;
      if (s.mask.data[p]) best = Math.max(best, run);
    }
    return best;
  };
  let longWith = 0, longWithout = 0;
  for (let k = 0; k < 12; k++) {
    if (longestRun(await synthSample(noisy, rngFor(6, k), 128, { raw: true, largeCells: 1 })) > 24) longWith++;
    if (longestRun(await synthSample(noisy, rngFor(6, k), 128, { raw: true })) > 24) longWithout++;
  }
  assert.ok(longWithout <= 2, `${longWithout} of 12 samples without the option have a cell over 24 px`);
  assert.ok(longWith >= 6, `only ${longWith} of 12 samples with a cell over 24 px`);
  for (const d of [photosDir, greyDir, stripesDir, noiseDir]) fs.rmSync(d, { recursive: true });
});

test('training from --init starts at those weights; another architecture is refused by name; old checkpoints resume', async () => {
  const photosDir = await photoFolder(2, 64);
  const photos = fs.readdirSync(photosDir).map((f) => path.join(photosDir, f));
  const dir = tempDir(), init = path.join(dir, 'init.safetensors');
  manualSeed(99);
  const start = new MosaicNet(tiny);
  saveMosaicNet(init, start);
  const base = { photos, steps: 1, batch: 2, size: 32, lr: 1e-12, seed: 5, saveEvery: 100, widths: [4, 8, 8] };
  const tuned = await trainMosaicNet({ ...base, runDir: path.join(dir, 'a'), init, hardNegatives: 0.5, upscaled: 0.5 });
  const fresh = await trainMosaicNet({ ...base, runDir: path.join(dir, 'b') });
  const wt = loadMosaicNet(tuned.weights).net.stateDict(), wf = loadMosaicNet(fresh.weights).net.stateDict();
  let near = 0, far = 0;
  for (const [k, t] of start.stateDict()) {
    if (/running_|num_batches/.test(k)) continue;
    const a = t.data() as Float32Array, b = wt.get(k)!.data() as Float32Array, c = wf.get(k)!.data() as Float32Array;
    for (let i = 0; i < a.length; i++) { near = Math.max(near, Math.abs(a[i]! - b[i]!)); far = Math.max(far, Math.abs(a[i]! - c[i]!)); }
  }
  assert.ok(near < 1e-6, `fine-tune moved ${near} from its start`);
  assert.ok(far > 1e-3, 'a fresh run starts elsewhere');
  const wide = path.join(dir, 'wide.safetensors');
  saveMosaicNet(wide, new MosaicNet({ ...tiny, widths: [4, 8, 16] }));
  await assert.rejects(trainMosaicNet({ ...base, runDir: path.join(dir, 'c'), init: wide }), /wide\.safetensors: a detector of architecture/);
  // A checkpoint written before the negatives existed carries no such keys: it resumes with them off.
  const old = path.join(dir, 'b', 'checkpoints', 'latest', 'train_state.json');
  const st = JSON.parse(fs.readFileSync(old, 'utf8'));
  for (const k of ['hardNegatives', 'upscaled', 'init']) delete st.trainer.recipe[k];
  fs.writeFileSync(old, JSON.stringify(st));
  const resumed = await trainMosaicNet({ ...base, steps: 2, runDir: path.join(dir, 'b') });
  assert.equal(resumed.resumedFrom, 1);
  await assert.rejects(trainMosaicNet({ ...base, steps: 3, runDir: path.join(dir, 'b'), upscaled: 0.2 }), /was trained with upscaled 0, not 0.2/);
  for (const d of [photosDir, dir]) fs.rmSync(d, { recursive: true });
});

test('h264RoundTrip: same frame count and size, close to the input at CRF 18', () => {
  const frames = [0, 1, 2].map((k) => {
    const data = new Uint8Array(64 * 48 * 3);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(128 + 60 * Math.sin((i / 3) * 0.05 + k));
    return { data, width: 64, height: 48, channels: 3 };
  });
  const back = h264RoundTrip(frames, 18);
  assert.equal(back.length, 3);
  back.forEach((f, k) => {
    assert.deepEqual([f.width, f.height], [64, 48]);
    let se = 0;
    for (let i = 0; i < f.data.length; i++) se += (f.data[i]! - frames[k]!.data[i]!) ** 2;
    const psnr = 10 * Math.log10(255 ** 2 / (se / f.data.length));
    assert.ok(psnr > 30, `frame ${k}: PSNR ${psnr.toFixed(1)} dB`);
  });
});

test('tessera train-detector trains, writes weights that tessera detect --weights reads; bad flags give one line', async () => {
  const photosDir = await photoFolder(2, 64), run = tempDir();
  const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  const r = cli('train-detector', '--photos', photosDir, '--out', run, '--steps', '3', '--batch', '2', '--size', '32', '--save-every', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /train-detector 3\/3 100%/);
  const weights = path.join(run, 'mosaic-detector.safetensors');
  assert.match(r.stdout, new RegExp(`weights: ${weights.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const d = cli('detect', path.join(photosDir, 'p0.png'), '--weights', weights, '--json');
  assert.equal(d.status, 0, d.stderr);
  assert.ok(Array.isArray(JSON.parse(d.stdout).regions));
  const bad = cli('train-detector', '--photos', path.join(photosDir, 'nope'), '--out', run);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr.trim(), /nope: no such folder$/);
  const badLr = cli('train-detector', '--photos', photosDir, '--out', run, '--blur', '2');
  assert.match(badLr.stderr, /--blur must be between 0 and 1, got "2"/);
  for (const dir of [photosDir, run]) fs.rmSync(dir, { recursive: true });
});

test('tessera train-detector leaves out photos that do not decode, names and counts them; --strict stops at the first', async () => {
  const good = await photoFolder(2, 64), mixed = await photoFolder(2, 64);
  fs.writeFileSync(path.join(mixed, 'notes.jpg'), 'not a photo');
  fs.writeFileSync(path.join(mixed, 'z-empty.png'), '');
  const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  const train = (photos: string, run: string, ...more: string[]) => cli('train-detector', '--photos', photos, '--out', run, '--steps', '2', '--batch', '2', '--size', '32', '--save-every', '2', ...more);
  const runGood = tempDir(), runMixed = tempDir(), runStrict = tempDir();
  const a = train(good, runGood);
  assert.equal(a.status, 0, a.stderr);
  const b = train(mixed, runMixed);
  assert.equal(b.status, 0, b.stderr);
  const notices = b.stderr.split('\n').filter((l) => l.startsWith('tessera:'));
  assert.deepEqual(notices.map((l) => l.replace(/cannot read image \(.*\); left/, 'cannot read image (…); left')), [
    `tessera: ${path.join(mixed, 'notes.jpg')}: cannot read image (…); left out of training (--strict stops instead)`,
    `tessera: ${path.join(mixed, 'z-empty.png')}: cannot read image (…); left out of training (--strict stops instead)`,
    'tessera: 2 photos did not decode and were left out (named above)',
  ]);
  // the good photos train exactly as they do alone: same losses step by step
  const losses = (run: string) => fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).loss);
  assert.equal(losses(runMixed).length, 2);
  assert.deepEqual(losses(runMixed), losses(runGood));
  const s = train(mixed, runStrict, '--strict');
  assert.equal(s.status, 1);
  assert.deepEqual(s.stderr.trim().split('\n').length, 1, s.stderr);
  assert.match(s.stderr, /notes\.jpg: cannot read image \(.*unsupported image format/);
  assert.ok(!fs.existsSync(path.join(runStrict, 'checkpoints')), 'nothing trained');
  // a folder of nothing but broken photos says so
  const allBad = tempDir();
  fs.writeFileSync(path.join(allBad, 'a.png'), '');
  const n = train(allBad, tempDir());
  assert.equal(n.status, 1);
  assert.match(n.stderr, /no training photo can be used: 1 of 1 did not decode/);
  for (const dir of [good, mixed, runGood, runMixed, runStrict, allBad]) fs.rmSync(dir, { recursive: true });
});
