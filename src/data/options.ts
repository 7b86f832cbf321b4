// The options of a GAN dataset and its loader, declared once; sizes and the batch default per model
// (train/defaults.ts).
import type { OptionSchema } from '../util/option-schema.js';
import { DIRECTIONS } from './datasets.js';
import { PREPROCESS_MODES } from './transform.js';

export const DATA_OPTIONS: OptionSchema = [
  { key: 'loadSize', flag: '--load-size <n>', type: 'int', min: 1, paper: 286, help: 'scale images to this size' },
  { key: 'cropSize', flag: '--crop-size <n>', type: 'int', min: 1, paper: 256, help: 'then crop to this size' },
  { key: 'preprocess', flag: '--preprocess <mode>', type: 'choice', choices: PREPROCESS_MODES, help: PREPROCESS_MODES.join(' | ') },
  { key: 'flip', flag: '--no-flip', type: 'flag', default: true, help: 'no random horizontal flips (default: flip)' },
  { key: 'direction', flag: '--direction <dir>', type: 'choice', choices: DIRECTIONS, default: 'AtoB', help: DIRECTIONS.join(' | ') },
  { key: 'maxDatasetSize', flag: '--max-dataset-size <n>', type: 'int', min: 1, help: 'use at most this many images per folder (default: all)' },
  { key: 'serialBatches', flag: '--serial-batches', type: 'flag', help: 'take images in order instead of shuffling (and pair A[i] with B[i] for cyclegan)' },
  { key: 'workers', flag: '--workers <n>', type: 'int', min: 1, help: 'decoding threads (default: cores - 1, at most 4)' },
  { key: 'batchSize', flag: '--batch-size <n>', type: 'int', min: 1, paper: 1, help: 'images per step' },
];
