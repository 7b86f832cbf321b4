// tessera/mosaic: put mosaics on images (and video frames), find them again, make training pairs.
export { pixelate, autoBlockSize, MOSAIC_STYLES, type MosaicStyle, type PixelateOptions, type PixelateResult } from './pixelate.js';
export { boxesToMask, maskArea, maskComponents, maskIoU, type Box, type Mask } from './mask.js';
export { registerFinder, parseRegion, findRegions, knownFinders, type RegionFinder, type RegionResult, type FinderFactory } from './regions.js';
export { censorImage, censorFrame, censorWithMask, type CensorOptions, type CensorResult, type CensoredRegion } from './censor.js';
export { censorPath, type CensorFileOptions, type CensoredFile } from './censor-files.js';
export { detectMosaic, type DetectOptions, type DetectResult, type MosaicRegion } from './detect.js';
export { findMosaicRegions, DETECT_METHODS, type DetectMethod, type FindMosaicOptions } from './find.js';
export { detectMosaicLearned, mosaicProbability, type LearnedDetectOptions } from './net/detect.js';
export { MosaicNet, type MosaicNetSpec } from './net/net.js';
export { trainMosaicNet, type MosaicTrainOptions } from './net/train.js';
export { makePairs, type PairsOptions, type PairRecord } from './pairs.js';
export { readRaster, writeRaster, encodeRaster, type Raster } from '../image/raster.js';
