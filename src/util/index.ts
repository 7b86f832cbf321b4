// tessera/util: small shared pieces with no dependencies: seeded RNGs, boxes, box tracking, failures of many-file runs.
export * from './rng.js';
export * from './box.js';
export * from './box-tracker.js';
export * from './failures.js';
