// Running a trained generator on images of any size: pad to the generator's side multiple, run without
// gradients, crop back. By default the network runs as the reference test script runs it (without
// --eval): batch norm uses the image's own statistics and dropout stays on, seeded for repeatability.
import { getRngState, manualSeed, noGrad, setRngState, tidy, type Tensor } from '../engine/index.js';
import type { Raster } from '../image/raster.js';
import { imagesToTensor, tensorToImage } from '../image/tensor.js';
import type { Module } from '../nn/index.js';
import { isNoiseGenerator, isRestorerGenerator, loadGenerator, outputScale, requiredMultiple, type GeneratorSpec, type LoadedModel } from '../models/index.js';
import { cropBack, padToMultiple } from './pad.js';
import { assertSafe, uncheckedSafety, type SafetyChecker } from '../safety/checker.js';
import { resolveModelFile } from '../models/model-path.js';

/** How the network runs (the CLI's --eval picks eval; the server's "mode" field names it). */
export const TRANSLATE_MODES = ['reference', 'eval'] as const;
export type TranslateMode = (typeof TRANSLATE_MODES)[number];

export interface TranslateOptions {
  /** 'reference' (default): train-mode norm and dropout, as the reference tests; 'eval': running stats, no dropout. */
  mode?: TranslateMode;
  /** Seeds dropout in 'reference' mode; the global RNG state is restored afterwards. */
  seed?: number;
  safety?: SafetyChecker;
}

/** What the file runner needs from a translator, whichever runtime runs the network. */
export interface ImageTranslator {
  readonly spec: GeneratorSpec;
  readonly safety: SafetyChecker;
  /** Whether images of one size may share a batch. */
  readonly canBatch: boolean;
  translate(images: Raster[], sources?: string[]): Raster[] | Promise<Raster[]>;
  dispose(): void;
}

/** Channel count and the safety check, for every image before any network sees it. */
export function checkInputs(t: { spec: GeneratorSpec; safety: SafetyChecker }, images: Raster[], sources: string[]): void {
  images.forEach((img, i) => {
    if (img.channels !== t.spec.inputNc) throw new Error(`${sources[i]}: has ${img.channels} channels, the model takes ${t.spec.inputNc}`);
    assertSafe(t.safety, img, sources[i]!);
  });
}

/** A CoGAN generator draws from noise: there is no image for it to translate. */
export function assertTranslates(spec: GeneratorSpec, source = 'the model'): void {
  if (isNoiseGenerator(spec))
    throw new Error(`${source}: ${spec.netG} is a CoGAN generator, which draws images from noise and translates none (its pairs are in the run's samples/)`);
  if (isRestorerGenerator(spec.netG))
    throw new Error(`${source}: ${spec.netG} is a mosaic restorer, which reads a mosaic with its cell grid, not an image alone: use tessera restore`);
}

export class Translator implements ImageTranslator {
  readonly mode: TranslateMode;
  readonly seed: number;
  readonly safety: SafetyChecker;
  readonly multiple: number;
  /** Output sides over input sides: 1, or the super-resolution factor of an SRResNet. */
  readonly scale: number;

  constructor(readonly net: Module, readonly spec: GeneratorSpec, o: TranslateOptions = {}) {
    assertTranslates(spec);
    this.mode = o.mode ?? 'reference';
    this.seed = o.seed ?? 0;
    this.safety = o.safety ?? uncheckedSafety;
    this.multiple = requiredMultiple(spec);
    this.scale = outputScale(spec);
    net.train(this.mode === 'reference');
  }

  /** `model`: a generator file, a checkpoint folder or a run folder (resolveModelFile). */
  static load(model: string, o: TranslateOptions = {}): Translator {
    const file = resolveModelFile(model, 'generator');
    const { net, spec } = loadGenerator(file);
    try {
      assertTranslates(spec, file);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return new Translator(net, spec, o);
  }

  /** Batch statistics would mix images, so batch-norm nets in reference mode take one image at a time. */
  get canBatch(): boolean { return !(this.mode === 'reference' && this.spec.norm === 'batch'); }

  /** Translates [N, C, H, W] in [-1, 1] of any H, W (the output is `scale` times larger). */
  translateTensor(x: Tensor): Tensor {
    if (x.shape[1] !== this.spec.inputNc) throw new Error(`the model takes ${this.spec.inputNc} channels, the input has ${x.shape[1]}`);
    const rng = getRngState();
    try {
      manualSeed(this.seed);
      return noGrad(() => tidy(() => {
        const p = padToMultiple(x, this.multiple);
        return cropBack(this.net.forward(p.x), p, this.scale).contiguous();
      }));
    } finally {
      setRngState(rng);
      rng.dispose();
    }
  }

  /** Translates images of one size together (`canBatch`), else one by one; `sources` name them in errors. */
  translate(images: Raster[], sources: string[] = images.map((_, i) => `image ${i}`)): Raster[] {
    if (!images.length) return [];
    checkInputs(this, images, sources);
    const sameSize = images.every((m) => m.width === images[0]!.width && m.height === images[0]!.height);
    if (images.length > 1 && !(sameSize && this.canBatch)) return images.flatMap((img, i) => this.translate([img], [sources[i]!]));
    return tidy(() => {
      const y = this.translateTensor(imagesToTensor(images));
      return images.map((_, i) => tensorToImage(y.select(0, i)));
    });
  }

  dispose(): void { this.net.dispose(); }
}

/** Translates one image with a loaded generator (or a Translator). */
export function translateImage(model: Translator | LoadedModel<GeneratorSpec>, image: Raster, o: TranslateOptions = {}): Raster {
  const t = model instanceof Translator ? model : new Translator(model.net, model.spec, o);
  return t.translate([image])[0]!;
}
