// transformVideo: decode → per-frame function → encode, three stages joined by bounded queues so that
// memory stays at a few frames whatever the video length, and each stage runs while the others wait on
// their child process or pipe.
import { decodeFrames, passesYuv420, type RgbFrame, type VideoFrame } from './decoder.js';
import { VideoEncoder, type EncodeOptions } from './encoder.js';
import { probeVideo, type VideoInfo } from './probe.js';
import { BoundedQueue } from './queue.js';

/**
 * A frame whose bytes are settled later (say, by a check running on another thread): the pipeline goes
 * on with the next frames meanwhile, encodes in order, and fails if the promise rejects. At most
 * `queueSize` frames wait so.
 */
export class LaterFrame {
  constructor(readonly bytes: Promise<Uint8Array>) {
    bytes.catch(() => {}); // a rejection is taken when the encoder reaches this frame, not as unhandled
  }
}

/** Transforms one frame: return new bytes (in the frame's format), a LaterFrame, or nothing to keep the (possibly edited in place) frame. */
export type FrameFn<F extends VideoFrame = RgbFrame> = (frame: F, info: VideoInfo) => Promise<Uint8Array | LaterFrame | void> | Uint8Array | LaterFrame | void;

export interface TransformOptions extends Omit<EncodeOptions, 'inputPixelFormat'> {
  /** Frames buffered between stages (each way); default 4. */
  queueSize?: number;
  /** Called after each frame is encoded: the library draws nothing, a face (CLI bar, server job) shows it. */
  onFrame?: (done: number, total: number) => void;
  /** Called after the last frame is encoded, before the output is written: throwing leaves no output. */
  beforeCommit?: (frames: number) => void | Promise<void>;
  /** Aborting stops the pipeline after the frame in flight and leaves no output (a cancelled job). */
  signal?: AbortSignal;
  /** The input's probeVideo, when the caller has it already (saves a second ffprobe run: ~0.3 s of CPU). */
  info?: VideoInfo;
}

export interface TransformResult {
  info: VideoInfo;
  frames: number;
  seconds: number;
  fps: number;
}

/** The error of a stopped pipeline: the signal's own reason, or one naming the input. */
function cancelled(signal: AbortSignal, input: string): Error {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : new Error(`${input}: cancelled`);
}

/**
 * The frame function sees rgb24 frames; with `yuv: true`, frames of a source in plain yuv420p come in that
 * format instead (passesYuv420) and go back to the encoder in it: ffmpeg converts no colours, the pipes carry
 * half the bytes, and pixels the function leaves alone keep the decoder's bytes. Other sources still give rgb24.
 */
export function transformVideo(input: string, output: string, frameFn: FrameFn<RgbFrame>, opts?: TransformOptions & { yuv?: false }): Promise<TransformResult>;
export function transformVideo(input: string, output: string, frameFn: FrameFn<VideoFrame>, opts: TransformOptions & { yuv: boolean }): Promise<TransformResult>;
export async function transformVideo(input: string, output: string, frameFn: FrameFn<RgbFrame> | FrameFn<VideoFrame>,
  opts: TransformOptions & { yuv?: boolean } = {}): Promise<TransformResult> {
  // rgb24 frames unless the caller took VideoFrame (yuv), so either function is given what it accepts
  const fn = frameFn as FrameFn<VideoFrame>;
  if (opts.signal?.aborted) throw cancelled(opts.signal, input);
  const info = opts.info ?? await probeVideo(input);
  const format = opts.yuv && passesYuv420(info) ? 'yuv420p' : 'rgb24';
  const encoder = new VideoEncoder(info, output, { ...opts, inputPixelFormat: format });
  const decoded = new BoundedQueue<VideoFrame>(opts.queueSize ?? 4);
  const processed = new BoundedQueue<Uint8Array | LaterFrame>(opts.queueSize ?? 4);
  const abort = new AbortController();
  const start = performance.now();
  let frames = 0;

  const fail = (e: Error) => { decoded.fail(e); processed.fail(e); };
  // failing both queues makes every stage throw at its next put/take, so the usual clean-up runs
  const onAbort = () => fail(cancelled(opts.signal!, input));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const decodeStage = (async () => {
    try {
      for await (const frame of decodeFrames(info, abort.signal, format)) await decoded.put(frame);
      decoded.close();
    } catch (e) { fail(e as Error); throw e; }
  })();
  const processStage = (async () => {
    try {
      for (let f = await decoded.take(); f; f = await decoded.take()) {
        const out = await fn(f, info);
        await processed.put(out ?? f.data);
      }
      processed.close();
    } catch (e) { fail(e as Error); throw e; }
  })();
  const encodeStage = (async () => {
    try {
      for (let item = await processed.take(); item; item = await processed.take()) {
        await encoder.write(item instanceof LaterFrame ? await item.bytes : item);
        frames++;
        opts.onFrame?.(frames, info.frameCount);
      }
      await encoder.close();
    } catch (e) { fail(e as Error); throw e; }
  })();

  const results = await Promise.allSettled([decodeStage, processStage, encodeStage]);
  opts.signal?.removeEventListener('abort', onAbort);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) {
    abort.abort();
    await encoder.abort();
    throw rejected.reason;
  }
  try {
    if (opts.signal?.aborted) throw cancelled(opts.signal, input);
    await opts.beforeCommit?.(frames);
  } catch (e) {
    await encoder.abort();
    throw e;
  }
  encoder.commit();
  const seconds = (performance.now() - start) / 1000;
  return { info, frames, seconds, fps: frames / seconds };
}
