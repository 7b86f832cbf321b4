import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseRegion } from '../../src/inputs/regions.js';
import { censorVideo } from '../../src/censor/video.js';
import { decodeFrames, encoderArgs, containerFor, probeVideo, transformVideo, type VideoFrame } from '../../src/video/index.js';
import { makeTestVideo, meanAbsDiff, tempDir } from '../video/helpers.js';

const dir = tempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function frames(file: string, format: 'rgb24' | 'yuv420p'): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const f of decodeFrames(await probeVideo(file), undefined, format)) out.push(f.data);
  return out;
}

test('censor in the source\'s yuv420p: bytes outside the box are the decoder\'s (lossless x264), the mosaic matches the rgb24 path', async () => {
  const src = makeTestVideo(path.join(dir, 'in.mp4'), { seconds: 0.4, audio: false });
  const box = { x: 41, y: 31, w: 120, h: 90 };
  const opts = { finders: [parseRegion(`box:${box.x},${box.y},${box.w},${box.h}`)], block: 10, crf: 0 };
  const yuvOut = path.join(dir, 'yuv.mkv'), rgbOut = path.join(dir, 'rgb.mkv');
  const r = await censorVideo(src, yuvOut, opts);
  await censorVideo(src, rgbOut, { ...opts, yuv: false });
  assert.deepEqual(r.regions.map((g) => [g.x, g.y, g.w, g.h, g.block]), [[41, 31, 120, 90, 10]]);

  const W = 320, H = 240, cw = W / 2;
  const inBox = (x: number, y: number) => x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
  const blockTouched = (bx: number, by: number) => [[0, 0], [1, 0], [0, 1], [1, 1]].some(([dx, dy]) => inBox(2 * bx + dx!, 2 * by + dy!));
  const [before, after] = [await frames(src, 'yuv420p'), await frames(yuvOut, 'yuv420p')];
  assert.equal(after.length, before.length);
  for (let f = 0; f < before.length; f++) {
    let changedInside = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (!inBox(x, y)) assert.equal(after[f]![i], before[f]![i], `frame ${f}: Y at ${x},${y} outside the box changed`);
      else if (after[f]![i] !== before[f]![i]) changedInside++;
    }
    for (let by = 0; by < H / 2; by++) for (let bx = 0; bx < cw; bx++) {
      if (blockTouched(bx, by)) continue;
      for (const plane of [W * H, W * H * 5 / 4]) assert.equal(after[f]![plane + by * cw + bx], before[f]![plane + by * cw + bx], `frame ${f}: chroma ${bx},${by} changed`);
    }
    assert.ok(changedInside > box.w * box.h / 4, `frame ${f}: the box was not pixelated`);
  }
  const [viaYuv, viaRgb] = [await frames(yuvOut, 'rgb24'), await frames(rgbOut, 'rgb24')];
  for (let f = 0; f < viaYuv.length; f++) {
    const d = meanAbsDiff(viaYuv[f]!, viaRgb[f]!, W, H, inBox);
    assert.ok(d < 2, `frame ${f}: the mosaic differs from the rgb24 path's by ${d.toFixed(2)} levels on average`);
  }
});

test('yuv frames only where the source is plain yuv420p; others still come as rgb24; the encoder keeps the colour tags', async () => {
  const plain = makeTestVideo(path.join(dir, 'plain.mp4'), { seconds: 0.2, audio: false });
  const full = path.join(dir, 'yuv444.mkv');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=25', '-t', '0.2', '-c:v', 'libx264', '-pix_fmt', 'yuv444p', full]);
  for (const [file, want] of [[plain, 'yuv420p'], [full, 'rgb24']] as const) {
    const seen = new Set<string>();
    await transformVideo(file, path.join(dir, `out-${want}.mkv`), (frame: VideoFrame) => {
      seen.add(frame.format ?? 'rgb24');
      assert.equal(frame.data.length, frame.width * frame.height * (frame.format === 'yuv420p' ? 1.5 : 3));
    }, { yuv: true });
    assert.deepEqual([...seen], [want], path.basename(file));
  }
  const info = { ...await probeVideo(plain), colorSpace: 'bt709', colorPrimaries: 'bt709', colorTransfer: 'bt709', colorRange: 'tv' };
  const args = encoderArgs(info, 'x.mp4', containerFor('x.mp4'), { inputPixelFormat: 'yuv420p' });
  assert.equal(args[args.indexOf('-pix_fmt') + 1], 'yuv420p');
  for (const flag of ['-colorspace', '-color_primaries', '-color_trc']) assert.equal(args[args.indexOf(flag) + 1], 'bt709', flag);
  assert.ok(!encoderArgs(info, 'x.mp4', containerFor('x.mp4')).includes('-colorspace'), 'rgb24 input is converted by ffmpeg: no source tags');
});
