// The BlazeFace face finder on the engine (models/blazeface.ts, weights in assets/): the same input
// (letterboxed square, bilinear to 256², [−1, 1]) and the decoding of blazeface.ts, threshold and NMS as
// the TF.js runner it replaced, whose recorded outputs it matches (test/finders/engine-parity.test.ts).
import { tensor } from '../engine/index.js';
import type { BlazeFace } from '../models/blazeface.js';
import { BLAZEFACE_ANCHOR_COUNT, BLAZEFACE_OUTPUTS, BLAZEFACE_SIZE } from '../models/blazeface.js';
import { loadBlazeFace } from '../models/finder-weights.js';
import { rgbPixels, type Raster } from '../image/raster.js';
import { decodeBlazeface, letterboxInput, toImagePixels, type FaceBox, type FaceDetectorOptions } from './blazeface.js';
import { nonMaxSuppression } from './nms.js';
import { inference, usesBf16, type FinderPrecision } from './engine-precision.js';

export interface EngineFaceDetectorOptions extends Omit<FaceDetectorOptions, 'modelFile'> {
  /** A BlazeFace safetensors file; default assets/blazeface.safetensors. */
  weightsFile?: string;
  /** Default 'auto': bf16 where the CPU has it (faces within 0.5 px of fp32's). */
  precision?: FinderPrecision;
}

/** The network's raw answer for one input: 896 score logits and 896 × 16 regressors. */
export interface BlazeFaceRaw { scores: Float32Array; regressors: Float32Array }

export class EngineFaceDetector {
  private constructor(readonly net: BlazeFace, private readonly bf16: boolean, private readonly opts: Required<Omit<EngineFaceDetectorOptions, 'weightsFile' | 'precision'>>) {}

  static load(opts: EngineFaceDetectorOptions = {}): EngineFaceDetector {
    const { net } = loadBlazeFace(opts.weightsFile);
    return new EngineFaceDetector(net, usesBf16(opts.precision ?? 'auto'), { minScore: opts.minScore ?? 0.6, iouThreshold: opts.iouThreshold ?? 0.3, maxFaces: opts.maxFaces ?? 100 });
  }

  /** Runs the network on a [256, 256, 3] NHWC input in [−1, 1] (what letterboxInput makes). */
  raw(input: Float32Array): BlazeFaceRaw {
    const out = inference(() => {
      // channels_last, as the NHWC input already is: about half the CPU time of a copy to NCHW (bf16: the same outputs)
      const x = tensor(input, [1, BLAZEFACE_SIZE, BLAZEFACE_SIZE, 3]).permute(0, 3, 1, 2).contiguous('channels_last');
      return this.net.forward(x).float().data() as Float32Array;
    }, this.bf16);
    const scores = new Float32Array(BLAZEFACE_ANCHOR_COUNT), regressors = new Float32Array(BLAZEFACE_ANCHOR_COUNT * 16);
    for (let i = 0; i < BLAZEFACE_ANCHOR_COUNT; i++) {
      scores[i] = out[i * BLAZEFACE_OUTPUTS]!;
      regressors.set(out.subarray(i * BLAZEFACE_OUTPUTS + 1, (i + 1) * BLAZEFACE_OUTPUTS), i * 16);
    }
    return { scores, regressors };
  }

  /** Faces in image pixels, best first. */
  detect(image: Raster): FaceBox[] {
    const side = Math.max(image.width, image.height);
    const { scores, regressors } = this.raw(letterboxInput(rgbPixels(image), side, BLAZEFACE_SIZE));
    const faces = nonMaxSuppression(decodeBlazeface(scores, regressors, this.opts.minScore), this.opts.iouThreshold, this.opts.maxFaces);
    return faces.map((f) => toImagePixels(f, side, image.width, image.height));
  }

  dispose(): void { this.net.dispose(); }
}
