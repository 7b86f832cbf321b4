// Broken and unusual images and videos through every command that reads them, by the real CLI: each
// file is refused with one line naming it (non-zero exit, nothing written) or read the right way
// (EXIF rotation applied; CMYK, 16-bit, grey and palette converted; odd and rotated videos kept whole).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { readRaster } from '../../src/image/index.js';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { brokenImages, brokenVideos, greyPixels, H, rampPixels, W, type MediaCase } from '../helpers/broken-media.js';
import { tinyRestorerFile } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');

interface Ran { status: number | null; stdout: string; stderr: string; lines: string[] }

/** Runs the CLI without blocking, so independent runs overlap. */
function tessera(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { env: { ...process.env, TESSERA_THREADS: '1', ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr, lines: stderr.split('\n').filter((l) => l.startsWith('tessera:')) }));
  });
}

/** Runs every job, at most `n` at a time. */
async function inTurn<T>(jobs: (() => Promise<T>)[], n = 3): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < jobs.length) { const k = next++; out[k] = await jobs[k]!(); }
  }));
  return out;
}

function assertRefused(r: Ran, c: MediaCase, what: string): void {
  assert.equal(r.status, 1, `${what} ${c.name}: ${r.stderr}`);
  assert.equal(r.lines.length, 1, `${what} ${c.name}: one line, got ${r.stderr}`);
  assert.ok(r.lines[0]!.includes(path.basename(c.file)), `${what} ${c.name}: names the file: ${r.lines[0]}`);
  if (c.why) assert.match(r.lines[0]!, c.why, `${what} ${c.name}`);
}

/** The failure lines of a many-file run: one per refused file, each naming it, then the count. */
function assertFolderFailures(r: Ran, refused: MediaCase[], total: number, what: string): void {
  assert.equal(r.status, 1, `${what}: ${r.stderr}`);
  assert.deepEqual(r.lines.slice(0, -1).map((l) => path.basename(l.split(': ')[1]!)).sort(), refused.map((c) => path.basename(c.file)).sort(), `${what}: ${r.stderr}`);
  assert.equal(r.lines.at(-1), `tessera: ${refused.length} of ${total} files failed`);
}

/** What the read cases must look like once decoded: RGB, displayed orientation. */
function expectedPixels(c: MediaCase): { data: Buffer; width: number; height: number } {
  const ramp = rampPixels();
  if (c.file.endsWith('grayscale.png')) {
    const grey = greyPixels(), g = Buffer.alloc(ramp.length);
    for (let i = 0; i < W * H; i++) g.fill(grey[i]!, 3 * i, 3 * i + 3);
    return { data: g, width: W, height: H };
  }
  if (!c.file.endsWith('exif-rotated.jpg')) return { data: ramp, width: W, height: H };
  // EXIF 6: turned a quarter clockwise, displayed H wide and W high: display (x, y) = stored (y, H-1-x)
  const rot = Buffer.alloc(ramp.length);
  for (let y = 0; y < W; y++) for (let x = 0; x < H; x++) ramp.copy(rot, (y * H + x) * 3, (((H - 1 - x) * W) + y) * 3, (((H - 1 - x) * W) + y) * 3 + 3);
  return { data: rot, width: H, height: W };
}

/** Mean absolute difference outside the censored box (0, 0, 16, 16). */
function diffOutsideBox(got: Buffer, want: Buffer, width: number, height: number): number {
  let sum = 0, n = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    if (x < 16 && y < 16) continue;
    for (let k = 0; k < 3; k++) { sum += Math.abs(got[(y * width + x) * 3 + k]! - want[(y * width + x) * 3 + k]!); n++; }
  }
  return sum / n;
}

/** How far each read case may be from the ramp it was made of: JPEG, CMYK's round trip and 16 palette colours cost some. */
const TOLERANCE: Record<string, number> = { 'cmyk.jpg': 12, '16-bit.png': 0.5, 'grayscale.png': 0, 'palette.png': 12, 'exif-rotated.jpg': 4 };

test('broken and odd images through censor, detect, translate, restore, pairs and eval restore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-broken-media-'));
  const inDir = path.join(dir, 'in');
  const cases = await brokenImages(inDir);
  const refused = cases.filter((c) => c.expect === 'refuse');
  const read = cases.filter((c) => c.expect === 'read');
  const animated = read.filter((c) => c.file.endsWith('animated.webp'));
  const still = read.filter((c) => !animated.includes(c));
  // the readers that write a changed copy refuse an animation; the ones that only look take its first frame
  const writersRefuse = [...refused, ...animated];
  const goodDir = path.join(dir, 'good');
  fs.mkdirSync(goodDir);
  for (const c of read) fs.copyFileSync(c.file, path.join(goodDir, path.basename(c.file)));
  const model = path.join(dir, 'g.safetensors');
  const spec = generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' });
  const net = initWeights(buildGenerator(spec), { seed: 1, gain: 0.2 });
  saveModel(model, net, spec);
  net.dispose();
  const restorer = tinyRestorerFile();
  const out = (name: string) => path.join(dir, 'out', name);

  const singles = await inTurn([
    ...writersRefuse.map((c) => () => tessera(['censor', c.file, '-o', out(`single-${path.basename(c.file)}.png`), '-r', 'box:0,0,16,16'])),
    ...cases.map((c) => () => tessera(['detect', c.file, '--json', '--method', 'analytic'])),
    ...refused.map((c) => () => tessera(['eval', 'restore', '--data', oneFileFolder(dir, c), '--model', restorer])),
  ]);
  const [censorOne, detectOne, evalOne] = [singles.slice(0, writersRefuse.length), singles.slice(writersRefuse.length, writersRefuse.length + cases.length),
    singles.slice(writersRefuse.length + cases.length)];
  writersRefuse.forEach((c, k) => {
    assertRefused(censorOne[k]!, c, 'censor');
    assert.ok(!fs.existsSync(out(`single-${path.basename(c.file)}.png`)), `censor ${c.name}: nothing written`);
  });
  cases.forEach((c, k) => {
    const r = detectOne[k]!;
    if (c.expect === 'refuse') return assertRefused(r, c, 'detect');
    assert.equal(r.status, 0, `detect ${c.name}: ${r.stderr}`);
    assert.ok(Array.isArray(JSON.parse(r.stdout).regions), `detect ${c.name}`);
  });
  refused.forEach((c, k) => assertRefused(evalOne[k]!, c, 'eval restore'));

  const [censorAll, translateAll, restoreGood, restoreAll, pairsAll, evalGood] = await inTurn([
    () => tessera(['censor', inDir, '-o', out('censor'), '-r', 'box:0,0,16,16']),
    () => tessera(['translate', '--model', model, inDir, '-o', out('translate')]),
    () => tessera(['restore', ...still.map((c) => c.file), '-o', out('restore-good'), '--model', 'bicubic']),
    () => tessera(['restore', inDir, '-o', out('restore-all'), '--model', 'bicubic']),
    () => tessera(['pairs', inDir, '-o', out('pairs'), '--count', String(cases.length), '--size', '32', '--test-fraction', '0']),
    () => tessera(['eval', 'restore', '--data', goodDir, '--model', restorer, '--block', '8', '--json']),
  ]);

  // censor: the refused files named, each readable one written at its displayed size with its colours
  assertFolderFailures(censorAll, writersRefuse, cases.length, 'censor folder');
  for (const c of still) {
    const file = out(`censor/${path.basename(c.file)}`);
    const want = expectedPixels(c);
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [want.width, want.height, 3], c.name);
    const d = diffOutsideBox(data, want.data, want.width, want.height);
    assert.ok(d <= TOLERANCE[path.basename(c.file)]!, `censor ${c.name}: outside the box ${d.toFixed(2)} from the picture`);
  }
  for (const c of writersRefuse) assert.ok(!fs.existsSync(out(`censor/${path.basename(c.file)}`)), `censor ${c.name}: nothing written`);

  assertFolderFailures(translateAll, writersRefuse, cases.length, 'translate folder');
  for (const c of still) {
    const m = await sharp(out(`translate/${path.basename(c.file)}`)).metadata();
    assert.deepEqual([m.width, m.height], c.size, `translate ${c.name}`);
  }
  for (const c of writersRefuse) assert.ok(!fs.existsSync(out(`translate/${path.basename(c.file)}`)), `translate ${c.name}: nothing written`);

  // restore writes all of its outputs or none
  assert.equal(restoreGood.status, 0, restoreGood.stderr);
  for (const c of still) {
    const m = await sharp(out(`restore-good/${path.basename(c.file)}`)).metadata();
    assert.deepEqual([m.width, m.height], c.size, `restore ${c.name}`);
  }
  assert.equal(restoreAll.status, 1);
  assert.equal(restoreAll.lines.length, 1, restoreAll.stderr);
  assert.ok(writersRefuse.some((c) => restoreAll.lines[0]!.includes(path.basename(c.file))), restoreAll.lines[0]);
  assert.ok(!fs.existsSync(out('restore-all')), 'restore: nothing written');

  // pairs and eval only look: the animation's first frame is a photo like any other
  assertFolderFailures(pairsAll, refused, cases.length, 'pairs folder');
  // a refused photo's pair is made from the next one: all the pairs asked for, from the readable photos only
  assert.equal(fs.readdirSync(out('pairs/train')).length, cases.length);
  const sources = new Set(JSON.parse(fs.readFileSync(out('pairs/pairs.json'), 'utf8')).pairs.map((p: { source: string }) => p.source));
  assert.deepEqual([...sources].sort(), read.map((c) => path.basename(c.file)).sort());
  assert.equal(evalGood.status, 0, evalGood.stderr);
  assert.equal(JSON.parse(evalGood.stdout).photos, read.length);
  fs.rmSync(dir, { recursive: true });
});

function oneFileFolder(dir: string, c: MediaCase): string {
  const d = path.join(dir, 'one', path.basename(c.file));
  fs.mkdirSync(d, { recursive: true });
  fs.copyFileSync(c.file, path.join(d, path.basename(c.file)));
  return d;
}

test('an animation read for looking gives its first frame; the pixel limit follows TESSERA_MAX_PIXELS', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-broken-media-'));
  const cases = await brokenImages(dir);
  const webp = cases.find((c) => c.file.endsWith('animated.webp'))!.file;
  const first = await readRaster(webp, webp, { animated: 'first-frame' });
  // frame 1 is the ramp, frame 2 a flat grey 20: the first is what comes back
  assert.ok(diffOutsideBox(Buffer.from(first.data), rampPixels(), W, H) < 6);
  await assert.rejects(readRaster(webp), /animated\.webp: cannot read image \(animated, 2 frames/);
  const png = cases.find((c) => c.file.endsWith('16-bit.png'))!.file;
  const small = await tessera(['detect', png, '--json', '--method', 'analytic'], { TESSERA_MAX_PIXELS: String(W * H - 1) });
  assert.equal(small.status, 1);
  assert.match(small.lines[0]!, /16-bit\.png: cannot read image \(96 × 64 = 6,144 pixels, over the limit of 6,143; downscale it first, or raise TESSERA_MAX_PIXELS/);
  const bad = await tessera(['detect', png, '--json'], { TESSERA_MAX_PIXELS: 'lots' });
  assert.match(bad.lines[0]!, /TESSERA_MAX_PIXELS is "lots", not a positive whole number/);
  assert.equal((await tessera(['detect', png, '--json', '--method', 'analytic'], { TESSERA_MAX_PIXELS: String(W * H) })).status, 0);
  fs.rmSync(dir, { recursive: true });
});

const frames = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
  '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split(/[\s,]/)[0]);
const duration = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());

test('broken and odd videos through censor and restore: refused by name, or every frame kept at its displayed size', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-broken-video-'));
  const cases = brokenVideos(path.join(dir, 'in'));
  fs.rmSync(path.join(dir, 'in', 'whole.mp4'));
  const refused = cases.filter((c) => c.expect === 'refuse'), read = cases.filter((c) => c.expect === 'read');
  const out = (name: string) => path.join(dir, 'out', name);
  const runs = await inTurn([
    () => tessera(['censor', path.join(dir, 'in'), '-o', out('censor'), '-r', 'box:0,0,16,16']),
    // testsrc holds no mosaic: the frames are the point here, so an empty restore still writes them
    () => tessera(['restore', ...read.map((c) => c.file), '-o', out('restore'), '--model', 'bicubic', '--allow-empty']),
    ...refused.map((c) => () => tessera(['restore', c.file, '-o', out(`restore-${path.basename(c.file)}`), '--model', 'bicubic'])),
  ]);
  const [censor, restore] = runs;
  assertFolderFailures(censor!, refused, cases.length, 'censor videos');
  refused.forEach((c, k) => {
    assertRefused(runs[2 + k]!, c, 'restore');
    assert.ok(!fs.existsSync(out(`restore-${path.basename(c.file)}`)), `restore ${c.name}: nothing written`);
    assert.ok(!fs.existsSync(out(`censor/${path.basename(c.file)}`)), `censor ${c.name}: nothing written`);
  });
  assert.equal(restore!.status, 0, restore!.stderr);
  for (const c of read) for (const made of [out(`censor/${path.basename(c.file)}`), out(`restore/${path.basename(c.file)}`)]) {
    const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', made],
      { encoding: 'utf8' }).trim().split(/[\s,]+/).slice(0, 2).map(Number);
    // a rotated source comes out turned upright (the frames themselves, no rotation flag)
    assert.deepEqual([w, h], c.size, `${made}: displayed size`);
    assert.equal(frames(made), frames(c.file), `${made}: every frame`);
    // variable frame rate: the frames are evened out at the average rate, so the length stays
    assert.ok(Math.abs(duration(made) - duration(c.file)) < 0.15, `${made}: ${duration(made)} s vs ${duration(c.file)} s`);
  }
  fs.rmSync(dir, { recursive: true });
});
