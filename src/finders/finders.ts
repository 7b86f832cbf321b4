// Region finders backed by learned models on the engine: `faces` (BlazeFace, bf16 where the CPU has it)
// and `cam:CLASS` (class activation map of the bundled MobileNetV2 classifier, fp32). Each loads its
// model once, on first use.
import { camClass, type CamRegionOptions } from './cam.js';
import { EngineClassifier } from './engine-classifier.js';
import { EngineFaceDetector, type EngineFaceDetectorOptions } from './engine-faces.js';
import type { Raster } from '../image/raster.js';
import { growBox, type ScoredBox } from '../util/box.js';

export interface LearnedRegions { boxes: ScoredBox[]; mask?: Uint8Array }

export interface LearnedFinder {
  readonly name: string;
  find(image: Raster): Promise<ScoredBox[]>;
  findRegions(image: Raster): Promise<LearnedRegions>;
}

export interface FaceFinderOptions extends EngineFaceDetectorOptions {
  /** BlazeFace boxes span eyes to mouth; grow them by this fraction per side to cover the head. Default 0.25. */
  grow?: number;
}

export function createFaceFinder(opts: FaceFinderOptions = {}): LearnedFinder {
  let detector: EngineFaceDetector | null = null;
  const find = async (image: Raster) => {
    detector ??= EngineFaceDetector.load(opts);
    const faces = detector.detect(image);
    return faces.map(({ keypoints: _, ...f }) => growBox(f, opts.grow ?? 0.25, image));
  };
  return { name: 'faces', find, findRegions: async (image) => ({ boxes: await find(image) }) };
}

let sharedClassifier: Promise<EngineClassifier> | null = null;
/** One classifier per process (fp32: a safety check): the CAM finder and the safety check share its weights. */
export function loadClassifier(): Promise<EngineClassifier> {
  sharedClassifier ??= Promise.resolve().then(() => EngineClassifier.load({ precision: 'fp32' }));
  return sharedClassifier;
}

export function createCamFinder(cls: string, opts: CamRegionOptions = {}): LearnedFinder {
  const c = camClass(cls);
  const findRegions = async (image: Raster) => {
    const r = await (await loadClassifier()).findRegions(image, c, opts);
    return { boxes: r.boxes, mask: r.mask };
  };
  return { name: `cam:${c}`, find: async (image) => (await findRegions(image)).boxes, findRegions };
}

/** Class probabilities of the bundled classifier (Drawing, Hentai, Neutral, Porn, Sexy). */
export async function classify(image: Raster): Promise<Record<string, number>> {
  return (await loadClassifier()).classify(image);
}
