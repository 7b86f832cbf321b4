// MediaPipe's BlazeFace face detector, the 256×256 full-range ("back camera") variant that
// @vladmandic/human ships as a TF graph (blazeface.json), rebuilt layer for layer from that graph:
// a 5×5 stride-2 stem, 31 residual blocks (3×3 depthwise → 1×1 pointwise, plus the input; a
// stride-2 block max-pools its skip and zero-pads its channels), one plain stride-2 block down to 8×8,
// and 1×1 heads on the 16×16 and 8×8 maps. Depthwise convolutions are Conv2d with groups = channels;
// every 3×3/5×5 convolution pads as TF's 'SAME' (tf-layers.ts). Weights: assets/blazeface.safetensors.
import { cat, type Tensor } from '../engine/index.js';
import { Conv2d, Module } from '../nn/index.js';
import { ChannelPad, SameConv2d, SameMaxPool2d } from './tf-layers.js';

export const BLAZEFACE_SIZE = 256;
/** Anchors per cell on the 16×16 map, then on the 8×8 map: 512 + 384 = 896. */
export const BLAZEFACE_ANCHORS_16 = 2, BLAZEFACE_ANCHORS_8 = 6, BLAZEFACE_ANCHOR_COUNT = 896;
/** Values per anchor in the output: the score logit, then 16 regressors (box centre, size, 6 keypoints). */
export const BLAZEFACE_OUTPUTS = 17;

/** relu(pointwise(depthwise(x)) + skip(x)); the skip max-pools on stride 2 and zero-pads new channels. */
export class BlazeBlock extends Module {
  readonly depthwise: SameConv2d;
  readonly pointwise: Conv2d;
  readonly pool: SameMaxPool2d | null;
  readonly widen: ChannelPad | null;
  constructor(readonly inC: number, readonly outC: number, readonly stride: 1 | 2) {
    super();
    this.depthwise = this.child('depthwise', new SameConv2d(inC, inC, 3, { stride, groups: inC, bias: false }));
    this.pointwise = this.child('pointwise', new Conv2d(inC, outC, 1));
    this.pool = stride === 2 ? new SameMaxPool2d(2) : null;
    this.widen = outC > inC ? new ChannelPad(outC - inC) : null;
  }
  forward(x: Tensor): Tensor {
    const d = this.depthwise.forward(x);
    const h = this.pointwise.forward(d);
    d.dispose();
    const pooled = this.pool ? this.pool.forward(x) : x;
    const skip = this.widen ? this.widen.forward(pooled) : pooled;
    if (pooled !== x && pooled !== skip) pooled.dispose();
    const out = h.add_(skip).relu();
    h.dispose();
    if (skip !== x) skip.dispose();
    return out;
  }
}

/** The 16×16 → 8×8 step: depthwise stride 2 → pointwise → ReLU, with no skip (as in the graph). */
export class BlazeDown extends Module {
  readonly depthwise: SameConv2d;
  readonly pointwise: Conv2d;
  constructor(channels: number) {
    super();
    this.depthwise = this.child('depthwise', new SameConv2d(channels, channels, 3, { stride: 2, groups: channels, bias: false }));
    this.pointwise = this.child('pointwise', new Conv2d(channels, channels, 1));
  }
  forward(x: Tensor): Tensor {
    const d = this.depthwise.forward(x);
    const h = this.pointwise.forward(d);
    d.dispose();
    const out = h.relu();
    h.dispose();
    return out;
  }
}

/** Block plan of the graph: [in, out, stride] for blocks 0–30. */
export function blazeBlockPlan(): [number, number, 1 | 2][] {
  const plan: [number, number, 1 | 2][] = [];
  const stage = (c: number, n: number) => { for (let i = 0; i < n; i++) plan.push([c, c, 1]); };
  stage(24, 7); plan.push([24, 24, 2]);
  stage(24, 7); plan.push([24, 48, 2]);
  stage(48, 7); plan.push([48, 96, 2]);
  stage(96, 7);
  return plan;
}

export class BlazeFace extends Module {
  readonly stem: SameConv2d;
  readonly blocks: BlazeBlock[];
  readonly down: BlazeDown;
  readonly classifier16: Conv2d;
  readonly regressor16: Conv2d;
  readonly classifier8: Conv2d;
  readonly regressor8: Conv2d;

  constructor() {
    super();
    this.stem = this.child('stem', new SameConv2d(3, 24, 5, { stride: 2 }));
    this.blocks = blazeBlockPlan().map(([i, o, s], k) => this.child(`blocks.${k}`, new BlazeBlock(i, o, s)));
    this.down = this.child('down', new BlazeDown(96));
    this.classifier16 = this.child('classifier16', new Conv2d(96, BLAZEFACE_ANCHORS_16, 1));
    this.regressor16 = this.child('regressor16', new Conv2d(96, BLAZEFACE_ANCHORS_16 * 16, 1));
    this.classifier8 = this.child('classifier8', new Conv2d(96, BLAZEFACE_ANCHORS_8, 1));
    this.regressor8 = this.child('regressor8', new Conv2d(96, BLAZEFACE_ANCHORS_8 * 16, 1));
  }

  /** The 16×16 and 8×8 feature maps the heads read. */
  trunk(x: Tensor): [Tensor, Tensor] {
    const s = this.stem.forward(x);
    let h = s.relu();
    s.dispose();
    for (const b of this.blocks) {
      const next = b.forward(h);
      h.dispose();
      h = next;
    }
    return [h, this.down.forward(h)];
  }

  /**
   * x: [N, 3, 256, 256], RGB in [−1, 1] → [N, 896, 17]: per anchor (16×16 map first, row by row, its 2
   * anchors per cell; then the 8×8 map with 6) the score logit and the 16 regressors, in input pixels.
   */
  forward(x: Tensor): Tensor {
    const [f16, f8] = this.trunk(x);
    const rows = [anchorRows(this.classifier16, this.regressor16, f16), anchorRows(this.classifier8, this.regressor8, f8)];
    const out = cat(rows, 1);
    for (const t of [f16, f8, ...rows]) t.dispose();
    return out;
  }
}

/** One map's heads as rows [N, H·W·A, 17]: TF's NHWC reshape order (cell, then anchor in the cell). */
function anchorRows(classifier: Conv2d, regressor: Conv2d, f: Tensor): Tensor {
  const n = f.shape[0]!;
  const c = classifier.forward(f), r = regressor.forward(f);
  const cp = c.permute(0, 2, 3, 1), rp = r.permute(0, 2, 3, 1);
  const scores = cp.reshape(n, -1, 1), regs = rp.reshape(n, -1, 16);
  const rows = cat([scores, regs], 2);
  for (const t of [c, r, cp, rp, scores, regs]) t.dispose();
  return rows;
}
