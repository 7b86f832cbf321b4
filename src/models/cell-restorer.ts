// A restorer generator that works at the mosaic's own resolution: every 8×8 canonical cell (RESTORER_CELL)
// becomes one position with its 64 pixels of all seven input channels as features (pixel unshuffle), a
// stack of residual blocks looks a few cells around, and a pixel shuffle turns each position back into
// the cell's 8×8 residual over the bicubic baseline. A cell holds one colour (or a disc, or a JPEG-smeared
// block), so there is nothing finer to see: the network spends its work per cell, 64× less than per pixel.
// Input cells must lie on the 8-px blocks (the Restorer and the pairs loader align them).
import { F, type Tensor } from '../engine/index.js';
import { Conv2d, Module, ReLU, Sequential } from '../nn/index.js';
import { composeRestoration, RESTORER_CELL } from './restorer.js';

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

  constructor(readonly inputNc: number, readonly outputNc: number, nBlocks: number, { width = 64 } = {}) {
    super();
    if (inputNc !== 2 * outputNc + 1)
      throw new Error(`a restorer generator takes ${2 * outputNc + 1} input channels (bicubic, mosaic, mask) for ${outputNc} out, got ${inputNc}`);
    const r2 = RESTORER_CELL * RESTORER_CELL;
    this.head = this.child('head', new Conv2d(inputNc * r2, width, 3, { padding: 1 }));
    this.body = this.child('body', new Sequential(...Array.from({ length: nBlocks }, () => new CellBlock(width))));
    this.tail = this.child('tail', new Conv2d(width, outputNc * r2, 3, { padding: 1 }));
  }

  forward(x: Tensor): Tensor {
    const cells = F.pixelUnshuffle(x, RESTORER_CELL);
    const h = this.head.forward(cells).relu();
    const residual = F.pixelShuffle(this.tail.forward(this.body.forward(h)), RESTORER_CELL);
    // No clamp while training: a clamped pixel has no gradient, and an unbounded residual that overshoots
    // once (it has no tanh, unlike the U-Net's) would stay stuck there; outputs are clamped in use.
    return composeRestoration(x, residual, this.outputNc, !this.training);
  }
}
