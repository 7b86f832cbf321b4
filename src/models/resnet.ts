// ResNet generator of CycleGAN (Zhu et al. 2017, appendix; Johnson et al. 2016): c7s1-ngf, two stride-2
// downsamplings, n residual blocks at ngf×4, two stride-2 transposed-conv upsamplings, c7s1-out, tanh.
// Reflection padding keeps borders free of zero-padding artefacts.
import type { Tensor } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, Dropout, Module, ReflectionPad2d, ReLU, Sequential, Tanh } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import type { GeneratorSpec } from './spec.js';

/** x + (pad, conv3×3, norm, ReLU, [dropout], pad, conv3×3, norm)(x). */
export class ResnetBlock extends Module {
  readonly conv_block: Sequential;
  constructor(dim: number, norm: NormType, dropout: boolean, bias: boolean) {
    super();
    const layers: Module[] = [new ReflectionPad2d(1), new Conv2d(dim, dim, 3, { bias }), normLayer(norm, dim), new ReLU(true)];
    if (dropout) layers.push(new Dropout(0.5));
    layers.push(new ReflectionPad2d(1), new Conv2d(dim, dim, 3, { bias }), normLayer(norm, dim));
    this.conv_block = this.child('conv_block', new Sequential(...layers));
  }
  forward(x: Tensor): Tensor {
    const y = this.conv_block.forward(x);
    const out = x.add(y);
    y.dispose(); // freed now rather than at the end of the enclosing tidy: memory is reused block to block
    return out;
  }
}

export interface ResnetOptions {
  ngf?: number;
  norm?: NormType;
  dropout?: boolean;
  /** Residual blocks: 9 for 256×256 training, 6 for 128×128. */
  nBlocks?: number;
}

/** Sides must be divisible by 4 (two stride-2 downsamplings) for the output to match the input size. */
export class ResnetGenerator extends Module {
  static readonly nDownsampling = 2;
  readonly model: Sequential;

  constructor(readonly inputNc: number, readonly outputNc: number, o: ResnetOptions = {}) {
    super();
    const ngf = o.ngf ?? 64, norm = o.norm ?? 'batch', nBlocks = o.nBlocks ?? 6;
    if (!Number.isInteger(nBlocks) || nBlocks < 0) throw new Error(`resnet blocks must be a whole number ≥ 0, got ${nBlocks}`);
    const bias = convBias(norm);
    const layers: Module[] = [new ReflectionPad2d(3), new Conv2d(inputNc, ngf, 7, { bias }), normLayer(norm, ngf), new ReLU(true)];
    for (let i = 0; i < ResnetGenerator.nDownsampling; i++) {
      const mult = 2 ** i;
      layers.push(new Conv2d(ngf * mult, ngf * mult * 2, 3, { stride: 2, padding: 1, bias }), normLayer(norm, ngf * mult * 2), new ReLU(true));
    }
    const mult = 2 ** ResnetGenerator.nDownsampling;
    for (let i = 0; i < nBlocks; i++) layers.push(new ResnetBlock(ngf * mult, norm, !!o.dropout, bias));
    for (let i = 0; i < ResnetGenerator.nDownsampling; i++) {
      const m = 2 ** (ResnetGenerator.nDownsampling - i);
      const out = Math.floor((ngf * m) / 2);
      layers.push(new ConvTranspose2d(ngf * m, out, 3, { stride: 2, padding: 1, outputPadding: 1, bias }), normLayer(norm, out), new ReLU(true));
    }
    layers.push(new ReflectionPad2d(3), new Conv2d(ngf, outputNc, 7), new Tanh());
    this.model = this.child('model', new Sequential(...layers));
  }

  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

export const RESNET: NetworkDescriptor<{ nBlocks: number }, GeneratorSpec> = {
  family: 'resnet', module: ResnetGenerator, role: 'generator', pattern: 'resnet_<n>blocks', names: ['resnet_9blocks', 'resnet_6blocks'],
  parse: (name) => {
    const m = /^resnet_(\d+)blocks$/.exec(name);
    return m ? { nBlocks: Number(m[1]) } : null;
  },
  build: (p, s) => new ResnetGenerator(s.inputNc, s.outputNc, { ngf: s.ngf, norm: s.norm, dropout: s.dropout, nBlocks: p.nBlocks }),
  sideMultiple: () => 2 ** ResnetGenerator.nDownsampling,
  onnx: [
    [ResnetGenerator, (m: ResnetGenerator, x, ctx) => ctx.emit(m.model, x)],
    [ResnetBlock, (m: ResnetBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.conv_block, x)])],
  ],
};
