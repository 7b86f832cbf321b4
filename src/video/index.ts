// tessera/video: ffmpeg frame pipeline (probe, rgb24 or yuv420p decode/encode pipes, bounded queues, transformVideo) and
// the H.264 round trip. It takes a frame function and knows nothing of mosaics.
export { probeVideo, parseRational, type VideoInfo, type Rational } from './probe.js';
export { decodeFrames, passesYuv420, type RgbFrame, type Yuv420Frame, type VideoFrame, type FramePixelFormat } from './decoder.js';
export { VideoEncoder, containerFor, encoderArgs, generatedVideoInfo, isVideoFile, VIDEO_EXTENSIONS, type EncodeOptions } from './encoder.js';
export { LaterFrame, transformVideo, type FrameFn, type TransformOptions, type TransformResult } from './transform.js';
export { BoundedQueue } from './queue.js';
export { h264RoundTrip } from './h264-roundtrip.js';
export { ffmpegVersion } from './ffmpeg-version.js';
