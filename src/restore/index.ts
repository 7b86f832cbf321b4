// tessera/restore: take mosaics off images and videos — the Restorer, the bicubic baseline, restoreImage
// beside censorImage, restoreVideo (tracked regions, temporal blend), files and folders, grid measurement
// for given regions (from detect/), the safety policy, metrics; the evaluation over a folder (`tessera eval restore`) and
// the demo.
export { Restorer, restoreBicubic, shippedRestorerFile, planCrop, finishCrop, targetCrops, type RestoreTarget, type CropRestorer, type CropPlan, type NetworkTile } from './restorer.js';
export { OnnxRestorer, exportRestorer } from './onnx.js';
export { loadRestorerFor, RESTORE_RUNTIMES, timePasses, type RestoreRuntime, type RuntimeChoice } from './runtime.js';
export { restoreImage, planRestore, restorePlanned, plannedTargets, bicubicRestorer, type RegionRestorer, type RestoreImageOptions, type RestoreImageResult, type RestoredRegion } from './restore-image.js';
export { restorePaths, planFiles, NothingRestored, describeLeft, type RestoreFileOptions, type RestoredFile } from './restore-files.js';
export { restoreVideo, DEFAULT_DETECT_EVERY, type RestoreVideoOptions, type RestoreVideoResult, type RestoredTrack, type GivenRegions } from './video.js';
export { restoreVideoFile, type VideoFileOptions } from './video-file.js';
export { TemporalBlender, DEFAULT_TEMPORAL_WEIGHT, type TemporalOptions } from './temporal.js';
// the cell grid of a named region is measured by the detector's measurer (one for both)
export { measureCellGrid, NoGridError, type MeasureGridOptions } from '../detect/index.js';
export { planRegions, NoMosaicError, type PlannedRegion, type RegionPlan, type PlanOptions } from './targets.js';
export { RestoreRefusal, FACE_REASON, OUTPUT_CHECK_CONTEXT, OUTPUT_RISE, outputCheckWindow, defaultSafetyChecker, defaultFaceFinder, type FaceFinder } from './safety.js';
export type { CellGrid } from '../image/cells.js';
export type { SafetyChecker, SafetyVerdict } from '../safety/checker.js';
export * from './metrics.js';
export { evaluateRestorer, mosaicCase, CANDIDATES, type Candidate, type RestoreEvalCase, type RestoreEvalOptions } from './evaluate.js';
export { evaluateRestorerOnFolder, type FolderEvalOptions, type FolderEvalResult } from './eval-folder.js';
export { evaluationTable, formatEvaluationTable, type EvalTableRow } from './eval-table.js';
export { runDemo, DEMO_PHOTOS, type DemoOptions, type DemoResult, type DemoCase, type DemoPhoto } from './demo.js';
