// UNIT's networks (Liu, Breuel & Kautz 2017, "Unsupervised Image-to-Image Translation Networks", §3 and
// §4's implementation notes). Each domain has an encoder E (three convolutions, 7×7 s1 then 3×3 s2 twice,
// as the front end; four basic residual blocks as the back end) and a generator G (four residual blocks,
// then 3×3 s2 transposed convolutions twice and a 1×1 one to the image, tanh), LeakyReLU throughout. The
// encoders share their last residual block and the generators their first, which ties both domains to one
// latent space: E_A(x_A) and E_B(x_B) are the means of Gaussians with identity covariance in it.
//
// One network here is a translator: a source domain's encoder followed by the target domain's generator,
// so `UNITTranslator` A→B holds E_A and G_B (the file `tessera translate` runs), and B→A holds E_B and
// G_A. `shareWith` makes two translators use the same shared blocks (one set of tensors). The
// discriminators are stride-2 3×3 convolutions with LeakyReLU and a 2×2 convolution to a map of logits
// (the sigmoid is in the loss); UNIT does not share them.
//
// Checked 2026-12-01 against the authors' 2017 code (github.com/mingyuliutw/UNIT: exps/unit/*.yaml with
// COCOResGen and COCODis, src/trainers/cocogan_nets.py) and the paper (the stored copy held its abstract
// and introduction; §4's layer list as summarised in aleju/papers: 3 convs + 4 residual blocks per encoder,
// 4 residual blocks + 3 transposed convs per generator, LeakyReLU). Equal: 64 channels at the image end,
// 256 in the latent; 7×7 s1 then two 3×3 s2 convs; 3 own + 1 shared residual blocks per encoder, 1 shared +
// 3 own per generator; two 3×3 s2 transposed convs and a 1×1 one, tanh; λ0 10, λ1 = λ3 = 0.1, λ2 = λ4 = 100
// (gan_w, kl_direct_link_w, ll_direct_link_w, kl_cycle_link_w, ll_cycle_link_w); batch 1; Adam 1e-4 (0.5,
// 0.999) with weight decay 1e-4 (train/unit.ts). Different: the released configs' generator uses ReLU +
// instance norm in its stride-2 layers and ReLU inside the residual blocks (LeakyReLU, PyTorch's default
// slope 0.01, only in the first conv; its COCOResGen2 variant has LeakyReLU and no norm in the front and
// back ends, as here); here the paper's LeakyReLU throughout, slope 0.2. Their discriminator (COCODis) has
// n_layer = 6 stride-2 3×3 convs and a 1×1 conv to the logits; here 5 (--n-layers-D) and a 2×2 conv; their
// crops are 216² (animals) and 480×640 (street scenes), here 256². Not verified: the paper's own
// discriminator table and LeakyReLU slope (its supplementary tables were not in the stored copy).
import type { Tensor } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, LeakyReLU, Module, Sequential, Tanh } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { normLayer, type NormType } from './norm.js';
import type { DiscriminatorSpec, GeneratorSpec } from './spec.js';

/** Residual blocks per encoder and per generator (the paper's 4); the one next to the latent is shared. */
export const UNIT_RES_BLOCKS = 4;
/** Stride-2 stages: sides must be multiples of 4. */
export const UNIT_STAGES = 2;
const SLOPE = 0.2;

/** x + (conv3×3, norm, LeakyReLU, conv3×3, norm)(x); no bias before a norm. */
export class UNITResBlock extends Module {
  readonly body: Sequential;
  constructor(width: number, norm: NormType) {
    super();
    const bias = norm === 'none';
    this.body = this.child('body', new Sequential(
      new Conv2d(width, width, 3, { padding: 1, bias }), normLayer(norm, width), new LeakyReLU(SLOPE),
      new Conv2d(width, width, 3, { padding: 1, bias }), normLayer(norm, width)));
  }
  forward(x: Tensor): Tensor { return x.add(this.body.forward(x)); }
}

export interface UNITOptions {
  /** Channels of the first convolution (64 in the paper); the latent has 4·ngf. */
  ngf?: number;
  /** Norm inside the residual blocks ('instance' by default). */
  norm?: NormType;
}

/** E_source then G_target: an image of the source domain → the latent mean → an image of the target. */
export class UNITTranslator extends Module {
  /** The source encoder's own layers: the front end and the first three residual blocks. */
  readonly enc: Sequential;
  /** The encoders' shared last residual block. */
  encShared: Sequential;
  /** The generators' shared first residual block. */
  decShared: Sequential;
  /** The target generator's own layers: three residual blocks and the upsampling back end. */
  readonly dec: Sequential;

  constructor(readonly inputNc: number, readonly outputNc: number, o: UNITOptions = {}) {
    super();
    const ngf = o.ngf ?? 64, norm = o.norm ?? 'instance', w = ngf * 4;
    const res = (n: number) => Array.from({ length: n }, () => new UNITResBlock(w, norm));
    this.enc = this.child('enc', new Sequential(
      new Conv2d(inputNc, ngf, 7, { padding: 3 }), new LeakyReLU(SLOPE),
      new Conv2d(ngf, ngf * 2, 3, { stride: 2, padding: 1 }), new LeakyReLU(SLOPE),
      new Conv2d(ngf * 2, w, 3, { stride: 2, padding: 1 }), new LeakyReLU(SLOPE),
      ...res(UNIT_RES_BLOCKS - 1)));
    this.encShared = this.child('enc_shared', new Sequential(...res(1)));
    this.decShared = this.child('dec_shared', new Sequential(...res(1)));
    this.dec = this.child('dec', new Sequential(
      ...res(UNIT_RES_BLOCKS - 1),
      new ConvTranspose2d(w, ngf * 2, 3, { stride: 2, padding: 1, outputPadding: 1 }), new LeakyReLU(SLOPE),
      new ConvTranspose2d(ngf * 2, ngf, 3, { stride: 2, padding: 1, outputPadding: 1 }), new LeakyReLU(SLOPE),
      new ConvTranspose2d(ngf, outputNc, 1), new Tanh()));
  }

  /** E_source: the mean of the latent code, [N, 4·ngf, H/4, W/4]. */
  encode(x: Tensor): Tensor { return this.encShared.forward(this.enc.forward(x)); }

  /** G_target: a latent code → an image of the target domain in [−1, 1]. */
  decode(z: Tensor): Tensor { return this.dec.forward(this.decShared.forward(z)); }

  /** Translation through the latent mean (no sampling), as at test time. */
  forward(x: Tensor): Tensor { return this.decode(this.encode(x)); }

  /** Ties this translator's shared blocks to `other`'s (the other direction): one set of tensors for both. */
  shareWith(other: UNITTranslator): this {
    for (const [mine, theirs, key] of [[this.encShared, other.encShared, 'enc_shared'], [this.decShared, other.decShared, 'dec_shared']] as const) {
      const sig = (m: Module) => [...m.stateDict()].map(([k, t]) => `${k}:${t.shape}`).join();
      if (sig(mine) !== sig(theirs)) throw new Error('cannot share the latent blocks of two UNIT translators of different widths or norms');
      if (mine !== theirs) mine.dispose();
      this.child(key, theirs);
    }
    this.encShared = other.encShared;
    this.decShared = other.decShared;
    return this;
  }
}

/** Stride-2 3×3 convolutions (ndf, 2ndf, …; 5 in the paper) with LeakyReLU, then a 2×2 convolution to logits. */
export class UNITDiscriminator extends Module {
  readonly model: Sequential;
  constructor(readonly inputNc: number, o: { ndf?: number; nLayers?: number } = {}) {
    super();
    const ndf = o.ndf ?? 64, n = o.nLayers ?? 5;
    const layers: Module[] = [];
    for (let i = 0; i < n; i++) layers.push(new Conv2d(i ? ndf * 2 ** (i - 1) : inputNc, ndf * 2 ** i, 3, { stride: 2, padding: 1 }), new LeakyReLU(SLOPE));
    layers.push(new Conv2d(ndf * 2 ** (n - 1), 1, 2));
    this.model = this.child('model', new Sequential(...layers));
  }
  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

/** unit: one domain's encoder + the other's generator; the pair shares its latent blocks. */
export const UNIT: NetworkDescriptor<object, GeneratorSpec> = {
  family: 'unit', module: UNITTranslator, role: 'generator', pattern: 'unit', names: ['unit'],
  parse: (name) => (name === 'unit' ? {} : null),
  build: (_p, s) => new UNITTranslator(s.inputNc, s.outputNc, { ngf: s.ngf, norm: s.norm }),
  sideMultiple: () => 2 ** UNIT_STAGES,
  shareLayers: (a, b) => a instanceof UNITTranslator && b instanceof UNITTranslator && !!b.shareWith(a),
  onnx: [
    [UNITResBlock, (m: UNITResBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
    [UNITTranslator, (m: UNITTranslator, x, ctx) => ctx.emit(m.dec, ctx.emit(m.decShared, ctx.emit(m.encShared, ctx.emit(m.enc, x))))],
  ],
};

export const UNIT_D: NetworkDescriptor<object, DiscriminatorSpec> = {
  family: 'unit_d', module: UNITDiscriminator, role: 'discriminator', pattern: 'unit', names: ['unit'],
  parse: (name) => (name === 'unit' ? {} : null),
  build: (_p, s) => new UNITDiscriminator(s.inputNc, { ndf: s.ndf, nLayers: s.nLayers }),
  onnx: [[UNITDiscriminator, (m: UNITDiscriminator, x, ctx) => ctx.emit(m.model, x)]],
};
