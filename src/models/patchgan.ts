// PatchGAN discriminator of pix2pix (Isola et al. 2017, §3.2.2): a fully convolutional net whose every
// output judges one receptive-field patch. n_layers 3 ("basic") gives 70×70 patches.
import type { Tensor } from '../engine/index.js';
import { Conv2d, LeakyReLU, Module, Sequential } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import type { DiscriminatorSpec } from './spec.js';

export interface NLayerOptions {
  ndf?: number;
  /** Stride-2 conv layers after the first; 3 = 70×70 PatchGAN. */
  nLayers?: number;
  norm?: NormType;
}

/** C64 (no norm) – C128 – C256 – C512 (stride 1) – 1-channel conv; channels cap at ndf×8. */
export class NLayerDiscriminator extends Module {
  readonly model: Sequential;

  constructor(readonly inputNc: number, o: NLayerOptions = {}) {
    super();
    const ndf = o.ndf ?? 64, nLayers = o.nLayers ?? 3, norm = o.norm ?? 'batch';
    if (!Number.isInteger(nLayers) || nLayers < 1) throw new Error(`n_layers must be a whole number ≥ 1, got ${nLayers}`);
    const bias = convBias(norm);
    const conv = (i: number, out: number, stride: number, b: boolean) => new Conv2d(i, out, 4, { stride, padding: 1, bias: b });
    const layers: Module[] = [conv(inputNc, ndf, 2, true), new LeakyReLU(0.2)];
    let mult = 1;
    for (let n = 1; n < nLayers; n++) {
      const prev = mult;
      mult = Math.min(2 ** n, 8);
      layers.push(conv(ndf * prev, ndf * mult, 2, bias), normLayer(norm, ndf * mult), new LeakyReLU(0.2));
    }
    const prev = mult;
    mult = Math.min(2 ** nLayers, 8);
    layers.push(conv(ndf * prev, ndf * mult, 1, bias), normLayer(norm, ndf * mult), new LeakyReLU(0.2));
    layers.push(conv(ndf * mult, 1, 1, true));
    this.model = this.child('model', new Sequential(...layers));
  }

  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

/** basic: the 70×70 PatchGAN (3 layers); n_layers: as many as the spec's nLayers. */
export const PATCHGAN: NetworkDescriptor<{ nLayers: number | null }, DiscriminatorSpec> = {
  family: 'patchgan', module: NLayerDiscriminator, role: 'discriminator', pattern: 'basic | n_layers', names: ['basic', 'n_layers'],
  parse: (name) => (name === 'basic' ? { nLayers: 3 } : name === 'n_layers' ? { nLayers: null } : null),
  build: (p, s) => new NLayerDiscriminator(s.inputNc, { ndf: s.ndf, nLayers: p.nLayers ?? s.nLayers, norm: s.norm }),
  onnx: [[NLayerDiscriminator, (m: NLayerDiscriminator, x, ctx) => ctx.emit(m.model, x)]],
};
