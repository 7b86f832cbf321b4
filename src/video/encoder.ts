// Encodes raw RGB frames into a video file through an `ffmpeg` child process reading rgb24 from a
// pipe; audio, chapters and global metadata are copied from the source file (frames made in memory,
// generatedVideoInfo, have none). Writes go to a temp file
// beside the target that is renamed into place only when ffmpeg succeeded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { VideoInfo, Rational } from './probe.js';

export interface EncodeOptions {
  /** x264 / vp9 constant rate factor (lower is better quality). Default 18 (x264) / 32 (vp9). */
  crf?: number;
  /** x264 preset; default 'veryfast' (censored output rarely needs slower, smaller encodes). */
  preset?: string;
  /** Encoder threads; default 0 lets ffmpeg choose. */
  threads?: number;
  /** Overrides the codec chosen from the extension, e.g. 'libx264', 'libvpx-vp9'. */
  videoCodec?: string;
  /**
   * What write() is given: rgb24 (default), or yuv420p frames of the source (see passesYuv420), which are
   * encoded without a colour conversion and tagged with the source's colour tags.
   */
  inputPixelFormat?: 'rgb24' | 'yuv420p';
}

interface Container { muxer: string; codec: string; audioCopyable: (codec: string) => boolean; fallbackAudio: string }

const MP4_AUDIO = new Set(['aac', 'mp3', 'opus', 'ac3', 'eac3', 'alac', 'flac']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);
const AVI_AUDIO = new Set(['mp3', 'ac3', 'pcm_s16le', 'aac']);

/** The containers containerFor writes (and the decoder reads): what counts as a video file. */
export const VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.mov', '.avi', '.webm', '.m4v'];

export function isVideoFile(file: string): boolean {
  return VIDEO_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Container and codecs for an output path, chosen by its extension. */
export function containerFor(file: string): Container {
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case '.mp4': case '.m4v': case '.mov':
      return { muxer: ext === '.mov' ? 'mov' : 'mp4', codec: 'libx264', audioCopyable: (c) => MP4_AUDIO.has(c), fallbackAudio: 'aac' };
    case '.mkv':
      return { muxer: 'matroska', codec: 'libx264', audioCopyable: () => true, fallbackAudio: 'aac' };
    case '.avi':
      return { muxer: 'avi', codec: 'libx264', audioCopyable: (c) => AVI_AUDIO.has(c), fallbackAudio: 'libmp3lame' };
    case '.webm':
      return { muxer: 'webm', codec: 'libvpx-vp9', audioCopyable: (c) => WEBM_AUDIO.has(c), fallbackAudio: 'libopus' };
    default:
      throw new Error(`${file}: unsupported output extension '${ext}' (use .mp4, .m4v, .mov, .mkv, .avi or .webm)`);
  }
}

/** The ffmpeg arguments for an encode; exposed so tests can check them without running ffmpeg. */
export function encoderArgs(info: VideoInfo, tmpFile: string, container: Container, opts: EncodeOptions = {}): string[] {
  const fps: Rational = info.fps;
  const codec = opts.videoCodec ?? container.codec;
  const args = ['-hide_banner', '-v', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', opts.inputPixelFormat ?? 'rgb24', '-s', `${info.width}x${info.height}`, '-framerate', `${fps.num}/${fps.den}`, '-i', 'pipe:0',
    // a source file gives the audio, metadata and chapters; frames made in memory have none
    ...(info.file ? ['-i', info.file, '-map', '0:v:0', '-map', '1:a?', '-map_metadata', '1', '-map_chapters', '1'] : ['-map', '0:v:0']),
    '-c:v', codec];
  // 4:2:0 needs even sides; odd-sized sources keep their size in 4:4:4 instead of being padded.
  const even = info.width % 2 === 0 && info.height % 2 === 0;
  if (codec === 'libx264') {
    args.push('-preset', opts.preset ?? 'veryfast', '-crf', String(opts.crf ?? 18), '-pix_fmt', even ? 'yuv420p' : 'yuv444p');
  } else if (codec === 'libvpx-vp9') {
    args.push('-crf', String(opts.crf ?? 32), '-b:v', '0', '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1',
      '-pix_fmt', even ? 'yuv420p' : 'yuv444p');
  }
  if (opts.threads !== undefined) args.push('-threads', String(opts.threads));
  if (opts.inputPixelFormat === 'yuv420p') {
    // the source's own samples: its colour tags still describe them
    const tags: [string, string | null | undefined][] = [['-colorspace', info.colorSpace], ['-color_primaries', info.colorPrimaries],
      ['-color_trc', info.colorTransfer], ['-color_range', info.colorRange]];
    for (const [flag, value] of tags) if (value && value !== 'unknown') args.push(flag, value);
  }
  if (info.hasAudio) {
    const copy = info.audioCodec !== null && container.audioCopyable(info.audioCodec);
    args.push('-c:a', copy ? 'copy' : container.fallbackAudio);
  }
  if (container.muxer === 'mp4' || container.muxer === 'mov') args.push('-movflags', '+faststart');
  args.push('-f', container.muxer, tmpFile);
  return args;
}

/** The VideoInfo for encoding frames made in memory (no source file: nothing to copy audio or metadata from). */
export function generatedVideoInfo(width: number, height: number, fps: Rational): VideoInfo {
  return { file: '', width, height, codedWidth: width, codedHeight: height, fps, frameCount: 0, durationSeconds: 0,
    hasAudio: false, audioCodec: null, videoCodec: 'rawvideo', rotation: 0 };
}

/** Refuses to write onto the input (the temp + rename would otherwise replace it). */
export function assertNotSameFile(input: string, output: string): void {
  if (!input) return;
  const a = path.resolve(input), b = path.resolve(output);
  let same = a === b;
  if (!same && fs.existsSync(b)) {
    const sa = fs.statSync(a), sb = fs.statSync(b);
    same = sa.ino === sb.ino && sa.dev === sb.dev;
  }
  if (same) throw new Error(`${output}: output is the input file; refusing to overwrite it`);
}

/**
 * ffmpeg (5.1) exits 0 when the disk fills while it writes the trailer or closes the file, leaving a cut
 * file behind: its stderr is the only sign. The first such line, or null.
 */
export function outputWriteError(stderr: string): string | null {
  return stderr.split('\n').find((l) => /Error (writing trailer|closing file)|No space left on device|Disk quota exceeded|Input\/output error/i.test(l))?.trim() ?? null;
}

export class VideoEncoder {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private stderr = '';
  private readonly tmpFile: string;
  private spawnError: Error | null = null;

  constructor(readonly info: VideoInfo, readonly output: string, opts: EncodeOptions = {}) {
    assertNotSameFile(info.file, output);
    const container = containerFor(output);
    const dir = path.dirname(path.resolve(output));
    fs.mkdirSync(dir, { recursive: true });
    this.tmpFile = path.join(dir, `.${path.basename(output)}.${process.pid}.${Date.now()}.tmp`);
    this.proc = spawn('ffmpeg', encoderArgs(info, this.tmpFile, container, opts), { stdio: ['pipe', 'ignore', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
    this.proc.stderr.on('data', (d) => { this.stderr += d; if (this.stderr.length > 1 << 16) this.stderr = this.stderr.slice(-(1 << 15)); });
    this.proc.on('error', (e) => { this.spawnError = e; });
    this.proc.stdin.on('error', () => { /* EPIPE when ffmpeg dies; the exit code reports why */ });
    this.exited = new Promise((resolve) => this.proc.on('close', (code) => resolve(code)));
  }

  /** Writes one frame; resolves once the pipe can take more (waits on 'drain'). */
  async write(frame: Uint8Array): Promise<void> {
    if (this.proc.exitCode !== null || this.spawnError) throw this.failure();
    if (!this.proc.stdin.write(frame)) {
      await new Promise<void>((resolve) => {
        const done = () => { this.proc.stdin.off('drain', done); this.proc.off('close', done); resolve(); };
        this.proc.stdin.on('drain', done);
        this.proc.on('close', done);
      });
      if (this.proc.exitCode !== null && this.proc.exitCode !== 0) throw this.failure();
    }
  }

  /** Closes the pipe, waits for ffmpeg, then renames the temp file onto the output. */
  async finish(): Promise<void> {
    await this.close();
    this.commit();
  }

  /** Closes the pipe and waits for ffmpeg; the encoded video stays in the temp file until commit(). */
  async close(): Promise<void> {
    this.proc.stdin.end();
    const code = await this.exited;
    const writeError = outputWriteError(this.stderr);
    if (code !== 0 || this.spawnError || writeError) {
      fs.rmSync(this.tmpFile, { force: true });
      throw this.failure(writeError);
    }
  }

  /** Renames the closed temp file onto the output. */
  commit(): void {
    fs.renameSync(this.tmpFile, this.output);
  }

  /** Stops ffmpeg and removes the temp file; the output is left untouched. */
  async abort(): Promise<void> {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    await this.exited;
    fs.rmSync(this.tmpFile, { force: true });
  }

  private failure(line0?: string | null): Error {
    const line = line0 || (this.spawnError?.message ?? (this.stderr.trim().split('\n').pop() || `ffmpeg exited with code ${this.proc.exitCode}`));
    return new Error(`${this.output}: encoding failed (${line})`);
  }
}
