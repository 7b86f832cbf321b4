// Decodes a video into raw frames through an `ffmpeg` child process writing them to a pipe: rgb24, or the
// source's own yuv420p (no colour conversion, half the bytes) for a frame function that asks for it.
import { spawn } from 'node:child_process';
import type { YuvMatrix } from '../image/yuv.js';
import type { VideoInfo } from './probe.js';

export interface RgbFrame {
  format?: 'rgb24';
  /** Interleaved RGB, row-major, width*height*3 bytes. */
  data: Buffer;
  width: number;
  height: number;
  index: number;
}

export interface Yuv420Frame {
  format: 'yuv420p';
  /** Planar Y, U, V (U and V at half width and height), limited range, width*height*3/2 bytes. */
  data: Buffer;
  width: number;
  height: number;
  index: number;
  /** The weights its colours are coded with (image/yuv.ts converts a box of it to RGB and back). */
  matrix: YuvMatrix;
}

export type VideoFrame = RgbFrame | Yuv420Frame;
export type FramePixelFormat = 'rgb24' | 'yuv420p';

/**
 * Whether frames of this video can go through the pipeline in its own yuv420p, untouched by any colour
 * conversion: a limited-range 4:2:0 8-bit source with even sides.
 */
export function passesYuv420(info: VideoInfo): boolean {
  return info.pixFmt === 'yuv420p' && info.colorRange !== 'pc' && info.width % 2 === 0 && info.height % 2 === 0;
}

/** Yields frames in order; pulling slowly pauses the pipe, so ffmpeg waits (backpressure). */
export function decodeFrames(info: VideoInfo, signal?: AbortSignal): AsyncGenerator<RgbFrame>;
export function decodeFrames(info: VideoInfo, signal: AbortSignal | undefined, format: FramePixelFormat): AsyncGenerator<VideoFrame>;
export async function* decodeFrames(info: VideoInfo, signal?: AbortSignal, format: FramePixelFormat = 'rgb24'): AsyncGenerator<VideoFrame> {
  const frameBytes = format === 'yuv420p' ? info.width * info.height * 3 / 2 : info.width * info.height * 3;
  const matrix: YuvMatrix = info.colorSpace === 'bt709' ? 'bt709' : 'bt601';
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', info.file, '-map', '0:v:0',
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1'];
  const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 16) stderr = stderr.slice(-(1 << 15)); });
  proc.on('error', () => { /* surfaced through the exit promise below */ });
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));

  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  let index = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - off);
        chunk.copy(frame, filled, off, off + n);
        filled += n;
        off += n;
        if (filled === frameBytes) {
          yield format === 'yuv420p' ? { format, data: frame, width: info.width, height: info.height, index: index++, matrix }
            : { data: frame, width: info.width, height: info.height, index: index++ };
          frame = Buffer.allocUnsafe(frameBytes);
          filled = 0;
        }
      }
    }
    const code = await exited;
    if (code !== 0) {
      const line = stderr.trim().split('\n').pop() || `ffmpeg exited with code ${code}`;
      // frames missing: the file is cut short, whatever ffmpeg's last words were ("Error marking filters as finished")
      if (info.frameCount > 0 && index < info.frameCount) {
        throw new Error(`${info.file}: the video ended after ${index} of ${info.frameCount} frames (truncated or damaged; ffmpeg: ${line})`);
      }
      throw new Error(`${info.file}: decoding failed (${line})`);
    }
    if (filled !== 0) throw new Error(`${info.file}: decoder returned a partial frame (${filled} of ${frameBytes} bytes)`);
    // ffmpeg decodes what it can of a cut-off file and exits 0; only the count (and stderr) tells
    if (info.frameCount > 0 && index < info.frameCount) {
      const why = stderr.trim().split('\n').filter(Boolean).pop();
      throw new Error(`${info.file}: the video ended after ${index} of ${info.frameCount} frames (truncated or damaged${why ? `; ffmpeg: ${why}` : ''})`);
    }
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}
