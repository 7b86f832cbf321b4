// tessera/censor: put mosaics on images, videos and folders of them (regions from the finder registry),
// and make paired training data for restoring them.
export { registerFinder, parseRegion, findRegions, knownFinders, type RegionFinder, type RegionResult, type FinderFactory } from '../inputs/regions.js';
export { censorImage, censorFrame, censorWithMask, type CensorOptions, type CensorResult, type CensoredRegion } from './censor.js';
export { censorVideo, DEFAULT_DETECT_EVERY, type CensorVideoOptions, type CensorVideoResult, type FrameBoxFinder, type VideoTrack } from './video.js';
export { censorPath, type CensorFileOptions, type CensoredFile } from './files.js';
export { makePairs, type PairsOptions, type PairRecord } from './pairs.js';
