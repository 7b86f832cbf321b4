// The restorer's network through onnxruntime-node (`restore --runtime onnx`): the same crop, scale,
// bicubic base, tiling and blend (restorer.ts planCrop / finishCrop) around an exported network. On a
// real photo region, with small restorers of both families made here (quick, and one of each family), the ONNX
// result must equal libtorch's within one grey level, and the floats within 1e-4; the CLI runs it on an
// image and a video.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { manualSeed } from '../../src/engine/index.js';
import { loadPhoto } from '../../src/detect/evaluate.js';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { readRaster, writeRaster, type Raster } from '../../src/image/raster.js';
import { buildGenerator, generatorSpec, initWeights, saveModel, type GeneratorSpec } from '../../src/models/index.js';
import { parseRegion } from '../../src/inputs/regions.js';
import { censorVideo } from '../../src/censor/video.js';
import { makePanZoomClip } from '../../src/restore/flicker.js';
import { finishCrop, planCrop, targetCrops, OnnxRestorer, Restorer, restoreBicubic } from '../../src/restore/index.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { readAllFrames } from '../video/helpers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const BOX = { x: 72, y: 56, w: 160, h: 120 };
const SPEC = `box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`;

let dir = '', cells = '', unet = '', srresnet = '', photo: Raster, mosaic: Raster;

/** A restorer saved to `dir`, initialised so its residual is large but mostly unclamped (so a comparison means something). */
function makeRestorer(name: string, spec: GeneratorSpec, init: Parameters<typeof initWeights>[1]): string {
  manualSeed(4);
  const file = path.join(dir, name), net = initWeights(buildGenerator(spec), init);
  saveModel(file, net, spec);
  net.dispose();
  return file;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-onnx-restore-'));
  photo = await loadPhoto(evaluationPhotos()[8]!, 320);
  mosaic = pixelate(photo, boxesToMask(photo.width, photo.height, [BOX]), { block: 6, phase: [0, 0] }).image;
  await writeRaster(path.join(dir, 'mosaic.png'), mosaic);
  // the cell family (pixel_unshuffle / shuffle in the graph) and the U-Net family (skips, eval batch norm)
  cells = makeRestorer('cells.safetensors', generatorSpec({ netG: 'restorer_cells_2blocks', inputNc: 7, outputNc: 3, ngf: 16, norm: 'none', dropout: false }),
    { type: 'xavier', gain: 1, seed: 4 });
  unet = makeRestorer('unet.safetensors', generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false }),
    { type: 'kaiming', seed: 3 });
  // SRResNet ×8 over the cells (PReLU, pixel shuffle ×3 in the graph)
  srresnet = makeRestorer('srresnet.safetensors', generatorSpec({ netG: 'restorer_srresnet_1blocks', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false }),
    { type: 'xavier', gain: 1, seed: 5 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function difference(a: Raster, b: Raster): { max: number; differing: number } {
  let max = 0, differing = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    max = Math.max(max, d);
    differing += +(d > 0);
  }
  return { max, differing };
}

for (const [name, file] of [['restorer_unet_64, batch norm', () => unet], ['restorer_cells_2blocks', () => cells], ['restorer_srresnet_1blocks', () => srresnet]] as const) {
  test(`${name}: onnxruntime restore equals libtorch within one grey level on a photo region, tiled and not`, async () => {
    const mask = boxesToMask(photo.width, photo.height, [BOX]);
    const target = { box: BOX, grid: { blockW: 6, blockH: 6, phaseX: 0, phaseY: 0 } };
    for (const tile of [640, 128]) {
      const torch = Restorer.load(file(), { tile }), onnx = await OnnxRestorer.load(file(), { tile });
      try {
        const [r] = [...targetCrops(mosaic, mask, [target])];
        const plan = planCrop(r!.crop, r!.inside, r!.grid, torch);
        // 6-px cells: the canonical scale is 8/6, so the crop's 224+ px are ~300: 128-px tiles mean several passes
        if (tile === 128) assert.ok(plan.tiles.length >= 4, `${plan.tiles.length} tiles`);
        else assert.equal(plan.tiles.length, 1);
        const a = torch.restoreCrop(r!.crop, r!.inside, r!.grid), b = await onnx.restoreCrop(r!.crop, r!.inside, r!.grid);
        let maxAbs = 0, clamped = 0;
        for (let i = 0; i < a.data.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(a.data[i]! - b.data[i]!));
          clamped += +(Math.abs(a.data[i]!) > 0.999);
        }
        assert.ok(maxAbs < 1e-4, `crop floats differ by ${maxAbs}`);
        assert.ok(clamped < 0.05 * a.data.length, `${clamped} of ${a.data.length} values clamped at ±1: the comparison would say little`);
        const ta = torch.restore(mosaic, mask, [target]), tb = await onnx.restore(mosaic, mask, [target]);
        const d = difference(ta, tb);
        console.log(`${name}, tile ${tile}: crop max abs ${maxAbs.toExponential(1)}; image max ${d.max} grey level(s), ${d.differing} of ${ta.data.length} bytes differ`);
        assert.ok(d.max <= 1, `max ${d.max} grey levels`);
        // the network really adds a residual to its bicubic base (channels 0–2), so agreeing means something
        const t = plan.tiles[0]!, y = torch.runTile(t);
        let residual = 0;
        for (let i = 0; i < y.length; i++) residual += Math.abs(y[i]! - t.data[i]!);
        assert.ok(residual / y.length > 0.02, `mean residual ${residual / y.length}`);
        assert.ok(difference(ta, restoreBicubic(mosaic, mask, [target])).max > 8, 'the network changes the region');
      } finally {
        torch.dispose();
        onnx.dispose();
      }
    }
  });
}

test('finishCrop refuses outputs that do not fit the plan', () => {
  const crop = { data: new Float32Array(3 * 32 * 32), channels: 3, width: 32, height: 32 };
  const plan = planCrop(crop, new Float32Array(32 * 32).fill(1), { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 }, { multiple: 8, tile: 640 });
  assert.equal(plan.tiles.length, 1);
  assert.throws(() => finishCrop(plan, []), /0 tile outputs for 1 tiles/);
  assert.throws(() => finishCrop(plan, [new Float32Array(5)]), /tile 0 output has 5 values, expected 3×32×32/);
  // the network's output itself put back: a tile that returns its own mosaic channels gives the crop back
  const t = plan.tiles[0]!, P = t.width * t.height;
  const back = finishCrop(plan, [t.data.slice(3 * P, 6 * P)]);
  assert.deepEqual([back.width, back.height], [32, 32]);
});

test('tessera restore --runtime onnx on an image and a video matches --runtime libtorch', async () => {
  const input = path.join(dir, 'mosaic.png');
  const outs = ['libtorch', 'onnx'].map((rt) => {
    const out = path.join(dir, `out-${rt}.png`);
    const r = run('restore', input, '-o', out, '-r', SPEC, '--model', cells, '--runtime', rt, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).files[0].regions[0].status, 'restored');
    return out;
  });
  const [a, b] = await Promise.all(outs.map((f) => readRaster(f)));
  assert.ok(difference(a!, b!).max <= 1, 'image');
  assert.ok(difference(a!, mosaic).max > 8, 'the image was restored');

  const clean = path.join(dir, 'clean.mp4'), video = path.join(dir, 'mosaic.mp4');
  await makePanZoomClip(evaluationPhotos()[2]!, clean, { width: 320, height: 240, frames: 6 });
  await censorVideo(clean, video, { finders: [parseRegion(SPEC)], block: 8 });
  const vids = ['libtorch', 'onnx'].map((rt) => {
    const out = path.join(dir, `out-${rt}.mp4`);
    const r = run('restore', video, '-o', out, '-r', SPEC, '--model', cells, '--runtime', rt, '--crf', '0', '--no-temporal', '--json');
    assert.equal(r.status, 0, r.stderr);
    return out;
  });
  const [fa, fb] = [await readAllFrames(vids[0]!), await readAllFrames(vids[1]!)];
  assert.equal(fa.length, 6);
  let max = 0, sum = 0, n = 0;
  for (let f = 0; f < fa.length; f++) for (let i = 0; i < fa[f]!.length; i++) {
    const d = Math.abs(fa[f]![i]! - fb[f]![i]!);
    max = Math.max(max, d); sum += d; n++;
  }
  console.log(`video: libtorch vs onnx max ${max}, mean ${(sum / n).toFixed(4)} grey levels over ${fa.length} frames`);
  // a 1-level RGB difference can become 2 after the yuv420 round trip of the encoder
  assert.ok(max <= 3 && sum / n < 0.05, `video max ${max}, mean ${sum / n}`);

  const bad = run('restore', input, '-o', path.join(dir, 'x.png'), '-r', SPEC, '--model', 'bicubic', '--runtime', 'onnx');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--model bicubic runs no network/);
  assert.ok(!fs.existsSync(path.join(dir, 'x.png')));
});
