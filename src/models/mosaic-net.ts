// The learned mosaic detector's network: a small U-shaped segmenter that maps an RGB image in [−1, 1]
// to one logit per pixel (mosaic or not). The encoder halves the resolution four times, so a pixel sees
// ~150 px around it, several cells of even a 24 px mosaic; the decoder brings the answer back to full
// resolution through skips, since the outline of a cut cell has to be found to the pixel.
import { cat, F, type Tensor } from '../engine/index.js';
import { BatchNorm2d, Conv2d, Module, ReLU } from '../nn/index.js';
import type { NetworkDescriptor } from './descriptor.js';
import { inputChannels, type InputKind } from './mosaic-input.js';
import { upsampleNearest } from './onnx-ops.js';

/** Architecture, stored as JSON in the weights' metadata so `loadMosaicNet` rebuilds it. */
export interface MosaicNetSpec {
  net: 'mosaic-unet';
  /** Channels per level, full resolution first; each further level halves the resolution. */
  widths: number[];
  /** What the network reads per pixel (features.ts). */
  inputs: InputKind;
}

export const DEFAULT_MOSAIC_NET: MosaicNetSpec = { net: 'mosaic-unet', widths: [16, 32, 64, 96, 96], inputs: 'rgb+edges' };

/** conv 3×3 → batch norm → ReLU. */
export class ConvBnRelu extends Module {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;
  readonly relu = new ReLU();
  constructor(inC: number, outC: number, stride = 1) {
    super();
    this.conv = this.child('conv', new Conv2d(inC, outC, 3, { stride, padding: 1, bias: false }));
    this.bn = this.child('bn', new BatchNorm2d(outC));
  }
  forward(x: Tensor): Tensor {
    const c = this.conv.forward(x);
    const n = this.bn.forward(c);
    c.dispose();
    const out = this.relu.forward(n);
    n.dispose();
    return out;
  }
}

/** Two ConvBnRelu, the first with the level's stride. */
export class Level extends Module {
  readonly a: ConvBnRelu;
  readonly b: ConvBnRelu;
  constructor(inC: number, outC: number, stride: number) {
    super();
    this.a = this.child('a', new ConvBnRelu(inC, outC, stride));
    this.b = this.child('b', new ConvBnRelu(outC, outC));
  }
  forward(x: Tensor): Tensor {
    const h = this.a.forward(x);
    const out = this.b.forward(h);
    h.dispose();
    return out;
  }
}

export class MosaicNet extends Module {
  readonly down: Level[];
  readonly up: ConvBnRelu[];
  readonly head: Conv2d;

  constructor(readonly spec: MosaicNetSpec = DEFAULT_MOSAIC_NET) {
    super();
    const w = spec.widths;
    if (spec.net !== 'mosaic-unet' || w.length < 2 || !w.every((c) => Number.isInteger(c) && c > 0) || !['rgb', 'rgb+edges'].includes(spec.inputs)) {
      throw new Error(`not a mosaic-unet spec: ${JSON.stringify(spec)}`);
    }
    this.down = w.map((c, i) => this.child(`down${i}`, new Level(i ? w[i - 1]! : inputChannels(spec.inputs), c, i ? 2 : 1)));
    // up[i] joins level i+1's answer (upsampled) with level i's features.
    this.up = w.slice(0, -1).map((c, i) => this.child(`up${i}`, new ConvBnRelu(w[i + 1]! + c, c)));
    this.head = this.child('head', new Conv2d(w[0]!, 1, 1));
  }

  /** Sides must be multiples of this (the detector pads to it). */
  get sideMultiple(): number { return 2 ** (this.spec.widths.length - 1); }

  /** x: [N, C, H, W] (features.ts) → logits [N, 1, H, W]. */
  forward(x: Tensor): Tensor {
    const [, , H, W] = x.shape;
    const m = this.sideMultiple;
    if (H! % m || W! % m) throw new Error(`MosaicNet: input ${W}×${H} must have sides that are multiples of ${m}`);
    const skips: Tensor[] = [];
    let h = x;
    for (const level of this.down) {
      h = level.forward(h);
      skips.push(h);
    }
    let y = skips.pop()!;
    for (let i = this.up.length - 1; i >= 0; i--) {
      const skip = skips.pop()!;
      const u = F.interpolate(y, { scale: 2, mode: 'nearest' });
      y.dispose();
      const joined = cat([u, skip], 1);
      u.dispose();
      skip.dispose();
      y = this.up[i]!.forward(joined);
      joined.dispose();
    }
    const logits = this.head.forward(y);
    y.dispose();
    return logits;
  }
}

/** The detector's family: its spec is its own (`tessera.mosaic-net` metadata, mosaic-weights.ts). */
export const MOSAIC_NET: NetworkDescriptor<object, MosaicNetSpec> = {
  family: 'mosaic-unet', module: MosaicNet, role: 'detector', pattern: 'mosaic-unet', names: ['mosaic-unet'],
  parse: (name) => (name === 'mosaic-unet' ? {} : null),
  build: (_p, spec) => new MosaicNet(spec),
  onnx: [
    [ConvBnRelu, (m: ConvBnRelu, x, ctx) => ctx.emit(m.relu, ctx.emit(m.bn, ctx.emit(m.conv, x)))],
    [Level, (m: Level, x, ctx) => ctx.emit(m.b, ctx.emit(m.a, x))],
    [MosaicNet, (m: MosaicNet, x, ctx) => {
      const skips: string[] = [];
      let h = x;
      for (const level of m.down) skips.push(h = ctx.emit(level, h));
      let y = skips.pop()!;
      for (let i = m.up.length - 1; i >= 0; i--) {
        const joined = ctx.g.node('Concat', [upsampleNearest(ctx.g, y, 2), skips.pop()!], { axis: 1 });
        y = ctx.emit(m.up[i]!, joined);
      }
      return ctx.emit(m.head, y);
    }],
  ],
};
