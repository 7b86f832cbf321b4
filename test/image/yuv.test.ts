import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evenBox, writeRgbToYuv420, yuv420Layout, yuv420ToRgb } from '../../src/image/yuv.js';

/** A frame of one colour (Y, U, V) of the given size. */
function flatFrame(w: number, h: number, y: number, u: number, v: number): Uint8Array {
  const L = yuv420Layout(w, h), f = new Uint8Array(L.bytes);
  f.fill(y, 0, L.u); f.fill(u, L.u, L.v); f.fill(v, L.v);
  return f;
}

test('hand-computed colours: limited-range white, black, and BT.601 / BT.709 red both ways', () => {
  const whole = { x: 0, y: 0, w: 4, h: 2 };
  assert.deepEqual([...yuv420ToRgb(flatFrame(4, 2, 235, 128, 128), 4, 2, whole).subarray(0, 3)], [255, 255, 255]);
  assert.deepEqual([...yuv420ToRgb(flatFrame(4, 2, 16, 128, 128), 4, 2, whole).subarray(0, 3)], [0, 0, 0]);
  // red: Y = 16 + 219·Kr, U = 128 − 112·Kr/(1 − Kb), V = 240
  for (const [matrix, kr, kb] of [['bt601', 0.299, 0.114], ['bt709', 0.2126, 0.0722]] as const) {
    const Y = Math.round(16 + 219 * kr), U = Math.round(128 - 112 * kr / (1 - kb));
    const rgb = yuv420ToRgb(flatFrame(4, 2, Y, U, 240), 4, 2, whole, matrix);
    for (let i = 0; i < 8; i++) {
      assert.ok(Math.abs(rgb[3 * i]! - 255) <= 1 && rgb[3 * i + 1]! <= 1 && rgb[3 * i + 2]! <= 2, `${matrix} red came out ${[...rgb.subarray(3 * i, 3 * i + 3)]}`);
    }
    const back = flatFrame(4, 2, 0, 0, 0);
    const red = new Uint8Array(24); for (let i = 0; i < 8; i++) red[3 * i] = 255;
    writeRgbToYuv420(back, 4, 2, whole, red, new Uint8Array(8).fill(255), matrix);
    const L = yuv420Layout(4, 2);
    assert.deepEqual([back[0], back[L.u], back[L.v]], [Y, U, 240], `${matrix} red to YUV`);
  }
});

test('against ffmpeg: a testsrc2 frame to RGB within 3 levels (mean < 1); RGB back: ffmpeg\'s Y, each chroma block\'s mean colour', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-yuv-'));
  try {
    const W = 96, H = 64, yuv = path.join(dir, 'f.yuv'), rgb = path.join(dir, 'f.rgb'), back = path.join(dir, 'b.yuv');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=1`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', yuv]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-i', yuv, '-f', 'rawvideo', '-pix_fmt', 'rgb24', rgb]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-i', rgb, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', back]);
    const frame = fs.readFileSync(yuv), ref = fs.readFileSync(rgb), refBack = fs.readFileSync(back);
    const ours = yuv420ToRgb(frame, W, H, { x: 0, y: 0, w: W, h: H });
    let max = 0, sum = 0;
    for (let i = 0; i < ref.length; i++) { const d = Math.abs(ref[i]! - ours[i]!); max = Math.max(max, d); sum += d; }
    assert.ok(max <= 3 && sum / ref.length < 1, `yuv → rgb: max ${max}, mean ${(sum / ref.length).toFixed(2)} from ffmpeg`);
    const mine = Buffer.from(frame);
    writeRgbToYuv420(mine, W, H, { x: 0, y: 0, w: W, h: H }, ref, new Uint8Array(W * H).fill(255));
    for (let i = 0; i < W * H; i++) assert.equal(mine[i], refBack[i], `Y of pixel ${i}`);
    // chroma: the 2×2 block's mean colour through BT.601 (by hand here, in floats), within one level;
    // ffmpeg filters instead of averaging, so it is only close on average
    const cw = W / 2, ch = H / 2;
    let csum = 0;
    for (let by = 0; by < ch; by++) for (let bx = 0; bx < cw; bx++) {
      let r = 0, g = 0, b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const i = ((2 * by + dy) * W + 2 * bx + dx) * 3;
        r += ref[i]! / 4; g += ref[i + 1]! / 4; b += ref[i + 2]! / 4;
      }
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      const u = 128 + (224 / 255) * (b - l) / 1.772, v = 128 + (224 / 255) * (r - l) / 1.402;
      const c = by * cw + bx;
      assert.ok(Math.abs(mine[W * H + c]! - u) <= 1 && Math.abs(mine[W * H * 5 / 4 + c]! - v) <= 1, `chroma block ${bx},${by}: ${mine[W * H + c]},${mine[W * H * 5 / 4 + c]} vs ${u.toFixed(2)},${v.toFixed(2)}`);
      csum += Math.abs(mine[W * H + c]! - refBack[W * H + c]!) + Math.abs(mine[W * H * 5 / 4 + c]! - refBack[W * H * 5 / 4 + c]!);
    }
    assert.ok(csum / (2 * cw * ch) < 2, `rgb → yuv chroma: mean ${(csum / (2 * cw * ch)).toFixed(2)} from ffmpeg's`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writing back touches only masked pixels and the chroma blocks that hold one; a box reads its own pixels', () => {
  const W = 16, H = 12, L = yuv420Layout(W, H);
  const frame = new Uint8Array(L.bytes);
  for (let i = 0; i < frame.length; i++) frame[i] = 16 + ((i * 37) % 200);
  const before = frame.slice();
  const box = { x: 4, y: 2, w: 6, h: 8 };
  const rgb = yuv420ToRgb(frame, W, H, box);
  const whole = yuv420ToRgb(frame, W, H, { x: 0, y: 0, w: W, h: H });
  for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) for (let c = 0; c < 3; c++) {
    assert.equal(rgb[(y * box.w + x) * 3 + c], whole[((box.y + y) * W + box.x + x) * 3 + c], 'a box reads what the whole frame reads there');
  }
  const mask = new Uint8Array(box.w * box.h);
  mask[1 * box.w + 3] = 255; // frame pixel (7, 3): chroma block (3, 1)
  writeRgbToYuv420(frame, W, H, box, new Uint8Array(rgb.length).fill(200), mask);
  const changed: number[] = [];
  for (let i = 0; i < frame.length; i++) if (frame[i] !== before[i]) changed.push(i);
  const cw = W / 2;
  assert.deepEqual(changed, [3 * W + 7, L.u + 1 * cw + 3, L.v + 1 * cw + 3].filter((i) => before[i] !== frame[i]));
  assert.ok(changed.includes(3 * W + 7), 'the masked pixel\'s Y was written');
  assert.throws(() => yuv420ToRgb(frame, W, H, { x: 1, y: 0, w: 4, h: 4 }), /even coordinates/);
  assert.deepEqual(evenBox({ x: 3, y: 5, w: 4, h: 3 }), { x: 2, y: 4, w: 6, h: 4 });
});
