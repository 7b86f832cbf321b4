// `tessera censor --detect-every N` with a finder it affects: a real face (a portrait tile from a photo
// that ships with @vladmandic/human) is in frames 3 to 5 of a 9-frame video and nowhere else. The face
// finder only runs on frames 0, N, 2N, …, so the first frame censored is the first multiple of N in
// 3..5, and with N = 7 the face is never looked at: the run refuses, writing nothing. An option that was
// ignored, or counted from 1, gives other frames.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { packageRoot } from '../helpers/package-root.js';
import { tempDir } from '../video/helpers.js';

const W = 320, H = 240, FRAMES = 9, FACE_FRAMES = [3, 4, 5];
const cli = path.resolve('dist/src/cli/main.js');
const dir = tempDir();
const video = path.join(dir, 'face-3-to-5.mp4');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const photo = path.join(packageRoot('@vladmandic/human'), 'assets', 'screenshot-facedetect.jpg');
  const face = await sharp(photo).extract({ left: 0, top: 340, width: 160, height: 160 }).toBuffer();
  const frame = async (withFace: boolean) => {
    const base = sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 110, b: 130 } } });
    return (withFace ? sharp(await base.png().toBuffer()).composite([{ input: face, left: 80, top: 40 }]) : base).removeAlpha().raw().toBuffer();
  };
  const plain = await frame(false), withFace = await frame(true);
  const raw = Buffer.concat(Array.from({ length: FRAMES }, (_, i) => (FACE_FRAMES.includes(i) ? withFace : plain)));
  const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-r', '10', '-i', '-',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv444p', video], { input: raw });
  assert.equal(r.status, 0, String(r.stderr));
});

function censor(every: number) {
  const out = path.join(dir, `out-${every}.mp4`);
  const r = spawnSync(process.execPath, [cli, 'censor', video, '-o', out, '-r', 'faces', '--detect-every', String(every), '--json'], { encoding: 'utf8' });
  return { ...r, out };
}

test('--detect-every N: the face is first censored on the first multiple of N among its frames', () => {
  for (const [every, first] of [[1, 3], [2, 4], [5, 5]] as const) {
    const r = censor(every);
    assert.equal(r.status, 0, `--detect-every ${every}: ${r.stderr}`);
    const tracks = JSON.parse(r.stdout).tracks as { firstFrame: number; x: number; y: number; w: number; h: number }[];
    assert.equal(tracks.length, 1, `--detect-every ${every}: ${r.stdout}`);
    assert.equal(tracks[0]!.firstFrame, first, `--detect-every ${every}`);
    // the box is on the face tile (80..240, 40..200)
    const t = tracks[0]!;
    assert.ok(t.x >= 60 && t.x + t.w <= 260 && t.y >= 20 && t.y + t.h <= 220, JSON.stringify(t));
  }
});

test('--detect-every 7 never looks at frames 3 to 5: nothing found, nothing written, exit 1', () => {
  const r = censor(7);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr.trim(), /face-3-to-5\.mp4: faces found nothing to censor; nothing written/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.ok(!fs.existsSync(r.out));
});
