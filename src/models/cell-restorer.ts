// A restorer generator that works at the mosaic's own resolution: every 8×8 canonical cell (RESTORER_CELL)
// becomes one position with its 64 pixels of all seven input channels as features (pixel unshuffle), a
// stack of residual blocks looks a few cells around, and a pixel shuffle turns each position back into
// the cell's 8×8 residual over the bicubic baseline. A cell holds one colour (or a disc, or a JPEG-smeared
// block), so there is nothing finer to see: the network spends its work per cell, 64× less than per pixel.
// Input cells must lie on the 8-px blocks (the Restorer and the pairs loader align them).
import { cat, F, randn, type Tensor } from '../engine/index.js';
import { Conv2d, Module, ReLU, Sequential } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { pixelShuffle, pixelUnshuffle } from './onnx-ops.js';
import { emitPositionNoise, NOISE_ORIGIN_INPUT, positionNoise, type NoiseOrigin } from './position-noise.js';
import { composeRestoration, emitComposeRestoration, RESTORER_CELL } from './restorer.js';
import type { GeneratorSpec } from './spec.js';
import type { OptionSpec } from '../util/option-schema.js';

/** x + conv3×3(ReLU(conv3×3(x))), no normalisation (as in EDSR: norm layers cost restoration accuracy). */
export class CellBlock extends Module {
  readonly body: Sequential;
  constructor(width: number) {
    super();
    this.body = this.child('body', new Sequential(
      new Conv2d(width, width, 3, { padding: 1 }), new ReLU(true), new Conv2d(width, width, 3, { padding: 1 })));
  }
  forward(x: Tensor): Tensor { return x.add(this.body.forward(x)); }
}

export class CellRestorerGenerator extends Module {
  readonly head: Conv2d;
  readonly body: Sequential;
  readonly tail: Conv2d;
  readonly noise: boolean;

  /** noise: one more input plane, standard normal (NOISE_INPUT_OPTION). */
  constructor(readonly inputNc: number, readonly outputNc: number, nBlocks: number, { width = 64, noise = false } = {}) {
    super();
    if (inputNc !== 2 * outputNc + 1)
      throw new Error(`a restorer generator takes ${2 * outputNc + 1} input channels (bicubic, mosaic, mask) for ${outputNc} out, got ${inputNc}`);
    this.noise = noise;
    const r2 = RESTORER_CELL * RESTORER_CELL;
    this.head = this.child('head', new Conv2d((inputNc + +noise) * r2, width, 3, { padding: 1 }));
    this.body = this.child('body', new Sequential(...Array.from({ length: nBlocks }, () => new CellBlock(width))));
    this.tail = this.child('tail', new Conv2d(width, outputNc * r2, 3, { padding: 1 }));
  }

  /**
   * `noiseOrigin`: where `x` starts in the whole input it was cut from ([y, x] px; the Restorer's tiles), which
   * the noise plane in use is keyed by; [0, 0] for an input that is the whole. Nothing else depends on it.
   */
  forward(x: Tensor, noiseOrigin: NoiseOrigin = [0, 0]): Tensor {
    const cells = F.pixelUnshuffle(this.noise ? cat([x, this.noisePlane(x, noiseOrigin)], 1) : x, RESTORER_CELL);
    const h = this.head.forward(cells).relu();
    const residual = F.pixelShuffle(this.tail.forward(this.body.forward(h)), RESTORER_CELL);
    // No clamp while training: a clamped pixel has no gradient, and an unbounded residual that overshoots
    // once (it has no tanh, unlike the U-Net's) would stay stuck there; outputs are clamped in use.
    return composeRestoration(x, residual, this.outputNc, !this.training);
  }

  /** Fresh samples from the engine's generator while training (reproducible and resumable with its state);
   *  in use the fixed position-keyed field, so one input gives one output. */
  private noisePlane(x: Tensor, origin: NoiseOrigin): Tensor {
    const [n, , h, w] = x.shape as [number, number, number, number];
    return this.training ? randn([n, 1, h, w], { device: x.device }) : positionNoise(h, w, x.device, origin).expand(n, 1, h, w);
  }
}

/**
 * How large a cell the network reads: 1 = every mosaic is brought to 8-px cells (a 16-px cell's result is
 * enlarged 2× back, which blurs what the network drew); k > 1 = cells of 8, 16 … 8k px, so a large cell is
 * restored near the photo's own scale. Train such a network on pairs whose cells are those multiples of 8
 * (`tessera pairs --block 8-24 --block-step 8`).
 */
export const CELL_SCALES_OPTION = {
  key: 'cellScales', flag: '--cell-scales <k>', type: 'int', min: 1, max: 8, default: 1,
  help: 'restorer_cells: the cell sizes it reads, 8 to 8k px (1: all cells brought to 8 px; train k > 1 on pairs made with --block-step 8)',
} as const satisfies OptionSpec;

/**
 * A noise plane beside the seven input channels (as StyleGAN's and BicycleGAN's generators take): a per-block
 * network given like cells can only draw the same mark in each, a lattice; noise lets the realism end draw
 * texture that does not repeat. No default, so a network without it records no option (its files unchanged).
 */
export const NOISE_INPUT_OPTION = {
  key: 'noise', flag: '--noise-input', type: 'flag',
  help: 'restorer_cells: read a noise plane too (random while training, a fixed position-keyed field in use), so the GAN end can draw texture that does not repeat per cell',
} as const satisfies OptionSpec;

/** restorer_cells_<n>blocks: n residual blocks across the cells; the spec's ngf is their width. */
export const CELL_RESTORER: NetworkDescriptor<{ nBlocks: number }, GeneratorSpec> = {
  family: 'restorer_cells', module: CellRestorerGenerator, role: 'restorer', pattern: 'restorer_cells_<n>blocks', names: ['restorer_cells_8blocks'],
  parse: (name) => {
    const m = /^restorer_cells_(\d+)blocks$/.exec(name);
    return m ? { nBlocks: Number(m[1]) } : null;
  },
  build: (p, s) => new CellRestorerGenerator(s.inputNc, s.outputNc, p.nBlocks, { width: s.ngf, noise: s.options?.noise === true }),
  sideMultiple: () => RESTORER_CELL,
  perCell: true,
  options: [CELL_SCALES_OPTION, NOISE_INPUT_OPTION],
  onnx: [
    [CellBlock, (m: CellBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
    [CellRestorerGenerator, (m: CellRestorerGenerator, x, ctx) => {
      // a noise network's graph takes the tile's origin as a second input (int64 [2], [y, x]; feed [0, 0] for a whole image)
      const input = m.noise ? ctx.g.node('Concat', [x, emitPositionNoise(ctx.g, x, ctx.g.input(NOISE_ORIGIN_INPUT, [2], 'int64'))], { axis: 1 }) : x;
      const cells = pixelUnshuffle(ctx.g, input, m.inputNc + +m.noise, RESTORER_CELL);
      const h = ctx.g.node('Relu', [ctx.emit(m.head, cells)]);
      const residual = pixelShuffle(ctx.g, ctx.emit(m.tail, ctx.emit(m.body, h)), RESTORER_CELL);
      return emitComposeRestoration(ctx, x, residual, m.outputNc);
    }],
  ],
};
