// One entry point for finding mosaics: the learned network (default) or the analytic lattice detector.
// The CLI, the evaluation and library users all go through it.
import type { Raster } from '../image/raster.js';
import { detectMosaic, type DetectOptions, type DetectResult } from './analytic.js';
import { detectMosaicLearned, type LearnedDetectOptions } from './learned.js';
import type { OptionSchema } from '../util/option-schema.js';

export type DetectMethod = 'learned' | 'analytic';
export const DETECT_METHODS: readonly DetectMethod[] = ['learned', 'analytic'];
const DEFAULT_METHOD: DetectMethod = 'learned';

/** The method as `tessera detect` and `tessera restore` render it (--method) and the server reads it. */
export const DETECT_CALL_OPTIONS: OptionSchema = [
  { key: 'method', flag: '--method <m>', type: 'choice', choices: DETECT_METHODS, default: DEFAULT_METHOD, help: 'how mosaics are found: learned (the detector network) | analytic (grid lines only, no model)' },
];

/** Codecs whose block lattice detection discounts (JPEG 8 px, H.264 4 px). */
export const DETECT_CODECS = ['jpeg', 'h264'] as const;
export type DetectCodec = (typeof DETECT_CODECS)[number];

/** The codec as `tessera detect` and `tessera restore` render it (--codec); the server takes the default. */
export const DETECT_CODEC_OPTIONS: OptionSchema = [
  { key: 'codec', flag: '--codec <c>', type: 'choice', choices: DETECT_CODECS, default: 'jpeg', help: 'what the image went through: jpeg (also for PNG/WebP) | h264 (a frame grabbed from a video); its block lattice is discounted' },
];

export interface FindMosaicOptions extends LearnedDetectOptions {
  method?: DetectMethod;
  /** The codec the image went through: its block lattice is discounted (JPEG 8 px, H.264 4 px). */
  codec?: DetectCodec;
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
