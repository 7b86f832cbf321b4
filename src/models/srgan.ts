// SRGAN's networks (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a Generative
// Adversarial Network", Fig. 4). Generator (SRResNet): a 9×9 conv + PReLU, B = 16 residual blocks (3×3
// conv, BN, PReLU, 3×3 conv, BN, skip), a 3×3 conv + BN added to the first features, then one sub-pixel
// stage per factor 2 (3×3 conv to 4× the channels, pixel shuffle ×2, PReLU) and a 9×9 conv to the image;
// no output activation. Discriminator: a 3×3 conv + leaky ReLU (0.2), seven 3×3 conv + BN + leaky ReLU
// stages (k3n64s2, k3n128s1, k3n128s2, k3n256s1, k3n256s2, k3n512s1, k3n512s2), dense 1024, leaky ReLU,
// dense 1 (the sigmoid is in the loss). The paper trains on 96×96 crops, so the last features are 6×6;
// an adaptive average pool to 6×6 keeps the dense layer's shape (and the paper's network at 96×96) for
// other crop sizes.
import { F, type Tensor } from '../engine/index.js';
import { Conv2d, LeakyReLU, Linear, Module, PixelShuffle, PReLU, Sequential } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import { adaptiveAvgPool2d } from './onnx-ops.js';
import type { DiscriminatorSpec, GeneratorSpec } from './spec.js';

/** Side of the discriminator's last feature map in the paper (96 / 16). */
export const SRGAN_D_POOL = 6;

/** x + (conv3×3, BN, PReLU, conv3×3, BN)(x). */
export class SRResidualBlock extends Module {
  readonly body: Sequential;
  constructor(width: number, norm: NormType) {
    super();
    const bias = convBias(norm);
    this.body = this.child('body', new Sequential(
      new Conv2d(width, width, 3, { padding: 1, bias }), normLayer(norm, width), new PReLU(),
      new Conv2d(width, width, 3, { padding: 1, bias }), normLayer(norm, width)));
  }
  forward(x: Tensor): Tensor { return x.add(this.body.forward(x)); }
}

export interface SRResNetOptions {
  /** Feature channels (64 in the paper). */
  ngf?: number;
  norm?: NormType;
  /** Residual blocks (16 in the paper). */
  nBlocks?: number;
  /** Upscaling factor, a power of 2 (4 in the paper). */
  scale?: number;
}

/** Output sides are `scale` × the input's. */
export class SRResNetGenerator extends Module {
  readonly head: Sequential;
  readonly blocks: Sequential;
  readonly fuse: Sequential;
  readonly upsample: Sequential;
  readonly tail: Conv2d;
  readonly scale: number;

  constructor(readonly inputNc: number, readonly outputNc: number, o: SRResNetOptions = {}) {
    super();
    const ngf = o.ngf ?? 64, norm = o.norm ?? 'batch', nBlocks = o.nBlocks ?? 16;
    this.scale = o.scale ?? 4;
    const stages = Math.log2(this.scale);
    if (!Number.isInteger(stages) || stages < 1) throw new Error(`SRResNet scale must be a power of 2 ≥ 2, got ${this.scale}`);
    if (!Number.isInteger(nBlocks) || nBlocks < 1) throw new Error(`SRResNet blocks must be a whole number ≥ 1, got ${nBlocks}`);
    this.head = this.child('head', new Sequential(new Conv2d(inputNc, ngf, 9, { padding: 4 }), new PReLU()));
    this.blocks = this.child('blocks', new Sequential(...Array.from({ length: nBlocks }, () => new SRResidualBlock(ngf, norm))));
    this.fuse = this.child('fuse', new Sequential(new Conv2d(ngf, ngf, 3, { padding: 1, bias: convBias(norm) }), normLayer(norm, ngf)));
    const up: Module[] = [];
    for (let i = 0; i < stages; i++) up.push(new Conv2d(ngf, ngf * 4, 3, { padding: 1 }), new PixelShuffle(2), new PReLU());
    this.upsample = this.child('upsample', new Sequential(...up));
    this.tail = this.child('tail', new Conv2d(ngf, outputNc, 9, { padding: 4 }));
  }

  forward(x: Tensor): Tensor {
    const h = this.head.forward(x);
    return this.tail.forward(this.upsample.forward(h.add(this.fuse.forward(this.blocks.forward(h)))));
  }
}

/** The VGG-style discriminator; `features(x)` gives each stage's activations (for feature matching). */
export class SRGANDiscriminator extends Module {
  readonly stages: Sequential;
  readonly classifier: Sequential;

  constructor(readonly inputNc: number, o: { ndf?: number; norm?: NormType } = {}) {
    super();
    const ndf = o.ndf ?? 64, norm = o.norm ?? 'batch', bias = convBias(norm);
    const stages: Module[] = [new Sequential(new Conv2d(inputNc, ndf, 3, { padding: 1 }), new LeakyReLU(0.2))];
    // (channels multiple, stride) of the seven normalised stages
    const plan: [number, number][] = [[1, 2], [2, 1], [2, 2], [4, 1], [4, 2], [8, 1], [8, 2]];
    let cin = ndf;
    for (const [m, stride] of plan) {
      stages.push(new Sequential(new Conv2d(cin, ndf * m, 3, { stride, padding: 1, bias }), normLayer(norm, ndf * m), new LeakyReLU(0.2)));
      cin = ndf * m;
    }
    this.stages = this.child('stages', new Sequential(...stages));
    // dense 1024 at the paper's ndf 64, scaled with ndf for smaller networks
    const dense = 16 * ndf;
    this.classifier = this.child('classifier', new Sequential(new Linear(cin * SRGAN_D_POOL * SRGAN_D_POOL, dense), new LeakyReLU(0.2), new Linear(dense, 1)));
  }

  /** The activations after every stage, first to last. */
  features(x: Tensor): Tensor[] {
    const out: Tensor[] = [];
    let h = x;
    for (const s of this.stages.layers) out.push((h = s.forward(h)));
    return out;
  }

  /** One logit per image, [N, 1]. */
  forward(x: Tensor): Tensor {
    const feats = this.features(x);
    const last = feats[feats.length - 1]!;
    const pooled = F.adaptiveAvgPool2d(last, SRGAN_D_POOL);
    return this.classifier.forward(pooled.reshape(pooled.shape[0]!, -1));
  }
}

/** srresnet_<n>blocks_x<s>: n residual blocks, s× upsampling (2, 4, 8). */
export const SRRESNET: NetworkDescriptor<{ nBlocks: number; scale: number }, GeneratorSpec> = {
  family: 'srresnet', module: SRResNetGenerator, role: 'generator', pattern: 'srresnet_<n>blocks_x<2|4|8>', names: ['srresnet_16blocks_x4'],
  parse: (name) => {
    const m = /^srresnet_(\d+)blocks_x(\d+)$/.exec(name);
    return m && Number(m[1]) >= 1 && [2, 4, 8].includes(Number(m[2])) ? { nBlocks: Number(m[1]), scale: Number(m[2]) } : null;
  },
  build: (p, s) => new SRResNetGenerator(s.inputNc, s.outputNc, { ngf: s.ngf, norm: s.norm, nBlocks: p.nBlocks, scale: p.scale }),
  sideMultiple: () => 1,
  outputScale: (p) => p.scale,
  onnx: [
    [SRResidualBlock, (m: SRResidualBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
    [SRResNetGenerator, (m: SRResNetGenerator, x, ctx) => {
      const h = ctx.emit(m.head, x);
      const fused = ctx.g.node('Add', [h, ctx.emit(m.fuse, ctx.emit(m.blocks, h))]);
      return ctx.emit(m.tail, ctx.emit(m.upsample, fused));
    }],
  ],
};

export const SRGAN_D: NetworkDescriptor<object, DiscriminatorSpec> = {
  family: 'srgan_d', module: SRGANDiscriminator, role: 'discriminator', pattern: 'srgan', names: ['srgan'],
  parse: (name) => (name === 'srgan' ? {} : null),
  build: (_p, s) => new SRGANDiscriminator(s.inputNc, { ndf: s.ndf, norm: s.norm }),
  onnx: [[SRGANDiscriminator, (m: SRGANDiscriminator, x, ctx) => {
    // stages → adaptive average pool to 6×6 → flatten in C, H, W order (torch's reshape) → the dense layers
    const pooled = adaptiveAvgPool2d(ctx.g, ctx.emit(m.stages, x), SRGAN_D_POOL);
    return ctx.emit(m.classifier, ctx.g.node('Flatten', [pooled], { axis: 1 }));
  }]],
};
