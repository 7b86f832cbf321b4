// tessera/restore: take mosaics off images and videos — the Restorer, the bicubic baseline, restoreImage
// beside censorImage, restoreVideo (tracked regions, temporal blend), files and folders, grid measurement
// for given regions, the safety policy, metrics.
export { Restorer, restoreBicubic, shippedRestorerFile, type RestoreTarget } from './restorer.js';
export { restoreImage, bicubicRestorer, type RegionRestorer, type RestoreImageOptions, type RestoreImageResult, type RestoredRegion } from './restore-image.js';
export { restorePaths, planFiles, type RestoreFileOptions, type RestoredFile } from './restore-files.js';
export { restoreVideo, DEFAULT_DETECT_EVERY, type RestoreVideoOptions, type RestoreVideoResult, type RestoredTrack, type GivenRegions } from './video.js';
export { restoreVideoFile, type VideoFileOptions } from './video-file.js';
export { TemporalBlender, DEFAULT_TEMPORAL_WEIGHT, type TemporalOptions } from './temporal.js';
export { measureCellGrid, NoGridError, type MeasureGridOptions } from './grid.js';
export { planRegions, NoMosaicError, type PlannedRegion, type RegionPlan, type PlanOptions } from './targets.js';
export { RestoreRefusal, FACE_REASON, OUTPUT_CHECK_CONTEXT, defaultSafetyChecker, defaultFaceFinder, type FaceFinder } from './safety.js';
export type { CellGrid } from '../image/cells.js';
export type { SafetyChecker, SafetyVerdict } from '../safety/checker.js';
export * from './metrics.js';
