export { probeVideo, parseRational, type VideoInfo, type Rational } from './probe.js';
export { decodeFrames, type RgbFrame } from './decoder.js';
export { VideoEncoder, containerFor, encoderArgs, generatedVideoInfo, type EncodeOptions } from './encoder.js';
export { transformVideo, type FrameFn, type TransformOptions, type TransformResult } from './transform.js';
export { censorVideo, growBox, type CensorVideoOptions, type CensorVideoResult, type FrameBoxFinder, type RgbImage } from './censor.js';
export { BoxTracker, iou, type TrackBox, type TrackOptions } from './track.js';
export { BoundedQueue } from './queue.js';
export { ProgressBar } from './progress.js';
