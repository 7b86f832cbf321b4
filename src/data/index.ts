// Datasets, preprocessing and the prefetching loader.
export * from './transform.js';
export * from './folders.js';
// listMedia moved to inputs/ (censor, restore and translate share it); still here for tessera/data's users
export { listMedia } from '../inputs/media-files.js';
export * from './datasets.js';
export * from './decoder.js';
export * from './loader.js';
export * from './restore-pairs.js';
export * from './options.js';
