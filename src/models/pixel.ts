// 1×1 PixelGAN discriminator (pix2pix §4.4): judges each pixel on its own, which pushes colour but not
// spatial sharpness.
import type { Tensor } from '../engine/index.js';
import { Conv2d, LeakyReLU, Module, Sequential } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import type { DiscriminatorSpec } from './spec.js';

export interface PixelOptions { ndf?: number; norm?: NormType }

export class PixelDiscriminator extends Module {
  readonly net: Sequential;

  constructor(readonly inputNc: number, o: PixelOptions = {}) {
    super();
    const ndf = o.ndf ?? 64, norm = o.norm ?? 'batch';
    const bias = convBias(norm);
    this.net = this.child('net', new Sequential(
      new Conv2d(inputNc, ndf, 1), new LeakyReLU(0.2),
      new Conv2d(ndf, ndf * 2, 1, { bias }), normLayer(norm, ndf * 2), new LeakyReLU(0.2),
      new Conv2d(ndf * 2, 1, 1, { bias }),
    ));
  }

  forward(x: Tensor): Tensor { return this.net.forward(x); }
}

export const PIXEL: NetworkDescriptor<object, DiscriminatorSpec> = {
  family: 'pixel', module: PixelDiscriminator, role: 'discriminator', pattern: 'pixel', names: ['pixel'],
  parse: (name) => (name === 'pixel' ? {} : null),
  build: (_p, s) => new PixelDiscriminator(s.inputNc, { ndf: s.ndf, norm: s.norm }),
  onnx: [[PixelDiscriminator, (m: PixelDiscriminator, x, ctx) => ctx.emit(m.net, x)]],
};
