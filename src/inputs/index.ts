// tessera/inputs: what a command is pointed at, shared by censor, restore and translate: the regions of an
// image named on the command line (box:, mask:, and the finders other rooms register), the images and videos
// of a folder, and the rule that an output never lands on its input.
export { DEFAULT_DETECT_EVERY, registerFinder, parseRegion, findRegions, knownFinders, parseBoxes, readMaskFile, type RegionFinder, type RegionResult, type FinderFactory } from './regions.js';
export { listMedia, isMediaFile, checkNotOverwriting } from './media-files.js';
