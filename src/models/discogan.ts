// DiscoGAN's networks (Kim et al. 2017, "Learning to Discover Cross-Domain Relations with Generative
// Adversarial Networks", §3 and Fig. 3; 64×64 images): the generator is an encoder of 4×4 stride-2
// convolutions with leaky ReLU (0.2) and a decoder of 4×4 stride-2 deconvolutions with ReLU, batch norm
// between (none on the first encoder layer); the discriminator is the same encoder followed by one more
// 4×4 convolution to a single logit (the sigmoid is in the loss). Four stages: 64 → 4 → 64.
import type { Tensor } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, LeakyReLU, Module, ReLU, Sequential, Tanh } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import type { DiscriminatorSpec, GeneratorSpec } from './spec.js';

/** Stride-2 stages of the encoder (and of the decoder): sides must be multiples of 2^4 = 16. */
export const DISCOGAN_STAGES = 4;

/** Conv 4×4 s2 → [norm] → LeakyReLU(0.2), channels ndf, 2ndf, 4ndf, 8ndf (no norm on the first). */
function encoder(inputNc: number, nf: number, norm: NormType): Module[] {
  const bias = convBias(norm);
  const layers: Module[] = [new Conv2d(inputNc, nf, 4, { stride: 2, padding: 1, bias: true }), new LeakyReLU(0.2)];
  for (let i = 1; i < DISCOGAN_STAGES; i++) {
    const cin = nf * 2 ** (i - 1), cout = nf * 2 ** i;
    layers.push(new Conv2d(cin, cout, 4, { stride: 2, padding: 1, bias }), normLayer(norm, cout), new LeakyReLU(0.2));
  }
  return layers;
}

/** The encoder-decoder image translator; outputs in [−1, 1] (tanh). */
export class DiscoGenerator extends Module {
  readonly model: Sequential;
  constructor(readonly inputNc: number, readonly outputNc: number, o: { ngf?: number; norm?: NormType } = {}) {
    super();
    const ngf = o.ngf ?? 64, norm = o.norm ?? 'batch', bias = convBias(norm);
    const layers = encoder(inputNc, ngf, norm);
    for (let i = DISCOGAN_STAGES - 1; i > 0; i--) {
      const cin = ngf * 2 ** i, cout = ngf * 2 ** (i - 1);
      layers.push(new ConvTranspose2d(cin, cout, 4, { stride: 2, padding: 1, bias }), normLayer(norm, cout), new ReLU(true));
    }
    layers.push(new ConvTranspose2d(ngf, outputNc, 4, { stride: 2, padding: 1 }), new Tanh());
    this.model = this.child('model', new Sequential(...layers));
  }
  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

/** The encoder + a 4×4 convolution to one logit per 64×64 window (one logit for a 64×64 image). */
export class DiscoDiscriminator extends Module {
  readonly model: Sequential;
  constructor(readonly inputNc: number, o: { ndf?: number; norm?: NormType } = {}) {
    super();
    const ndf = o.ndf ?? 64, norm = o.norm ?? 'batch';
    const layers = encoder(inputNc, ndf, norm);
    layers.push(new Conv2d(ndf * 2 ** (DISCOGAN_STAGES - 1), 1, 4, { stride: 1, padding: 0 }));
    this.model = this.child('model', new Sequential(...layers));
  }
  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

export const DISCOGAN: NetworkDescriptor<object, GeneratorSpec> = {
  family: 'discogan', module: DiscoGenerator, role: 'generator', pattern: 'discogan', names: ['discogan'],
  parse: (name) => (name === 'discogan' ? {} : null),
  build: (_p, s) => new DiscoGenerator(s.inputNc, s.outputNc, { ngf: s.ngf, norm: s.norm }),
  sideMultiple: () => 2 ** DISCOGAN_STAGES,
  onnx: [[DiscoGenerator, (m: DiscoGenerator, x, ctx) => ctx.emit(m.model, x)]],
};

export const DISCOGAN_D: NetworkDescriptor<object, DiscriminatorSpec> = {
  family: 'discogan_d', module: DiscoDiscriminator, role: 'discriminator', pattern: 'discogan', names: ['discogan'],
  parse: (name) => (name === 'discogan' ? {} : null),
  build: (_p, s) => new DiscoDiscriminator(s.inputNc, { ndf: s.ndf, norm: s.norm }),
  onnx: [[DiscoDiscriminator, (m: DiscoDiscriminator, x, ctx) => ctx.emit(m.model, x)]],
};
