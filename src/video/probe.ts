// Reads what the pipeline needs to know about a video from ffprobe: display size, exact frame rate,
// frame count, audio presence and rotation.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { isoTruncation } from './iso-boxes.js';

export interface Rational { num: number; den: number }

export interface VideoInfo {
  file: string;
  /** Size of the frames ffmpeg hands us: the display size, i.e. after applying rotation. */
  width: number;
  height: number;
  /** Size as stored in the stream, before rotation. */
  codedWidth: number;
  codedHeight: number;
  fps: Rational;
  frameCount: number;
  durationSeconds: number;
  hasAudio: boolean;
  audioCodec: string | null;
  videoCodec: string;
  /** Clockwise rotation in degrees (0, 90, 180, 270) that players apply. */
  rotation: number;
  /** The stream's pixel format and colour tags as ffprobe names them (e.g. yuv420p; bt709; tv), when known. */
  pixFmt?: string | null;
  colorSpace?: string | null;
  colorPrimaries?: string | null;
  colorTransfer?: string | null;
  colorRange?: string | null;
}

/** Runs a command and resolves with stdout; rejects with the first line of stderr. */
export function runTool(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const line = String(stderr).trim().split('\n').filter(Boolean).pop() ?? err.message;
        reject(new Error(line));
      } else resolve(String(stdout));
    });
  });
}

export function parseRational(s: string | undefined): Rational | null {
  if (!s) return null;
  const [a, b] = s.split('/');
  const num = Number(a), den = b === undefined ? 1 : Number(b);
  if (!Number.isFinite(num) || !Number.isFinite(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}

function rotationOf(stream: Record<string, any>): number {
  let deg = 0;
  if (stream.tags?.rotate !== undefined) deg = Number(stream.tags.rotate);
  for (const sd of stream.side_data_list ?? []) if (sd.rotation !== undefined) deg = -Number(sd.rotation);
  return (((Math.round(deg / 90) * 90) % 360) + 360) % 360;
}

export async function probeVideo(file: string): Promise<VideoInfo> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  if (fs.statSync(file).isFile() && fs.statSync(file).size === 0) throw new Error(`${file}: not a readable video (the file is empty, 0 bytes)`);
  let json: Record<string, any>;
  try {
    json = JSON.parse(await runTool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]));
  } catch (e) {
    const cut = isoTruncation(file);
    if (cut) throw new Error(`${file}: truncated or damaged: ${cut}`);
    const why = (e as Error).message.replace(`${file}: `, '');
    throw new Error(`${file}: not a readable video (${why})`);
  }
  const streams: Record<string, any>[] = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw new Error(`${file}: has no video stream`);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const fps = parseRational(video.avg_frame_rate) ?? parseRational(video.r_frame_rate);
  if (!fps) throw new Error(`${file}: video stream has no frame rate`);
  const rotation = rotationOf(video);
  const codedWidth = Number(video.width), codedHeight = Number(video.height);
  const swap = rotation === 90 || rotation === 270;
  const durationSeconds = Number(video.duration ?? json.format?.duration ?? 0);
  let frameCount = Number(video.nb_frames ?? 0);
  if (!(frameCount > 0)) {
    // MKV/WebM headers carry no frame count: count packets (demux only, no decoding).
    const out = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets',
      '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file]);
    frameCount = Number(out.trim().split(/[\s,]/)[0]);
  }
  return {
    file, codedWidth, codedHeight,
    width: swap ? codedHeight : codedWidth,
    height: swap ? codedWidth : codedHeight,
    fps, frameCount, durationSeconds, rotation,
    hasAudio: Boolean(audio), audioCodec: audio?.codec_name ?? null, videoCodec: String(video.codec_name),
    pixFmt: video.pix_fmt ?? null, colorSpace: video.color_space ?? null, colorPrimaries: video.color_primaries ?? null,
    colorTransfer: video.color_transfer ?? null, colorRange: video.color_range ?? null,
  };
}
