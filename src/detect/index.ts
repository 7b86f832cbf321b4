// tessera/detect: finding mosaics in images. One entry point, findMosaicRegions (the learned network by
// default, or the analytic lattice detector), and the evaluation protocol both are measured with.
export { findMosaicRegions, DETECT_CALL_OPTIONS, DETECT_CODEC_OPTIONS, DETECT_CODECS, DETECT_METHODS, type DetectCodec, type DetectMethod, type FindMosaicOptions } from './find.js';
export type { DetectResult, MosaicRegion } from './analytic.js';
export { measureCellGrid, measureRegionGrid, NoGridError, type MeasureGridOptions, type RegionGrid } from './region-grid.js';
export { evaluateDetector, listPhotos, loadPhoto, visibleSummary, type EvalOptions, type EvalReport, type EvalCase } from './evaluate.js';
export { looksLikeMosaic, SHIPPED_VERIFIER, VERIFY_FEATURES, type MosaicVerifier, type RegionFeatures } from './verify.js';
