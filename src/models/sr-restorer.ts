// SRGAN's generator as a mosaic restorer: at the canonical scale a mosaic is an image of one pixel per
// 8×8 cell blown up ×RESTORER_CELL, so restoring it is ×8 super-resolution, SRResNet's job (Ledig et al.
// 2017). Each cell's 64 pixels of the seven input channels are unshuffled into one low-resolution pixel
// (so a circle or JPEG-smeared cell keeps what it shows), SRResNet ×8 (models/srgan.ts: 9×9 head, B
// residual blocks with batch norm and PReLU, three sub-pixel stages, 9×9 tail) maps that back to the
// canonical pixels as a residual over the bicubic cell means, and the mosaic is kept outside the region.
// Input cells must lie on the 8-px blocks, as for the per-cell restorer.
import { F, type Tensor } from '../engine/index.js';
import { Module } from '../nn/index.js';
import type { NormType } from './norm.js';
import type { NetworkDescriptor } from './descriptor.js';
import { pixelUnshuffle } from './onnx-ops.js';
import { composeRestoration, emitComposeRestoration, RESTORER_CELL } from './restorer.js';
import type { GeneratorSpec } from './spec.js';
import { SRResNetGenerator } from './srgan.js';

export class SRResNetRestorer extends Module {
  readonly srresnet: SRResNetGenerator;

  constructor(readonly inputNc: number, readonly outputNc: number, nBlocks: number, o: { ngf?: number; norm?: NormType } = {}) {
    super();
    if (inputNc !== 2 * outputNc + 1)
      throw new Error(`a restorer generator takes ${2 * outputNc + 1} input channels (bicubic, mosaic, mask) for ${outputNc} out, got ${inputNc}`);
    const r2 = RESTORER_CELL * RESTORER_CELL;
    this.srresnet = this.child('srresnet', new SRResNetGenerator(inputNc * r2, outputNc, { ...o, nBlocks, scale: RESTORER_CELL }));
  }

  forward(x: Tensor): Tensor {
    const residual = this.srresnet.forward(F.pixelUnshuffle(x, RESTORER_CELL));
    // unclamped while training, like the per-cell restorer: a clamped pixel has no gradient
    return composeRestoration(x, residual, this.outputNc, !this.training);
  }
}

export const SR_RESTORER: NetworkDescriptor<{ nBlocks: number }, GeneratorSpec> = {
  family: 'restorer_srresnet', module: SRResNetRestorer, role: 'restorer', pattern: 'restorer_srresnet_<n>blocks', names: ['restorer_srresnet_16blocks'],
  parse: (name) => {
    const m = /^restorer_srresnet_(\d+)blocks$/.exec(name);
    return m && Number(m[1]) >= 1 ? { nBlocks: Number(m[1]) } : null;
  },
  build: (p, s) => new SRResNetRestorer(s.inputNc, s.outputNc, p.nBlocks, { ngf: s.ngf, norm: s.norm }),
  sideMultiple: () => RESTORER_CELL,
  perCell: true,
  onnx: [[SRResNetRestorer, (m: SRResNetRestorer, x, ctx) =>
    emitComposeRestoration(ctx, x, ctx.emit(m.srresnet, pixelUnshuffle(ctx.g, x, m.inputNc, RESTORER_CELL)), m.outputNc)]],
};
