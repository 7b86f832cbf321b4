// CoGAN's networks (Liu & Tuzel 2016, "Coupled Generative Adversarial Networks", §3 and the face
// networks of its supplementary material). Two GANs, one per domain, that share weights: the generators
// share their first layers (they decode the high-level semantics of the noise z), the discriminators
// their last layers (they judge high-level features), so one z gives a corresponding pair of images.
// Generator: z (100 numbers in [−1, 1]) → 4×4 transposed convolution to 4×4, then 4×4 stride-2 transposed
// convolutions halving the channels up to the image side, each with batch norm and PReLU, and a 3×3
// transposed convolution to the image with tanh; the last upsampling stage and the image layer are the
// domain's own. Discriminator: stride-2 convolutions (5×5 for the first three, then 3×3) doubling the
// channels down to 2×2, batch norm and PReLU after each, then FC(64·ndf) + PReLU and FC(1) (the sigmoid is
// in the loss; no batch norm on the 1×1 features, so a batch of one image trains too); the first two
// convolutions are the domain's own. At side 128 with ngf = ndf = 32
// these are the paper's face networks (1024 → 32 channels; D 32 → 1024, FC 2048).
//
// Checked 2026-12-01 against the authors' Caffe face network (github.com/mingyuliutw/CoGAN,
// cogan/models/celeba/celeba.train.ptt and celeba.solver.ptt: one face GAN at the coupled networks' sizes)
// and the paper (§3: z ~ U(−1, 1)¹⁰⁰, first generator layers and last discriminator layers shared; the
// stored copy held its main text, not the supplementary tables). Equal: G = FC 100 → 1024·4·4 (here a 4×4
// transposed conv on the 1×1 noise: the same map), 4×4 s2 deconvs to 512, 256, 128, 64, 32 channels, a 3×3
// deconv to the image, tanh, BN + PReLU after each hidden layer; D = 5×5 s2 convs of 32, 64, 128 and 3×3 s2
// convs of 256, 512, 1024 channels, BN + PReLU, FC 2048 + PReLU, a last FC (two softmax classes there, one
// logit + BCE here); batches of 128 crops of 128² from 132² images, flipped; Adam 2e-4 (0.5, 0.999) with
// weight decay 1e-4 (train/defaults.ts, train/cogan.ts). Different on purpose: that D also has dropout
// (0.1, 0.3, 0.3, 0.5 after convs 3–6, 0.5 after the FC) and BN on its FC layer, left out here (a batch
// of one image must train); Caffe's BN has a shift but no scale, here BN has both. Not verified: which
// layers the coupled face networks share (the authors' coupled digit networks share all of G but its last
// layer and all of D but its first); here all of G but its last upsampling stage and image layer, all of D
// but its first two convolutions.
import type { Tensor } from '../engine/index.js';
import { BatchNorm2d, Conv2d, ConvTranspose2d, Identity, Module, PReLU, Sequential, Tanh } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import type { NormType } from './norm.js';
import type { DiscriminatorSpec, GeneratorSpec } from './spec.js';

/** Noise dimensions (the paper's 100, uniform in [−1, 1]). */
export const COGAN_NOISE = 100;

/** Batch norm (the paper's) or none; a conv before batch norm carries no bias. */
function norm2d(norm: NormType, c: number): Module {
  if (norm === 'instance') throw new Error("CoGAN's networks take norm 'batch' or 'none'");
  return norm === 'batch' ? new BatchNorm2d(c) : new Identity();
}

/** Upsampling stages of a side: side = 4 · 2^k, k ≥ 1. */
export function coganStages(side: number): number {
  const k = Math.log2(side / 4);
  if (!Number.isInteger(k) || k < 1) throw new Error(`CoGAN image side must be 4 · 2^k (8, 16, 32, 64, 128, …), got ${side}`);
  return k;
}

/** Layers can only be shared between networks built alike (same keys, same shapes). */
function sameShapes(a: Module, b: Module, what: string): void {
  const sa = [...a.stateDict()].map(([k, t]) => `${k}:${t.shape}`).join(), sb = [...b.stateDict()].map(([k, t]) => `${k}:${t.shape}`).join();
  if (sa !== sb) throw new Error(`cannot share the ${what} layers of two networks of different shapes`);
}

export class CoGANGenerator extends Module {
  /** The first layers (shared with the other domain's generator once shareWith is called). */
  shared: Sequential;
  /** The last upsampling stage and the image layer: this domain's own. */
  readonly tail: Sequential;
  readonly side: number;

  constructor(readonly outputNc: number, side: number, o: { ngf?: number; norm?: NormType } = {}) {
    super();
    const ngf = o.ngf ?? 32, norm = o.norm ?? 'batch', bias = norm !== 'batch', k = coganStages(side);
    this.side = side;
    const stage = (cin: number, cout: number, kernel: number, stride: number, padding: number) =>
      new Sequential(new ConvTranspose2d(cin, cout, kernel, { stride, padding, bias }), norm2d(norm, cout), new PReLU());
    const shared: Module[] = [stage(COGAN_NOISE, ngf * 2 ** k, 4, 1, 0)];
    for (let i = 1; i < k; i++) shared.push(stage(ngf * 2 ** (k - i + 1), ngf * 2 ** (k - i), 4, 2, 1));
    this.shared = this.child('shared', new Sequential(...shared));
    this.tail = this.child('tail', new Sequential(stage(ngf * 2, ngf, 4, 2, 1),
      new ConvTranspose2d(ngf, outputNc, 3, { stride: 1, padding: 1 }), new Tanh()));
  }

  /** z [N, 100, 1, 1] (or [N, 100]) → images [N, C, side, side] in [−1, 1]. */
  forward(z: Tensor): Tensor {
    const x = z.shape.length === 2 ? z.reshape(z.shape[0]!, z.shape[1]!, 1, 1) : z;
    return this.tail.forward(this.shared.forward(x));
  }

  /** Ties this generator's first layers to `other`'s: afterwards both run the same tensors. */
  shareWith(other: CoGANGenerator): this {
    sameShapes(this.shared, other.shared, 'first');
    if (this.shared !== other.shared) this.shared.dispose();
    this.shared = this.child('shared', other.shared);
    return this;
  }
}

export class CoGANDiscriminator extends Module {
  /** The first two convolutions: this domain's own. */
  readonly head: Sequential;
  /** The remaining convolutions and the classifier (shared once shareWith is called). */
  shared: Sequential;

  constructor(readonly inputNc: number, side: number, o: { ndf?: number; norm?: NormType } = {}) {
    super();
    const ndf = o.ndf ?? 32, norm = o.norm ?? 'batch', bias = norm !== 'batch';
    const convs = coganStages(side) + 1; // side → 2×2
    const stage = (i: number) => {
      const kernel = i < 3 ? 5 : 3, cin = i === 0 ? inputNc : ndf * 2 ** (i - 1), cout = ndf * 2 ** i;
      return new Sequential(new Conv2d(cin, cout, kernel, { stride: 2, padding: (kernel - 1) / 2, bias }), norm2d(norm, cout), new PReLU());
    };
    this.head = this.child('head', new Sequential(stage(0), stage(1)));
    const rest: Module[] = [];
    for (let i = 2; i < convs; i++) rest.push(stage(i));
    // the two fully connected layers, as convolutions over the 2×2 map (FC 64·ndf, then FC 1)
    const top = ndf * 2 ** (convs - 1), dense = 64 * ndf;
    rest.push(new Sequential(new Conv2d(top, dense, 2), new PReLU()), new Conv2d(dense, 1, 1));
    this.shared = this.child('shared', new Sequential(...rest));
  }

  /** One logit per image, [N, 1, 1, 1]. */
  forward(x: Tensor): Tensor { return this.shared.forward(this.head.forward(x)); }

  /** Ties this discriminator's last layers to `other`'s. */
  shareWith(other: CoGANDiscriminator): this {
    sameShapes(this.shared, other.shared, 'last');
    if (this.shared !== other.shared) this.shared.dispose();
    this.shared = this.child('shared', other.shared);
    return this;
  }
}

/** cogan_<side>: draws images of side 4 · 2^k ≥ 8 from COGAN_NOISE values; the pair shares its first layers. */
export const COGAN: NetworkDescriptor<{ side: number }, GeneratorSpec> = {
  family: 'cogan', module: CoGANGenerator, role: 'generator', pattern: 'cogan_<side 4·2^k ≥ 8>', names: ['cogan_128'],
  parse: (name) => {
    const m = /^cogan_(\d+)$/.exec(name), side = m ? Number(m[1]) : 0;
    return side >= 8 && Number.isInteger(Math.log2(side / 4)) ? { side } : null;
  },
  build: (p, s) => new CoGANGenerator(s.outputNc, p.side, { ngf: s.ngf, norm: s.norm }),
  sideMultiple: () => 1,
  fromNoise: true,
  shareLayers: (a, b) => a instanceof CoGANGenerator && b instanceof CoGANGenerator && !!b.shareWith(a),
  // z [N, 100, 1, 1] (the engine's 4-D form of the noise) → the shared stages → this domain's tail
  onnx: [[CoGANGenerator, (m: CoGANGenerator, x, ctx) => ctx.emit(m.tail, ctx.emit(m.shared, x))]],
};

/** cogan: judges images of side 2^(nLayers + 1); the pair shares its last layers. */
export const COGAN_D: NetworkDescriptor<object, DiscriminatorSpec> = {
  family: 'cogan_d', module: CoGANDiscriminator, role: 'discriminator', pattern: 'cogan', names: ['cogan'],
  parse: (name) => (name === 'cogan' ? {} : null),
  build: (_p, s) => new CoGANDiscriminator(s.inputNc, 2 ** (s.nLayers + 1), { ndf: s.ndf, norm: s.norm }),
  shareLayers: (a, b) => a instanceof CoGANDiscriminator && b instanceof CoGANDiscriminator && !!b.shareWith(a),
  onnx: [[CoGANDiscriminator, (m: CoGANDiscriminator, x, ctx) => ctx.emit(m.shared, ctx.emit(m.head, x))]],
};
