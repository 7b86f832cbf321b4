// One entry point for finding mosaics: the learned network (default) or the analytic lattice detector.
// The CLI, the evaluation and library users all go through it.
import type { Raster } from '../image/raster.js';
import { detectMosaic, type DetectOptions, type DetectResult } from './analytic.js';
import { detectMosaicLearned, type LearnedDetectOptions } from './learned.js';

export type DetectMethod = 'learned' | 'analytic';
export const DETECT_METHODS: readonly DetectMethod[] = ['learned', 'analytic'];
const DEFAULT_METHOD: DetectMethod = 'learned';

export interface FindMosaicOptions extends LearnedDetectOptions {
  method?: DetectMethod;
  /** The codec the image went through: its block lattice is discounted (JPEG 8 px, H.264 4 px). */
  codec?: 'jpeg' | 'h264';
  /** Analytic detector only: its own options. */
  analytic?: Omit<DetectOptions, 'codecGrid'>;
}

export function findMosaicRegions(image: Raster, o: FindMosaicOptions = {}): DetectResult {
  const method = o.method ?? DEFAULT_METHOD;
  if (!DETECT_METHODS.includes(method)) throw new Error(`unknown detection method "${method}" (use ${DETECT_METHODS.join(', ')})`);
  const codecGrid = o.codec === 'h264' ? 4 : 8;
  // x264 leaves faint lattices at periods 4 and below: video mosaics start at 6 px for the analytic search.
  if (method === 'analytic') return detectMosaic(image, { ...(o.codec === 'h264' ? { minBlock: 6 } : {}), ...o.analytic, codecGrid });
  return detectMosaicLearned(image, { ...o, codecGrid });
}
