// U-Net generator of pix2pix (Isola et al. 2017, §3.2.1): an encoder-decoder whose layer i is joined by
// a skip connection to layer n − i. Built recursively from the innermost block outwards, as the
// reference does, so that state-dict keys nest as `model.model.1.model.3.…`.
import { cat, type Tensor } from '../engine/index.js';
import { Conv2d, ConvTranspose2d, Dropout, LeakyReLU, Module, ReLU, Sequential, Tanh } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { convBias, normLayer, type NormType } from './norm.js';
import type { GeneratorSpec } from './spec.js';

export interface UnetBlockOptions {
  /** Channels entering the block; defaults to outerNc (only the outermost block differs). */
  inputNc?: number;
  submodule?: UnetSkipConnectionBlock;
  outermost?: boolean;
  innermost?: boolean;
  norm?: NormType;
  /** Dropout 0.5 after the up path (the reference uses it in the ngf×8 middle blocks only). */
  dropout?: boolean;
}

/**
 * One level of the U: down (LeakyReLU 0.2, conv 4×4 s2, norm), the inner levels, up (ReLU, transposed
 * conv 4×4 s2, norm), and a skip that concatenates this level's input to the output.
 */
export class UnetSkipConnectionBlock extends Module {
  readonly model: Sequential;
  readonly outermost: boolean;

  constructor(outerNc: number, innerNc: number, o: UnetBlockOptions = {}) {
    super();
    const norm = o.norm ?? 'batch';
    const bias = convBias(norm);
    const inputNc = o.inputNc ?? outerNc;
    this.outermost = !!o.outermost;
    const downconv = new Conv2d(inputNc, innerNc, 4, { stride: 2, padding: 1, bias });
    const up = (inC: number, b: boolean) => new ConvTranspose2d(inC, outerNc, 4, { stride: 2, padding: 1, bias: b });
    let layers: Module[];
    if (o.outermost) {
      if (!o.submodule) throw new Error('the outermost U-Net block needs a submodule');
      layers = [downconv, o.submodule, new ReLU(true), up(innerNc * 2, true), new Tanh()];
    } else if (o.innermost) {
      layers = [new LeakyReLU(0.2), downconv, new ReLU(true), up(innerNc, bias), normLayer(norm, outerNc)];
    } else {
      if (!o.submodule) throw new Error('a middle U-Net block needs a submodule');
      layers = [new LeakyReLU(0.2), downconv, normLayer(norm, innerNc), o.submodule,
        new ReLU(true), up(innerNc * 2, bias), normLayer(norm, outerNc)];
      if (o.dropout) layers.push(new Dropout(0.5));
    }
    this.model = this.child('model', new Sequential(...layers));
  }

  forward(x: Tensor): Tensor {
    if (this.outermost) return this.model.forward(x);
    // The reference's in-place LeakyReLU makes its skip carry leaky(x) instead of x; the parent's ReLU
    // maps both to relu(x), so outputs and gradients are the same and we keep the paper's plain skip.
    const y = this.model.forward(x);
    const out = cat([x, y], 1);
    y.dispose(); // freed now rather than at the end of the enclosing tidy
    return out;
  }
}

export interface UnetOptions {
  ngf?: number;
  norm?: NormType;
  dropout?: boolean;
}

/**
 * U-Net with `numDowns` halvings: an input of side 2^numDowns reaches 1×1 at the bottleneck
 * (unet_256: 8 downs, unet_128: 7). Inner blocks have ngf×8 channels; dropout, when on, sits in the
 * numDowns − 5 ngf×8 blocks around the innermost one (3 for unet_256).
 */
export class UnetGenerator extends Module {
  readonly model: UnetSkipConnectionBlock;

  constructor(readonly inputNc: number, readonly outputNc: number, readonly numDowns: number, o: UnetOptions = {}) {
    super();
    if (!Number.isInteger(numDowns) || numDowns < 5) throw new Error(`a U-Net needs at least 5 downsamplings, got ${numDowns}`);
    const ngf = o.ngf ?? 64, norm = o.norm ?? 'batch';
    let block = new UnetSkipConnectionBlock(ngf * 8, ngf * 8, { innermost: true, norm });
    for (let i = 0; i < numDowns - 5; i++)
      block = new UnetSkipConnectionBlock(ngf * 8, ngf * 8, { submodule: block, norm, dropout: o.dropout });
    block = new UnetSkipConnectionBlock(ngf * 4, ngf * 8, { submodule: block, norm });
    block = new UnetSkipConnectionBlock(ngf * 2, ngf * 4, { submodule: block, norm });
    block = new UnetSkipConnectionBlock(ngf, ngf * 2, { submodule: block, norm });
    this.model = this.child('model', new UnetSkipConnectionBlock(outputNc, ngf, { inputNc, submodule: block, outermost: true, norm }));
  }

  forward(x: Tensor): Tensor { return this.model.forward(x); }
}

/** unet_<side>: log2(side) downsamplings, an input of that side reaching 1×1 (sides ≥ 32, powers of 2). */
export function unetDowns(side: number): number | null {
  const numDowns = Math.log2(side);
  return Number.isInteger(numDowns) && numDowns >= 5 ? numDowns : null;
}

export const UNET: NetworkDescriptor<{ numDowns: number }, GeneratorSpec> = {
  family: 'unet', module: UnetGenerator, role: 'generator', pattern: 'unet_<power of 2 ≥ 32>', names: ['unet_256', 'unet_128'],
  parse: (name) => {
    const m = /^unet_(\d+)$/.exec(name), numDowns = m && unetDowns(Number(m[1]));
    return numDowns ? { numDowns } : null;
  },
  build: (p, s) => new UnetGenerator(s.inputNc, s.outputNc, p.numDowns, { ngf: s.ngf, norm: s.norm, dropout: s.dropout }),
  sideMultiple: (p) => 2 ** p.numDowns,
  onnx: [
    [UnetGenerator, (m: UnetGenerator, x, ctx) => ctx.emit(m.model, x)],
    [UnetSkipConnectionBlock, (m: UnetSkipConnectionBlock, x, ctx) =>
      m.outermost ? ctx.emit(m.model, x) : ctx.g.node('Concat', [x, ctx.emit(m.model, x)], { axis: 1 })],
  ],
};
