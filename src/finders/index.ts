// tessera/finders: learned region finders on TF.js (faces, CAM, the classifier), their mask ops and NMS.
export { FaceDetector, decodeBlazeface, blazefaceAnchors, type FaceBox, type FaceDetectorOptions } from './blazeface.js';
export { CamClassifier, CAM_CLASSES, camClass, rawCam, normaliseMinMax, findCamHead, type CamForward, type CamRegionOptions } from './cam.js';
export { createFaceFinder, createCamFinder, classify, loadClassifier, type LearnedFinder, type LearnedRegions, type FaceFinderOptions } from './finders.js';
export { thresholdMap, dilateMask, componentBoxes } from './mask-ops.js';
export { nonMaxSuppression } from './nms.js';

