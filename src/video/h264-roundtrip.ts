// Frames through H.264 and back (libx264, yuv420p, constant rate factor `crf`) with the system ffmpeg:
// the degradation a mosaic meets in a video. Used to measure and to train the mosaic detectors.
import { spawnSync } from 'node:child_process';
import type { Raster } from '../image/raster.js';

/** All frames must share one size; odd sides lose their last row/column (4:2:0 needs even sides). */
export function h264RoundTrip(frames: Raster[], crf: number, preset = 'medium'): Raster[] {
  if (!frames.length) return [];
  const { width, height } = frames[0]!;
  const W = width - (width % 2), H = height - (height % 2);
  const rgb = new Uint8Array(frames.length * W * H * 3);
  frames.forEach((r, f) => {
    if (r.width !== width || r.height !== height) throw new Error(`h264RoundTrip: frame ${f} is ${r.width}×${r.height}, frame 0 ${width}×${height}`);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) rgb[((f * H + y) * W + x) * 3 + c] = r.data[(y * r.width + x) * r.channels + c]!;
  });
  const raw = ['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`];
  const enc = spawnSync('ffmpeg', ['-v', 'error', ...raw, '-i', '-', '-c:v', 'libx264', '-preset', preset, '-crf', String(crf), '-pix_fmt', 'yuv420p', '-f', 'h264', '-'], { input: rgb, maxBuffer: 1 << 30 });
  if (enc.status !== 0) throw new Error(`ffmpeg (H.264 encode) failed: ${enc.stderr.toString().trim().split('\n')[0]}`);
  const dec = spawnSync('ffmpeg', ['-v', 'error', '-f', 'h264', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { input: enc.stdout, maxBuffer: 1 << 30 });
  if (dec.status !== 0) throw new Error(`ffmpeg (H.264 decode) failed: ${dec.stderr.toString().trim().split('\n')[0]}`);
  const size = W * H * 3;
  if (dec.stdout.length !== frames.length * size) throw new Error(`ffmpeg (H.264) returned ${dec.stdout.length / size} frames for ${frames.length}`);
  return frames.map((_, f) => ({ data: new Uint8Array(dec.stdout.buffer, dec.stdout.byteOffset + f * size, size), width: W, height: H, channels: 3 }));
}
