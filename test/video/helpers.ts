// Synthetic test videos made by ffmpeg's lavfi sources, and frame readers for comparisons.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFrames, probeVideo } from '../../src/video/index.js';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-video-'));
}

/** A testsrc video (moving pattern + counter), optionally with a sine audio track. */
export function makeTestVideo(file: string, opts: { width?: number; height?: number; fps?: string; seconds?: number; audio?: boolean } = {}): string {
  const { width = 320, height = 240, fps = '25', seconds = 2, audio = true } = opts;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100');
  args.push('-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p');
  if (audio) args.push('-c:a', 'aac', '-shortest');
  args.push(file);
  execFileSync('ffmpeg', args);
  return file;
}

export async function readAllFrames(file: string): Promise<Buffer[]> {
  const info = await probeVideo(file);
  const frames: Buffer[] = [];
  for await (const f of decodeFrames(info)) frames.push(f.data);
  return frames;
}

export function streamTypes(file: string): string[] {
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file], { encoding: 'utf8' })
    .trim().split('\n').filter(Boolean);
}

/** Mean absolute difference over the pixels where `inside(x, y)` equals `want`. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array, width: number, height: number, select: (x: number, y: number) => boolean): number {
  let sum = 0, n = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    if (!select(x, y)) continue;
    const i = (y * width + x) * 3;
    sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
    n += 3;
  }
  if (n === 0) throw new Error('meanAbsDiff: the selection is empty');
  return sum / n;
}
