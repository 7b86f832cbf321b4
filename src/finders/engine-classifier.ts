// nsfwjs' MobileNetV2 classifier on the engine (models/mobilenet-v2.ts, weights in assets/), with the
// class activation maps of cam.ts, as the TF.js runner it replaced made them: the same input
// (aligned-corner bilinear to 224², [0, 1]), the same CAM (Σ_k w_kc F_k on the 7×7 grid, bilinearly
// upsampled with half-pixel centres), its positive part scaled by its peak, and masks and boxes only when the
// image is given the class (cam.ts). Used to refuse or
// hide explicit content, never to make any.
import { F, tensor } from '../engine/index.js';
import type { MobileNetV2 } from '../models/mobilenet-v2.js';
import { MOBILENET_V2_SIZE } from '../models/mobilenet-v2.js';
import { loadNsfwClassifier } from '../models/finder-weights.js';
import { rgbPixels, type Raster } from '../image/raster.js';
import type { ScoredBox } from '../util/box.js';
import { CAM_CLASSES, CAM_MIN_PROBABILITY, camClass, normaliseByPeak, type CamClass, type CamRegionOptions } from './cam.js';
import { componentBoxes, dilateMask, thresholdMap } from './mask-ops.js';
import { resizeAlignCorners } from './resample.js';
import { inference, usesBf16, type FinderPrecision } from './engine-precision.js';

export interface EngineClassifierOptions {
  /** A classifier safetensors file; default assets/nsfw-mobilenet-v2.safetensors. */
  weightsFile?: string;
  /** Default 'fp32': bf16 moves the probabilities by up to 0.064, too much for a safety check. */
  precision?: FinderPrecision;
}

/** One pass: class probabilities and every class's raw activation map on the feature grid. */
export interface ClassifierPass {
  probabilities: Float32Array;
  /** [classes, gridH, gridW], row-major. */
  maps: Float32Array;
  gridH: number;
  gridW: number;
}

/**
 * A gridH × gridW map bilinearly resized to height × width with half-pixel centres, edges clamped: what
 * TF.js's resizeBilinear(…, alignCorners false, halfPixelCenters true) gives, and ATen's align_corners=False.
 */
export function upsampleMap(grid: Float32Array, gridH: number, gridW: number, height: number, width: number): Float32Array {
  return inference(() => Float32Array.from(F.interpolate(tensor(grid, [1, 1, gridH, gridW]),
    { size: [height, width], mode: 'bilinear', alignCorners: false }).data() as Float32Array), false);
}

export class EngineClassifier {
  private constructor(readonly net: MobileNetV2, private readonly bf16: boolean) {}

  static load(opts: EngineClassifierOptions = {}): EngineClassifier {
    return new EngineClassifier(loadNsfwClassifier(opts.weightsFile).net, usesBf16(opts.precision ?? 'fp32'));
  }

  private input(image: Raster) {
    const x = resizeAlignCorners(rgbPixels(image), MOBILENET_V2_SIZE, MOBILENET_V2_SIZE, 1 / 255);
    // NHWC data seen as NCHW is already channels_last: oneDNN's convolutions run on it as it is, ~27% less
    // CPU time than on a copy to NCHW (outputs within 2e-7)
    return tensor(x, [1, MOBILENET_V2_SIZE, MOBILENET_V2_SIZE, 3]).permute(0, 3, 1, 2).contiguous('channels_last');
  }

  /** Probabilities and the class maps of one image. */
  run(image: Raster): ClassifierPass {
    return inference(() => {
      const features = this.net.features(this.input(image)).float();
      const probabilities = this.net.logitsFrom(features).softmax(1).float().data() as Float32Array;
      const w = this.net.classifier.weight;
      const maps = F.conv2d(features, w.reshape(w.shape[0]!, w.shape[1]!, 1, 1));
      const [, , gridH, gridW] = maps.shape as [number, number, number, number];
      return { probabilities: Float32Array.from(probabilities), maps: Float32Array.from(maps.data() as Float32Array), gridH, gridW };
    }, this.bf16);
  }

  probabilitiesSync(image: Raster): Float32Array {
    return inference(() => Float32Array.from(this.net.forward(this.input(image)).float().data() as Float32Array), this.bf16);
  }

  classify(image: Raster): Record<CamClass, number> {
    const p = this.probabilitiesSync(image);
    return Object.fromEntries(CAM_CLASSES.map((c, i) => [c, p[i]!])) as Record<CamClass, number>;
  }

  /** The CAM of `cls` at image resolution, its positive part divided by its peak (all zeros when nothing is positive). */
  cam(image: Raster, cls: string): { map: Float32Array; width: number; height: number; probabilities: Float32Array } {
    const pass = this.run(image);
    const k = CAM_CLASSES.indexOf(camClass(cls)), n = pass.gridH * pass.gridW;
    const grid = pass.maps.subarray(k * n, (k + 1) * n);
    return { map: normaliseByPeak(upsampleMap(grid, pass.gridH, pass.gridW, image.height, image.width)), width: image.width, height: image.height, probabilities: pass.probabilities };
  }

  /**
   * Mask and boxes where the CAM of `cls` is at least `threshold` of its peak, when the image is given the class
   * at least `minProbability`; otherwise an empty mask and no boxes. `probability` is the image's.
   */
  findRegions(image: Raster, cls: string, opts: CamRegionOptions = {}): { mask: Uint8Array; boxes: ScoredBox[]; map: Float32Array; probability: number } {
    const { map, width, height, probabilities } = this.cam(image, cls);
    const probability = probabilities[CAM_CLASSES.indexOf(camClass(cls))]!;
    if (!(probability >= (opts.minProbability ?? CAM_MIN_PROBABILITY))) return { mask: new Uint8Array(width * height), boxes: [], map, probability };
    const mask = dilateMask(thresholdMap(map, opts.threshold ?? 0.5), width, height, Math.round(opts.dilate ?? 0));
    return { mask, boxes: componentBoxes(mask, width, height, map, opts.minArea ?? 1), map, probability };
  }

  dispose(): void { this.net.dispose(); }
}
