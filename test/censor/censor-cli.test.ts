import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

async function setup(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-censor-'));
  const px = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 31) % 251;
  await sharp(px, { raw: { width: 64, height: 48, channels: 3 } }).png().toFile(path.join(dir, 'a.png'));
  fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
  fs.copyFileSync(path.join(dir, 'a.png'), path.join(dir, 'in', 'sub', 'b.png'));
  await sharp(px, { raw: { width: 64, height: 48, channels: 3 } }).jpeg().toFile(path.join(dir, 'in', 'c.jpg'));
  return dir;
}

/** A 100-frame mp4 with its index (moov) at the front, as phones and the web write them. */
function hundredFrames(dir: string): string {
  const src = path.join(dir, 'in.mp4');
  const make = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'mandelbrot=size=160x120:rate=25', '-frames:v', '100',
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', src]);
  assert.equal(make.status, 0, String(make.stderr));
  return src;
}

test('censor writes the output, prints regions as JSON, and leaves the input alone', async () => {
  const dir = await setup();
  const before = fs.readFileSync(path.join(dir, 'a.png'));
  const r = run('censor', path.join(dir, 'a.png'), '-o', path.join(dir, 'out.webp'), '--region', 'box:8,8,32,24', '--block', '8', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).regions, [{ x: 8, y: 8, w: 32, h: 24, block: 8, blockH: 8 }]);
  assert.equal((await sharp(path.join(dir, 'out.webp')).metadata()).format, 'webp');
  assert.deepEqual(fs.readFileSync(path.join(dir, 'a.png')), before);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp files left');
  fs.rmSync(dir, { recursive: true });
});

test('censor refuses to overwrite its input, by any path spelling', async () => {
  const dir = await setup();
  const before = fs.readFileSync(path.join(dir, 'a.png'));
  for (const out of [path.join(dir, 'a.png'), path.join(dir, 'in', '..', 'a.png'), dir]) {
    const r = run('censor', path.join(dir, 'a.png'), '-o', out, '-r', 'box:0,0,8,8');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /refusing to overwrite the input/);
  }
  const r = run('censor', path.join(dir, 'in'), '-o', path.join(dir, 'in', 'out'), '-r', 'box:0,0,8,8');
  assert.match(r.stderr, /must not lie inside the input folder/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'a.png')), before);
  fs.rmSync(dir, { recursive: true });
});

test('a folder is mirrored; a bad file gives one line naming it and a non-zero exit', async () => {
  const dir = await setup();
  const r = run('censor', path.join(dir, 'in'), '-o', path.join(dir, 'out'), '-r', 'box:0,0,16,16', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).files.length, 2);
  assert.ok(fs.existsSync(path.join(dir, 'out', 'sub', 'b.png')));
  assert.ok(fs.existsSync(path.join(dir, 'out', 'c.jpg')));
  fs.writeFileSync(path.join(dir, 'broken.jpg'), 'nope');
  const bad = run('censor', path.join(dir, 'broken.jpg'), '-o', path.join(dir, 'x.png'), '-r', 'box:0,0,8,8');
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /broken\.jpg: cannot read image/);
  assert.ok(!fs.existsSync(path.join(dir, 'x.png')));
  const badStyle = run('censor', path.join(dir, 'a.png'), '-o', path.join(dir, 'x.png'), '-r', 'box:0,0,8,8', '--style', 'bogus');
  assert.equal(badStyle.status, 1);
  assert.match(badStyle.stderr, /--style must be one of mean, center, random, rect, circle/);
  // Videos go to src/video/ (censorVideo); without it, or with a file that is no video, the error names the file.
  fs.writeFileSync(path.join(dir, 'clip.mp4'), 'not a video');
  const video = run('censor', path.join(dir, 'clip.mp4'), '-o', path.join(dir, 'out.mp4'), '-r', 'box:0,0,8,8');
  assert.equal(video.status, 1);
  assert.match(video.stderr, /clip\.mp4/);
  fs.rmSync(dir, { recursive: true });
});

test('a failed run leaves an existing output untouched (writes are temp file + rename)', async () => {
  const dir = await setup();
  const out = path.join(dir, 'out.png');
  fs.writeFileSync(out, 'OLD');
  fs.writeFileSync(path.join(dir, 'broken.png'), 'not a png');
  // --overwrite: the run gets as far as reading the input, and fails there
  const bad = run('censor', path.join(dir, 'broken.png'), '-o', out, '-r', 'box:0,0,8,8', '--overwrite');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /broken\.png/);
  assert.equal(fs.readFileSync(out, 'utf8'), 'OLD');
  const wrongExt = run('censor', path.join(dir, 'a.png'), '-o', path.join(dir, 'out.bmp'), '-r', 'box:0,0,8,8');
  assert.equal(wrongExt.status, 1);
  assert.match(wrongExt.stderr, /out\.bmp: unsupported image format/);
  assert.ok(!fs.existsSync(path.join(dir, 'out.bmp')));
  const ok = run('censor', path.join(dir, 'a.png'), '-o', out, '-r', 'box:0,0,8,8', '--overwrite');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((await sharp(out).metadata()).width, 64);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  const det = run('detect', path.join(dir, 'broken.png'), '--json');
  assert.equal(det.status, 1);
  assert.match(det.stderr, /^tessera: .*broken\.png: cannot read image/);
  fs.rmSync(dir, { recursive: true });
});

test('a video is censored through src/video/ (ffmpeg): the box changes, the rest keeps codec noise only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-censor-video-'));
  const src = path.join(dir, 'in.mp4'), out = path.join(dir, 'out.mp4');
  const make = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'mandelbrot=size=160x120:rate=10', '-t', '0.5', '-pix_fmt', 'yuv420p', src]);
  assert.equal(make.status, 0, String(make.stderr));
  const r = run('censor', src, '-o', out, '-r', 'box:20,20,60,40', '--block', '7');
  assert.equal(r.status, 0, r.stderr);
  const frame = async (f: string) => {
    const png = spawnSync('ffmpeg', ['-v', 'error', '-i', f, '-vframes', '1', '-f', 'image2pipe', '-vcodec', 'png', '-']).stdout;
    return sharp(png).raw().toBuffer();
  };
  const [a, b] = await Promise.all([frame(src), frame(out)]);
  let inside = 0, outside = 0;
  for (let y = 0; y < 120; y++) for (let x = 0; x < 160; x++) {
    const d = Math.abs(a[(y * 160 + x) * 3]! - b[(y * 160 + x) * 3]!);
    if (x >= 20 && x < 80 && y >= 20 && y < 60) inside += d / 2400; else outside += d / (19200 - 2400);
  }
  assert.ok(inside > 5 * outside && inside > 5, `mean change inside ${inside.toFixed(1)}, outside ${outside.toFixed(1)}`);
  fs.rmSync(dir, { recursive: true });
});

test('a censor that finds nothing writes nothing and fails naming the file; --allow-empty writes it unchanged', async () => {
  const dir = await setup();
  const out = path.join(dir, 'out.png');
  const r = run('censor', path.join(dir, 'a.png'), '-o', out, '-r', 'box:500,500,10,10');
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /a\.png: box:500,500,10,10 found nothing to censor; nothing written \(--allow-empty/);
  assert.ok(!fs.existsSync(out));
  const ok = run('censor', path.join(dir, 'a.png'), '-o', out, '-r', 'box:500,500,10,10', '--allow-empty');
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(await sharp(out).raw().toBuffer(), await sharp(path.join(dir, 'a.png')).raw().toBuffer());
  const bad = run('censor', path.join(dir, 'a.png'), '-o', out, '-r', 'cam:Neutral,-1');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tessera: bad region "cam:Neutral,-1": the minimum probability must be/);
  fs.rmSync(dir, { recursive: true });
});

test('a folder run goes on past bad files and files where nothing was found, and names each at the end', async () => {
  const dir = await setup();
  fs.writeFileSync(path.join(dir, 'in', 'a-broken.jpg'), 'nope');
  await sharp(Buffer.alloc(10 * 10 * 3, 128), { raw: { width: 10, height: 10, channels: 3 } }).png().toFile(path.join(dir, 'in', 'small.png'));
  const r = run('censor', path.join(dir, 'in'), '-o', path.join(dir, 'out'), '-r', 'box:30,30,10,10');
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0]!, /^tessera: .*a-broken\.jpg: cannot read image/);
  assert.match(lines[1]!, /^tessera: .*small\.png: box:30,30,10,10 found nothing to censor/);
  assert.match(lines[2]!, /^tessera: 2 of 4 files failed$/);
  assert.ok(fs.existsSync(path.join(dir, 'out', 'c.jpg')));
  assert.ok(fs.existsSync(path.join(dir, 'out', 'sub', 'b.png')));
  assert.ok(!fs.existsSync(path.join(dir, 'out', 'small.png')));
  assert.match(r.stdout, /c\.jpg: 1 region\(s\)/);
  fs.rmSync(dir, { recursive: true });
});

test('a video where nothing was found fails with one line and leaves no output', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-censor-video-'));
  const src = hundredFrames(dir), out = path.join(dir, 'out.mp4');
  const none = run('censor', src, '-o', out, '-r', 'box:500,500,10,10');
  assert.equal(none.status, 1);
  assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
  assert.match(none.stderr, /in\.mp4: box:500,500,10,10 found nothing to censor; nothing written/);
  assert.deepEqual(fs.readdirSync(dir), ['in.mp4'], 'no output, no temp file');
  fs.rmSync(dir, { recursive: true });
});

test('a truncated video fails with one line and leaves no output', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-censor-video-'));
  const src = hundredFrames(dir), out = path.join(dir, 'out.mp4');
  // the header (moov at the front) still says 100 frames; the data of most of them is gone
  const cut = path.join(dir, 'cut.mp4');
  const bytes = fs.readFileSync(src);
  fs.writeFileSync(cut, bytes.subarray(0, Math.round(bytes.length * 0.3)));
  const r = run('censor', cut, '-o', out, '-r', 'box:20,20,60,40');
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /cut\.mp4: the video ended after \d+ of 100 frames \(truncated or damaged/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['cut.mp4', 'in.mp4'], 'no output, no temp file');
  fs.rmSync(dir, { recursive: true });
});

test('censor end to end (CLI, PNG): outside the box byte-identical to the input, inside equal to pixelate, one colour per cell', async () => {
  const { readRaster, pixelate, boxesToMask } = await import('../../src/image/index.js');
  const dir = await setup();
  const input = path.join(dir, 'a.png'), output = path.join(dir, 'e2e.png');
  const box = { x: 10, y: 6, w: 35, h: 27 };
  const r = run('censor', input, '-o', output, '--region', `box:${box.x},${box.y},${box.w},${box.h}`, '--block', '8');
  assert.equal(r.status, 0, r.stderr);
  const src = await readRaster(input), got = await readRaster(output);
  assert.deepEqual([got.width, got.height, got.channels], [src.width, src.height, src.channels]);
  const want = pixelate(src, boxesToMask(src.width, src.height, [box]), { block: 8, style: 'mean', phase: 'box' }).image;
  const inBox = (x: number, y: number) => x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
  let inside = 0;
  for (let y = 0; y < src.height; y++) for (let x = 0; x < src.width; x++) for (let c = 0; c < 3; c++) {
    const i = (y * src.width + x) * 3 + c;
    if (!inBox(x, y)) assert.equal(got.data[i], src.data[i], `outside pixel ${x},${y} changed`);
    else { assert.equal(got.data[i], want.data[i], `inside pixel ${x},${y} is not pixelate's`); inside++; }
  }
  assert.equal(inside, box.w * box.h * 3);
  // the grid starts at the box: each 8×8 cell (clipped to the box) holds one colour
  for (let cy = box.y; cy < box.y + box.h; cy += 8) for (let cx = box.x; cx < box.x + box.w; cx += 8) {
    const first = (cy * src.width + cx) * 3;
    for (let y = cy; y < Math.min(cy + 8, box.y + box.h); y++) for (let x = cx; x < Math.min(cx + 8, box.x + box.w); x++)
      for (let c = 0; c < 3; c++) assert.equal(got.data[(y * src.width + x) * 3 + c], got.data[first + c], `cell ${cx},${cy}: pixel ${x},${y}`);
  }
  // and it is a mosaic: the cells are not all the input (the test image varies in every cell)
  assert.notDeepEqual(Buffer.from(got.data), Buffer.from(src.data));
  fs.rmSync(dir, { recursive: true });
});
