// `tessera restore IN.mp4 -o OUT.mp4` end to end on a tiny real clip (a pan over a photo, censored on a
// box by the censor pipeline, real ffmpeg both ways): regions detected every N frames and tracked, or
// named with --region; a track where a face appears is left as it was; and the batch rule for videos:
// a refusal leaves no output and no staged file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { censorVideo } from '../../src/censor/video.js';
import { parseRegion } from '../../src/inputs/regions.js';
import { boxIou } from '../../src/util/box.js';
import { makePanZoomClip } from '../../src/restore/flicker.js';
import { bicubicRestorer, FACE_REASON, NothingRestored, restorePaths, RestoreRefusal } from '../../src/restore/index.js';
import { probeVideo, transformVideo } from '../../src/video/index.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { readAllFrames, tempDir } from '../video/helpers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const BOX = { x: 96, y: 64, w: 128, h: 96 };
const SPEC = `box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`;
const FRAMES = 15;

let dir = '';
let mosaic = '';

before(async () => {
  dir = tempDir();
  const clean = path.join(dir, 'clean.mp4');
  mosaic = path.join(dir, 'mosaic.mp4');
  await makePanZoomClip(evaluationPhotos()[2]!, clean, { width: 320, height: 240, frames: FRAMES });
  await censorVideo(clean, mosaic, { finders: [parseRegion(SPEC)], block: 8 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Mean |a − b| inside (or outside, 8 px clear of) the box (by default the censored one), over all frames. */
async function meanDiff(a: string, b: string, inside: boolean, box = BOX): Promise<number> {
  const [fa, fb] = [await readAllFrames(a), await readAllFrames(b)];
  assert.equal(fa.length, fb.length);
  let sum = 0, n = 0;
  for (let f = 0; f < fa.length; f++) for (let y = 0; y < 240; y++) for (let x = 0; x < 320; x++) {
    const inBox = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
    const near = x >= box.x - 8 && x < box.x + box.w + 8 && y >= box.y - 8 && y < box.y + box.h + 8;
    if (inside ? !inBox : near) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(fa[f]![(y * 320 + x) * 3 + c]! - fb[f]![(y * 320 + x) * 3 + c]!);
    n += 3;
  }
  return sum / n;
}

test('restore IN.mp4 -o OUT.mp4: the mosaic is detected every 5th frame, tracked, and restored', async () => {
  const out = path.join(dir, 'out.mp4');
  const r = run('restore', mosaic, '-o', out, '--model', 'bicubic', '--detect-every', '5', '--crf', '0', '--json');
  assert.equal(r.status, 0, r.stderr);
  const [file] = JSON.parse(r.stdout).files;
  assert.equal(file.tracks.length, 1, r.stdout);
  const t = file.tracks[0];
  assert.deepEqual([t.firstFrame, t.lastFrame, t.status, t.grid.blockW, t.grid.blockH], [0, FRAMES - 1, 'restored', 8, 8]);
  assert.ok(boxIou(t, BOX) > 0.8, `tracked box ${JSON.stringify(t)}`);
  assert.deepEqual(file.regions, [{ x: t.x, y: t.y, w: t.w, h: t.h, grid: t.grid, status: 'restored' }]);
  // the same flat shape as censor's tracks: {id, firstFrame, lastFrame, x, y, w, h} (and what restore adds)
  assert.deepEqual(Object.keys(t).slice(0, 7).sort(), ['firstFrame', 'h', 'id', 'lastFrame', 'w', 'x', 'y']);
  const [a, b] = [await probeVideo(mosaic), await probeVideo(out)];
  assert.deepEqual([b.width, b.height, b.frameCount], [a.width, a.height, a.frameCount]);
  // the region changed; away from it the output is the input through the same lossless encode
  const pass = path.join(dir, 'pass.mp4');
  await transformVideo(mosaic, pass, () => {}, { crf: 0 });
  assert.ok(await meanDiff(mosaic, out, true) > 2, 'the region was not restored');
  // (away from the region restore reported: where the detector drew it is the boxIou check above)
  const outside = await meanDiff(pass, out, false, t);
  assert.equal(outside, 0, `pixels away from the region changed (mean |Δ| ${outside.toFixed(3)})`);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.')), [], 'a staged file was left behind');
});

test('restore IN.mp4 --region: the named box on every frame, its grid measured on the first', () => {
  const out = path.join(dir, 'named.mkv');
  const r = run('restore', mosaic, '-o', out, '-r', SPEC, '--model', 'bicubic', '--no-temporal', '--json');
  assert.equal(r.status, 0, r.stderr);
  const [file] = JSON.parse(r.stdout).files;
  assert.deepEqual(file.regions, [{ ...BOX, grid: { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 }, status: 'restored' }]);
  assert.deepEqual(file.tracks.map((t: { firstFrame: number; lastFrame: number }) => [t.firstFrame, t.lastFrame]), [[0, FRAMES - 1]]);
  // bad video arguments: one line naming the file, nothing written
  for (const [args, pattern] of [
    [['-o', path.join(dir, 'x.png')], /x\.png: unsupported output extension '\.png'/],
    [['-o', path.join(dir, 'x.mp4'), '-r', 'box:300,10,64,64'], /mosaic\.mp4: region box:300,10,64,64 reaches outside the 320×240 image/],
  ] as const) {
    const bad = run('restore', mosaic, ...args, '--model', 'bicubic');
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr.trim(), pattern);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
  assert.ok(!fs.existsSync(path.join(dir, 'x.mp4')) && !fs.existsSync(path.join(dir, 'x.png')));
});

test('a refused video frame writes nothing: no output, no staged video, the batch stops', async () => {
  const folder = path.join(dir, 'batch');
  fs.mkdirSync(folder);
  fs.copyFileSync(mosaic, path.join(folder, 'a.mp4'));
  let checks = 0;
  // allows the whole frame, refuses the restored region's crop on the first detection frame
  const safety = { name: 'fake: refuses region crops', check: (im: { width: number }) => { checks++; return { allowed: im.width === 320, reason: 'fake' }; } };
  const out = path.join(dir, 'batch-out');
  await assert.rejects(restorePaths([folder], out, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer, safety, faces: { find: async () => [] } }),
    (e: Error) => e instanceof RestoreRefusal && e.stage === 'output' && /a\.mp4 frame 0: refused/.test(e.message));
  assert.equal(checks, 3, 'the frame, then the region\'s window after restoring and in the input');
  assert.ok(!fs.existsSync(out), 'the output folder was left behind');
});

test('a face in a video track: the track is left as it was on every frame', async () => {
  const out = path.join(dir, 'face.mkv');
  // the fake sees a face in whatever crop it is shown (the crop around the region)
  const faces = { find: async (im: { width: number; height: number }) => [{ x: im.width / 2 - 10, y: im.height / 2 - 10, w: 20, h: 20, score: 0.9 }] };
  const allow = { name: 'fake: allows all', check: () => ({ allowed: true }) };
  // nothing restored: refused and nothing written, unless allowed
  await assert.rejects(restorePaths([mosaic], out, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer, safety: allow, faces, crf: 0 }),
    (e: Error) => e instanceof NothingRestored && /nothing restored/.test(e.message));
  assert.ok(!fs.existsSync(out));
  const [file] = await restorePaths([mosaic], out, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer, safety: allow, faces, crf: 0, allowEmpty: true });
  assert.deepEqual(file!.regions.map((r) => [r.status, r.reason]), [['left', FACE_REASON]]);
  const pass = path.join(dir, 'pass.mkv');
  await transformVideo(mosaic, pass, () => {}, { crf: 0 });
  assert.equal(await meanDiff(pass, out, true), 0, 'the region was restored on some frame');
});

test('a face found after later frames were restored: those frames are held and the track put back in them too', async () => {
  const out = path.join(dir, 'face-late.mkv');
  let asked = 0;
  // answers only after the pipeline has restored the next frames (they wait for it, and must not show the region)
  const faces = { find: async (im: { width: number; height: number }) => {
    asked++;
    await new Promise((r) => setTimeout(r, 300));
    return [{ x: im.width / 2 - 10, y: im.height / 2 - 10, w: 20, h: 20, score: 0.9 }];
  } };
  const allow = { name: 'fake: allows all', check: () => ({ allowed: true }) };
  const [file] = await restorePaths([mosaic], out, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer, safety: allow, faces, crf: 0, allowEmpty: true });
  assert.equal(asked, 1, 'the face finder was asked once, on frame 0; the track was left from then on');
  assert.deepEqual(file!.regions.map((r) => r.status), ['left']);
  const pass = path.join(dir, 'pass-late.mkv');
  await transformVideo(mosaic, pass, () => {}, { crf: 0 });
  assert.equal(await meanDiff(pass, out, true), 0, 'a frame restored before the answer came kept its restored region');
});

test('the bundled checks run on a worker thread: a benign clip restores, a stricter threshold refuses and writes nothing', async () => {
  const ok = path.join(dir, 'worker-ok.mp4');
  const [file] = await restorePaths([mosaic], ok, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer });
  assert.deepEqual(file!.regions.map((r) => r.status), ['restored']);
  // a batch: one worker checks both videos; the restorer comes from a loader called once, after planning
  let loads = 0;
  const copy = path.join(dir, 'mosaic-copy.mp4');
  fs.copyFileSync(mosaic, copy);
  const two = await restorePaths([mosaic, copy], path.join(dir, 'worker-batch'), { regions: [parseRegion(SPEC)], restorer: async () => { loads++; return bicubicRestorer; } });
  assert.deepEqual(two.map((f) => f.regions.map((r) => r.status)), [['restored'], ['restored']]);
  assert.equal(loads, 1);
  // a loader that fails: its error, nothing written
  await assert.rejects(restorePaths([mosaic], path.join(dir, 'worker-noload.mp4'), { regions: [parseRegion(SPEC)], restorer: async () => { throw new Error('no model'); } }), /^Error: no model$/);
  assert.ok(!fs.existsSync(path.join(dir, 'worker-noload.mp4')));
  const refused = path.join(dir, 'worker-refused.mp4');
  process.env.TESSERA_SAFETY_THRESHOLD = '0'; // every check refuses: the worker's checker read the variable
  try {
    await assert.rejects(restorePaths([mosaic], refused, { regions: [parseRegion(SPEC)], restorer: bicubicRestorer }),
      (e: Error) => e instanceof RestoreRefusal && e.stage === 'input' && /frame 0: refused: the input looks explicit/.test(e.message));
  } finally {
    delete process.env.TESSERA_SAFETY_THRESHOLD;
  }
  assert.ok(!fs.existsSync(refused), 'a refused video left an output');
  assert.deepEqual(fs.readdirSync(path.dirname(refused)).filter((f) => f.includes('worker-refused')), [], 'a staged file was left behind');
});

test('tessera restore on a video: the bundled checks refuse through the CLI too (one line, nothing written); a bad threshold fails first', () => {
  const out = path.join(dir, 'cli-refused.mp4');
  const env = (v: string) => ({ ...process.env, TESSERA_SAFETY_THRESHOLD: v });
  const strict = spawnSync(process.execPath, [cli, 'restore', mosaic, '-o', out, '-r', SPEC, '--model', 'bicubic'], { encoding: 'utf8', env: env('0') });
  assert.equal(strict.status, 1, strict.stderr);
  assert.equal(strict.stderr.trim().split('\n').length, 1, strict.stderr);
  assert.match(strict.stderr, /mosaic\.mp4 frame 0: refused: the input looks explicit/);
  const loose = spawnSync(process.execPath, [cli, 'restore', mosaic, '-o', out, '-r', SPEC, '--model', 'bicubic'], { encoding: 'utf8', env: env('0.9') });
  assert.equal(loose.status, 1, loose.stderr);
  assert.match(loose.stderr.trim(), /^tessera: TESSERA_SAFETY_THRESHOLD is "0\.9"; it may only make the checker stricter/);
  assert.ok(!fs.existsSync(out));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('cli-refused')), [], 'a staged file was left behind');
});
