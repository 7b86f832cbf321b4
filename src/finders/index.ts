// tessera/finders: learned region finders on the engine (faces, CAM, the classifier), their mask ops and NMS.
export { decodeBlazeface, blazefaceAnchors, letterboxInput, type FaceBox, type FaceDetectorOptions } from './blazeface.js';
export { CAM_CLASSES, camClass, normaliseByPeak, CAM_MIN_PROBABILITY, type CamClass, type CamRegionOptions } from './cam.js';
export { EngineFaceDetector, type EngineFaceDetectorOptions } from './engine-faces.js';
export { EngineClassifier, upsampleMap, type EngineClassifierOptions, type ClassifierPass } from './engine-classifier.js';
export { createFaceFinder, createCamFinder, classify, loadClassifier, type LearnedFinder, type LearnedRegions, type FaceFinderOptions } from './finders.js';
export { thresholdMap, dilateMask, componentBoxes } from './mask-ops.js';
export { nonMaxSuppression } from './nms.js';
