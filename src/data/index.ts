// Datasets, preprocessing and the prefetching loader.
export * from './transform.js';
export * from './folders.js';
export * from './datasets.js';
export * from './decoder.js';
export * from './loader.js';
export * from './restore-pairs.js';
export * from './options.js';
