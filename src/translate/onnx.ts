// The same translation with the network run by onnxruntime-node: the generator is exported in memory
// (export/, free N, H, W) and run in eval mode; padding, cropping and the safety check stay as in
// Translator, so only the runtime differs.
import ort from 'onnxruntime-node';
import { tensor, tidy } from '../engine/index.js';
import { exportNetwork } from '../export/export.js';
import type { Raster } from '../image/raster.js';
import { imagesToTensor, tensorToImage } from '../image/tensor.js';
import { loadGenerator, outputScale, requiredMultiple, type GeneratorSpec } from '../models/index.js';
import type { Module } from '../nn/index.js';
import { uncheckedSafety, type SafetyChecker } from '../safety/checker.js';
import { resolveModelFile } from '../models/model-path.js';
import { cropBack, padToMultiple } from './pad.js';
import { assertTranslates, checkInputs, type ImageTranslator, type TranslateOptions } from './translate.js';

export const RUNTIMES = ['libtorch', 'onnx'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Whether the reference mode (train-mode batch norm, dropout) would differ from eval mode for this net. */
export const hasTrainModeLayers = (spec: GeneratorSpec): boolean => spec.norm === 'batch' || spec.dropout;

export class OnnxTranslator implements ImageTranslator {
  readonly canBatch = true; // eval mode: no batch statistics to mix
  readonly multiple: number;

  private constructor(readonly session: ort.InferenceSession, readonly spec: GeneratorSpec, readonly safety: SafetyChecker) {
    this.multiple = requiredMultiple(spec);
  }

  /** Exports the generator to ONNX in memory and opens it in onnxruntime (`mode` must be 'eval', or equal to it). */
  static async fromNetwork(net: Module, spec: GeneratorSpec, o: TranslateOptions = {}, source = 'the model'): Promise<OnnxTranslator> {
    assertTranslates(spec, source);
    if ((o.mode ?? 'reference') === 'reference' && hasTrainModeLayers(spec))
      throw new Error(`${source}: the onnx runtime runs ${spec.netG} in eval mode (running batch-norm statistics, no dropout), which differs from the reference mode for this network; add --eval`);
    const m = requiredMultiple(spec), side = Math.ceil(256 / m) * m;
    const bytes = exportNetwork(net, { inputChannels: spec.inputNc, height: side, width: side, dynamic: true, name: spec.netG });
    const session = await ort.InferenceSession.create(bytes);
    return new OnnxTranslator(session, spec, o.safety ?? uncheckedSafety);
  }

  /** `model`: a generator file, a checkpoint folder or a run folder. */
  static async load(model: string, o: TranslateOptions = {}): Promise<OnnxTranslator> {
    const file = resolveModelFile(model, 'generator');
    const { net, spec } = loadGenerator(file);
    try {
      return await OnnxTranslator.fromNetwork(net, spec, o, file);
    } finally {
      net.dispose(); // the weights now live in the session
    }
  }

  /** Images of one size run as one batch; different sizes one after another. */
  async translate(images: Raster[], sources: string[] = images.map((_, i) => `image ${i}`)): Promise<Raster[]> {
    if (!images.length) return [];
    checkInputs(this, images, sources);
    const sameSize = images.every((m) => m.width === images[0]!.width && m.height === images[0]!.height);
    if (!sameSize) {
      const out: Raster[] = [];
      for (const [i, img] of images.entries()) out.push(...await this.translate([img], [sources[i]!]));
      return out;
    }
    const { input, shape, geometry } = tidy(() => {
      const { x, ...geometry } = padToMultiple(imagesToTensor(images), this.multiple);
      return { input: x.contiguous().data() as Float32Array, shape: x.shape, geometry };
    });
    const y = (await this.session.run({ input: new ort.Tensor('float32', input, shape) })).output!;
    return tidy(() => {
      const full = tensor(y.data as Float32Array, [...y.dims]);
      const out = cropBack(full, { x: full, ...geometry }, outputScale(this.spec)).contiguous(); // SRResNet: s× the input
      return images.map((_, i) => tensorToImage(out.select(0, i)));
    });
  }

  dispose(): void { void this.session.release(); }
}
