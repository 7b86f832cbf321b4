// `tessera restore` end to end (spawned like a user runs it): outputs written atomically beside inputs
// that never change, folders mirrored, --json per file, and every bad input a one-line error with a
// non-zero exit and nothing written. A refused batch writes nothing (restorePaths with a fake checker).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readRaster, writeRaster } from '../../src/image/raster.js';
import { loadPhoto } from '../../src/detect/evaluate.js';
import { boxesToMask } from '../../src/image/mask.js';
import { pixelate } from '../../src/image/pixelate.js';
import { parseRegion } from '../../src/inputs/regions.js';
import '../../src/censor/learned-regions.js';
import { Restorer, restorePaths, RestoreRefusal } from '../../src/restore/index.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { pix2pixFile, tinyRestorerFile } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const BOX = { x: 64, y: 48, w: 128, h: 96 };
const SPEC = `box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`;

async function setup(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restore-cli-'));
  const img = await loadPhoto(evaluationPhotos()[8]!, 320);
  const p = pixelate(img, boxesToMask(img.width, img.height, [BOX]), { block: 8, phase: [0, 0] });
  await writeRaster(path.join(dir, 'mosaic.png'), p.image);
  fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
  fs.copyFileSync(path.join(dir, 'mosaic.png'), path.join(dir, 'in', 'sub', 'b.png'));
  await writeRaster(path.join(dir, 'in', 'c.jpg'), p.image, { quality: 95 });
  await writeRaster(path.join(dir, 'clean.png'), await loadPhoto(evaluationPhotos()[6]!, 320));
  return dir;
}

const oneLine = (r: { status: number | null; stderr: string }, pattern: RegExp) => {
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
};

test('restore writes the output, prints per-region status as JSON, leaves the input and outside pixels alone', async () => {
  const dir = await setup();
  const input = path.join(dir, 'mosaic.png'), before = fs.readFileSync(input);
  const r = run('restore', input, '-o', path.join(dir, 'out.png'), '--region', SPEC, '--model', tinyRestorerFile(), '--json');
  assert.equal(r.status, 0, r.stderr);
  const [file] = JSON.parse(r.stdout).files;
  assert.deepEqual(file.regions, [{ ...BOX, grid: { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 }, status: 'restored' }]);
  assert.deepEqual(fs.readFileSync(input), before);
  const a = await readRaster(input), b = await readRaster(path.join(dir, 'out.png'));
  const mask = boxesToMask(a.width, a.height, [BOX]);
  let inside = 0;
  for (let p = 0; p < mask.data.length; p++) for (let k = 0; k < 3; k++) {
    if (mask.data[p]) inside += +(a.data[p * 3 + k] !== b.data[p * 3 + k]);
    else assert.equal(b.data[p * 3 + k], a.data[p * 3 + k], `outside pixel ${p} changed`);
  }
  assert.ok(inside > 0);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  // --model bicubic: the baseline, no model file needed
  const bic = run('restore', input, '-o', path.join(dir, 'bicubic.png'), '-r', SPEC, '--model', 'bicubic');
  assert.equal(bic.status, 0, bic.stderr);
  assert.match(bic.stdout, /bicubic\.png: 1 region\(s\) restored/);
  fs.rmSync(dir, { recursive: true });
});

test('a folder is mirrored, several inputs go into one folder, inputs are never overwritten', async () => {
  const dir = await setup();
  const r = run('restore', path.join(dir, 'in'), path.join(dir, 'mosaic.png'), '-o', path.join(dir, 'out'), '-r', SPEC, '--model', 'bicubic', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).files.length, 3);
  for (const f of ['in/sub/b.png', 'in/c.jpg', 'mosaic.png']) assert.ok(fs.existsSync(path.join(dir, 'out', f)), f);
  const same = run('restore', path.join(dir, 'mosaic.png'), '-o', path.join(dir, 'in', '..', 'mosaic.png'), '-r', SPEC, '--model', 'bicubic');
  oneLine(same, /refusing to overwrite the input/);
  const inside = run('restore', path.join(dir, 'in'), '-o', path.join(dir, 'in', 'out'), '-r', SPEC, '--model', 'bicubic');
  oneLine(inside, /must not lie inside the input folder/);
  fs.rmSync(dir, { recursive: true });
});

test('bad inputs: one line naming the file, exit 1, nothing written', async () => {
  const dir = await setup();
  const out = path.join(dir, 'x.png');
  const model = ['--model', tinyRestorerFile()];
  oneLine(run('restore', path.join(dir, 'clean.png'), '-o', out, ...model), /clean\.png: no mosaic found; pass --region box:x,y,w,h to name one/);
  fs.writeFileSync(path.join(dir, 'broken.jpg'), 'nope');
  oneLine(run('restore', path.join(dir, 'broken.jpg'), '-o', out, '-r', SPEC, ...model), /broken\.jpg: cannot read image/);
  oneLine(run('restore', path.join(dir, 'mosaic.png'), '-o', out, '-r', 'box:300,10,64,64', ...model), /mosaic\.png: region box:300,10,64,64 reaches outside the 320×\d+ image/);
  oneLine(run('restore', path.join(dir, 'mosaic.png'), '-o', out, '-r', SPEC, '--model', pix2pixFile(dir)), /pix2pix\.safetensors: holds a unet_128 generator, not a mosaic restorer/);
  oneLine(run('restore', path.join(dir, 'mosaic.png'), '-o', out, '-r', SPEC, '--model', path.join(dir, 'clean.png')), /clean\.png/);
  oneLine(run('restore', path.join(dir, 'mosaic.png'), '-o', out, '-r', 'faces', ...model), /--region must be box:x,y,w,h or mask:FILE, got 'faces'/);
  oneLine(run('restore', path.join(dir, 'nothing.png'), '-o', out, ...model), /nothing\.png: no such file or folder/);
  fs.writeFileSync(path.join(dir, 'clip.mp4'), 'not a video');
  oneLine(run('restore', path.join(dir, 'clip.mp4'), '-o', path.join(dir, 'out.mp4'), ...model), /clip\.mp4: not a readable video/);
  assert.ok(!fs.existsSync(out) && !fs.existsSync(path.join(dir, 'out.mp4')));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  fs.rmSync(dir, { recursive: true });
});

test('a restore that restores nothing exits 1 and writes nothing, naming the regions left and why on stderr; --allow-empty writes it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restore-empty-'));
  // a real face under a mosaic: bicubic brings a face back, so the region is left (restore never un-hides a face)
  const photo = path.join('node_modules', '@vladmandic', 'human', 'assets', 'screenshot-facedetect.jpg');
  const [face] = (await parseRegion('faces').find(await readRaster(photo))).boxes;
  assert.ok(face, 'the photo has a face');
  const spec = `box:${face.x},${face.y},${face.w},${face.h}`, censored = path.join(dir, 'censored.png'), out = path.join(dir, 'out.png');
  assert.equal(run('censor', photo, '-o', censored, '-r', spec, '--block', '6').status, 0);
  const left = `${face.x},${face.y} ${face.w}×${face.h} left \\(a face appeared`;
  for (const json of [[], ['--json']]) {
    const r = run('restore', censored, '-o', out, '-r', spec, '--model', 'bicubic', ...json);
    oneLine(r, new RegExp(`censored\\.png: nothing restored \\(region ${left}.*\\); nothing written \\(--allow-empty writes it unchanged\\)`));
    assert.equal(r.stdout, '');
    assert.ok(!fs.existsSync(out));
  }
  for (const json of [[], ['--json']]) {
    const r = run('restore', censored, '-o', out, '-r', spec, '--model', 'bicubic', '--allow-empty', ...json);
    assert.equal(r.status, 0, r.stderr);
    // which regions were left, and why, is said on stderr in both modes
    assert.match(r.stderr, new RegExp(`out\\.png: region ${left}`));
    if (json.length) assert.equal(JSON.parse(r.stdout).files[0].regions[0].status, 'left');
    else assert.match(r.stdout, /out\.png: 0 region\(s\) restored, 1 left/);
    assert.deepEqual(await readRaster(out), await readRaster(censored));
    fs.rmSync(out);
  }
  // no mosaic found at all: the same rule (one line and nothing written; --allow-empty writes it unchanged)
  const plain = path.join(dir, 'plain.png');
  await writeRaster(plain, await readRaster(evaluationPhotos()[1]!));
  const none = run('restore', plain, '-o', out, '--model', 'bicubic');
  oneLine(none, /plain\.png: no mosaic found/);
  assert.ok(!fs.existsSync(out));
  const allowed = run('restore', plain, '-o', out, '--model', 'bicubic', '--allow-empty');
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.deepEqual(await readRaster(out), await readRaster(plain));
  fs.rmSync(dir, { recursive: true });
});

test('a refusal anywhere in a batch writes nothing: no outputs, no folders, no temp files', async () => {
  const dir = await setup();
  let seen = 0;
  // allows the first image, refuses the second: the first output must not appear either
  const safety = { name: 'fake: refuses the 2nd image', check: (im: { width: number }) => ({ allowed: im.width !== 320 || ++seen < 2, reason: 'fake' }) };
  await assert.rejects(restorePaths([path.join(dir, 'in')], path.join(dir, 'out'), {
    regions: [parseRegion(SPEC)], restorer: Restorer.load(tinyRestorerFile()), safety, faces: { find: async () => [] },
  }), RestoreRefusal);
  assert.ok(!fs.existsSync(path.join(dir, 'out')), 'the output folder was not left behind');
  fs.rmSync(dir, { recursive: true });
});
