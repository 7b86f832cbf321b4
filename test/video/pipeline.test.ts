import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { censorVideo } from '../../src/censor/index.js';
import { containerFor, encoderArgs, probeVideo, transformVideo, BoundedQueue } from '../../src/video/index.js';
import { makeTestVideo, meanAbsDiff, readAllFrames, streamTypes, tempDir } from './helpers.js';

let dir = '';
let withAudio = '';
let noAudio = '';

before(() => {
  dir = tempDir();
  withAudio = makeTestVideo(path.join(dir, 'with-audio.mp4'));
  noAudio = makeTestVideo(path.join(dir, 'no-audio.mp4'), { audio: false, fps: '30000/1001', seconds: 1 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('probe reads size, exact fps, frame count and audio presence', async () => {
  const a = await probeVideo(withAudio);
  assert.deepEqual([a.width, a.height, a.fps.num, a.fps.den, a.frameCount, a.hasAudio, a.rotation], [320, 240, 25, 1, 50, true, 0]);
  const b = await probeVideo(noAudio);
  assert.deepEqual([b.fps.num, b.fps.den, b.hasAudio, b.audioCodec], [30000, 1001, false, null]);
  assert.equal(b.frameCount, 30);
});

// Over the counter digits and the rainbow gradient of testsrc, where pixelation must show.
const BOX = { x: 208, y: 80, w: 96, h: 128 };
const insideBox = (x: number, y: number) => x >= BOX.x && x < BOX.x + BOX.w && y >= BOX.y && y < BOX.y + BOX.h;
// x264 blocks are 16 px: keep a 16 px ring around the box out of the "unchanged" comparison.
const farFromBox = (x: number, y: number) => x < BOX.x - 16 || x >= BOX.x + BOX.w + 16 || y < BOX.y - 16 || y >= BOX.y + BOX.h + 16;

test('censorVideo keeps size, fps, frame count and audio; changes only the box', async () => {
  const passThrough = path.join(dir, 'pass.mp4');
  const censored = path.join(dir, 'censored.mp4');
  await transformVideo(withAudio, passThrough, () => {});
  const r = await censorVideo(withAudio, censored, { finder: { find: () => [BOX] }, block: 16, track: false });
  assert.equal(r.frames, 50);
  const info = await probeVideo(censored);
  assert.deepEqual([info.width, info.height, info.fps.num, info.fps.den, info.frameCount], [320, 240, 25, 1, 50]);
  assert.deepEqual(streamTypes(censored), ['video', 'audio']);
  assert.equal(info.audioCodec, 'aac');

  const [ref, out] = await Promise.all([readAllFrames(passThrough), readAllFrames(censored)]);
  assert.equal(out.length, 50);
  for (const i of [0, 25, 49]) {
    assert.ok(meanAbsDiff(ref[i], out[i], 320, 240, farFromBox) < 1.5, `frame ${i}: pixels outside the box changed`);
    assert.ok(meanAbsDiff(ref[i], out[i], 320, 240, insideBox) > 10, `frame ${i}: box not censored`);
  }
  // Inside, each 16x16 grid block is flat up to codec loss, where the source block was textured.
  const spread = (f: Buffer, x0: number, y0: number, margin: number) => {
    let lo = 255, hi = 0;
    for (let y = y0 + margin; y < y0 + 16 - margin; y++) for (let x = x0 + margin; x < x0 + 16 - margin; x++) {
      for (let c = 0; c < 3; c++) { const v = f[(y * 320 + x) * 3 + c]; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    return hi - lo;
  };
  assert.ok(spread(ref[10], 256, 112, 0) > 100, 'source block is not textured; test is moot');
  assert.ok(spread(out[10], 256, 112, 3) < 16, 'block inside the box is not flat');
});

test('a video without audio round-trips into MKV and WebM with the same frames count and fps', async () => {
  for (const ext of ['mkv', 'webm']) {
    const out = path.join(dir, `no-audio.${ext}`);
    await transformVideo(noAudio, out, () => {});
    const info = await probeVideo(out);
    assert.deepEqual(streamTypes(out), ['video']);
    assert.deepEqual([info.width, info.height, info.frameCount, info.fps.num, info.fps.den], [320, 240, 30, 30000, 1001]);
    assert.equal(info.videoCodec, ext === 'webm' ? 'vp9' : 'h264');
  }
});

test('frames come to the frame function in order with their index', async () => {
  const seen: number[] = [];
  await transformVideo(noAudio, path.join(dir, 'order.mp4'), (f) => { seen.push(f.index); return Buffer.alloc(f.data.length, 128); });
  assert.deepEqual(seen, Array.from({ length: 30 }, (_, i) => i));
  const frames = await readAllFrames(path.join(dir, 'order.mp4'));
  assert.ok(Math.abs(frames[3][1000] - 128) <= 2, 'returned frame was not the one encoded');
});

test('a probe the caller passes in is the one used (no second ffprobe)', async () => {
  const info = await probeVideo(noAudio);
  assert.deepEqual(info.fps, { num: 30000, den: 1001 });
  // a frame rate only the given probe has: the output is written at it, so the pipeline did not probe again
  const out = path.join(dir, 'given-info.mp4');
  const r = await transformVideo(noAudio, out, () => {}, { info: { ...info, fps: { num: 50, den: 1 } } });
  assert.equal(r.frames, 30);
  assert.deepEqual((await probeVideo(out)).fps, { num: 50, den: 1 });
});

test('bad input gives one line naming the file; output is not created; input is never overwritten', async () => {
  const bogus = path.join(dir, 'not-a-video.mp4');
  fs.writeFileSync(bogus, 'hello, this is text');
  const out = path.join(dir, 'never.mp4');
  await assert.rejects(transformVideo(bogus, out, () => {}), (e: Error) => {
    assert.match(e.message, new RegExp(`^${bogus.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable video`));
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  assert.equal(fs.existsSync(out), false);
  await assert.rejects(transformVideo(path.join(dir, 'missing.mp4'), out, () => {}), /missing\.mp4: no such file/);
  const before = fs.readFileSync(withAudio);
  await assert.rejects(transformVideo(withAudio, withAudio, () => {}), /refusing to overwrite/);
  assert.deepEqual(fs.readFileSync(withAudio), before);
});

test('a failing frame function aborts the encode and leaves no output or temp file', async () => {
  const out = path.join(dir, 'failed.mp4');
  await assert.rejects(transformVideo(withAudio, out, (f) => { if (f.index === 7) throw new Error('boom'); }), /boom/);
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

test('an aborted signal stops the pipeline mid-video and leaves no output or temp file', async () => {
  const out = path.join(dir, 'cancelled.mp4');
  const ac = new AbortController();
  let seen = 0;
  await assert.rejects(transformVideo(withAudio, out, (f) => { seen = f.index + 1; }, {
    signal: ac.signal, onFrame: (done) => { if (done === 5) ac.abort(); },
  }), /with-audio\.mp4: cancelled/);
  const info = await probeVideo(withAudio);
  assert.ok(seen < info.frameCount, `the frame function ran on ${seen} of ${info.frameCount} frames`);
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  // a signal aborted before the start refuses at once
  await assert.rejects(transformVideo(withAudio, out, () => {}, { signal: ac.signal }), /cancelled/);
});

test('encoder arguments: codec by extension, audio copied when the container takes it', async () => {
  const info = await probeVideo(withAudio);
  const mp4 = encoderArgs(info, 't.mp4', containerFor('x.mp4'), { crf: 23 });
  assert.ok(mp4.join(' ').includes('-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p'));
  assert.ok(mp4.join(' ').includes('-map 1:a? -map_metadata 1'));
  assert.ok(mp4.join(' ').includes('-c:a copy'));
  const webm = encoderArgs(info, 't.webm', containerFor('x.webm'));
  assert.ok(webm.includes('libvpx-vp9'));
  assert.equal(webm[webm.indexOf('-c:a') + 1], 'libopus', 'AAC cannot go into WebM: re-encode to Opus');
  assert.throws(() => containerFor('x.gif'), /unsupported output extension/);
});

test('bounded queue: a producer never runs more than capacity items ahead', async () => {
  const q = new BoundedQueue<number>(3);
  let produced = 0, maxAhead = 0, consumed = 0;
  const producer = (async () => { for (let i = 0; i < 20; i++) { await q.put(i); produced++; maxAhead = Math.max(maxAhead, produced - consumed); } q.close(); })();
  const got: number[] = [];
  for (let v = await q.take(); v !== undefined; v = await q.take()) {
    await new Promise((r) => setTimeout(r, 1));
    consumed++;
    got.push(v);
  }
  await producer;
  assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => i));
  assert.ok(maxAhead <= 4, `producer ran ${maxAhead} items ahead`);
});

test('rotated input: frames come in display orientation and the output keeps that size', async () => {
  const rotated = path.join(dir, 'rotated.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', noAudio, '-c', 'copy', '-metadata:s:v', 'rotate=90', rotated]);
  const info = await probeVideo(rotated);
  assert.deepEqual([info.codedWidth, info.codedHeight, info.width, info.height], [320, 240, 240, 320]);
  assert.ok(info.rotation === 90 || info.rotation === 270);
  let firstSize = '';
  const out = path.join(dir, 'rotated-out.mp4');
  await transformVideo(rotated, out, (f) => { firstSize ||= `${f.width}x${f.height}:${f.data.length}`; });
  assert.equal(firstSize, `240x320:${240 * 320 * 3}`);
  const o = await probeVideo(out);
  assert.deepEqual([o.width, o.height, o.rotation, o.frameCount], [240, 320, 0, 30]);
});

test('odd-sized video keeps its exact size (4:4:4 instead of padding)', async () => {
  const odd = path.join(dir, 'odd.mkv');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=161x121:rate=10', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv444p', odd]);
  const out = path.join(dir, 'odd-out.mp4');
  await transformVideo(odd, out, () => {});
  const o = await probeVideo(out);
  assert.deepEqual([o.width, o.height, o.frameCount], [161, 121, 10]);
});

test('censorVideo reports content regions as tracks: frames and the union of the boxes', async () => {
  // A "detector" that sees a 40×30 box on frames 10–19, moving 2 px right per frame.
  let n = 0;
  const finder = { find: () => { const k = n++; return k >= 10 && k < 20 ? [{ x: 50 + 2 * (k - 10), y: 60, w: 40, h: 30 }] : []; } };
  const r = await censorVideo(noAudio, path.join(dir, 'tracks.mp4'), { finder, block: 8, track: { alpha: 1, maxMissed: 0 } });
  assert.equal(r.frames, 30);
  assert.deepEqual(r.tracks, [{ id: 0, firstFrame: 10, lastFrame: 19, x: 50, y: 60, w: 40 + 2 * 9, h: 30 }]);
});
