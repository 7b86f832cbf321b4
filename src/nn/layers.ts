// The layers the GAN models are built from, with PyTorch's parameter names, defaults and default init.
import { F, call, cat, empty, ones, tensor, zeros, noGrad, type ProcessGroup, type Tensor } from '../engine/index.js';
import { Module } from './module.js';

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (Array.isArray(v) ? v : [v, v]);

/** PyTorch's default init for conv weights and biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
function uniformFanIn(shape: number[], fanIn: number): Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return noGrad(() => empty(shape).uniform_(-bound, bound));
}

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  /** Padding other than zeros is applied before a padding-0 convolution, as PyTorch does. */
  paddingMode?: 'zeros' | 'reflect' | 'replicate';
}

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inChannels: number, readonly outChannels: number, kernel: Pair, readonly o: Conv2dOptions = {}) {
    super();
    const [kh, kw] = pair(kernel);
    const groups = o.groups ?? 1;
    const fanIn = (inChannels / groups) * kh * kw;
    this.weight = this.param('weight', uniformFanIn([outChannels, inChannels / groups, kh, kw], fanIn));
    this.bias = this.param('bias', o.bias === false ? null : uniformFanIn([outChannels], fanIn));
  }
  forward(x: Tensor): Tensor {
    const { paddingMode = 'zeros', padding = 0 } = this.o;
    if (paddingMode !== 'zeros') {
      const [ph, pw] = pair(padding);
      x = F.pad2d(x, [pw, pw, ph, ph], paddingMode);
      return F.conv2d(x, this.weight, this.bias, { ...this.o, padding: 0 });
    }
    return F.conv2d(x, this.weight, this.bias, this.o);
  }
}

export interface ConvTranspose2dOptions { stride?: Pair; padding?: Pair; outputPadding?: Pair; groups?: number; dilation?: Pair; bias?: boolean }

export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inChannels: number, readonly outChannels: number, kernel: Pair, readonly o: ConvTranspose2dOptions = {}) {
    super();
    const [kh, kw] = pair(kernel);
    const groups = o.groups ?? 1;
    // PyTorch computes fan_in from weight dim 1 (out/groups) for transposed convs.
    const fanIn = (outChannels / groups) * kh * kw;
    this.weight = this.param('weight', uniformFanIn([inChannels, outChannels / groups, kh, kw], fanIn));
    this.bias = this.param('bias', o.bias === false ? null : uniformFanIn([outChannels], fanIn));
  }
  forward(x: Tensor): Tensor { return F.convTranspose2d(x, this.weight, this.bias, this.o); }
}

export interface NormLayerOptions { eps?: number; momentum?: number; affine?: boolean; trackRunningStats?: boolean }

export class BatchNorm2d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number;
  /** Set (train/ddp.ts, --sync-bn): training statistics are those of the whole batch over every rank. */
  syncGroup: ProcessGroup | null = null;
  constructor(readonly numFeatures: number, o: NormLayerOptions = {}) {
    super();
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum ?? 0.1;
    const affine = o.affine ?? true, track = o.trackRunningStats ?? true;
    this.weight = this.param('weight', affine ? ones([numFeatures]) : null);
    this.bias = this.param('bias', affine ? zeros([numFeatures]) : null);
    this.runningMean = this.buffer('running_mean', track ? zeros([numFeatures]) : null);
    this.runningVar = this.buffer('running_var', track ? ones([numFeatures]) : null);
    this.numBatchesTracked = this.buffer('num_batches_tracked', track ? tensor([0], [], { dtype: 'int64' }) : null);
  }
  forward(x: Tensor): Tensor {
    const useBatchStats = this.training || !this.runningMean;
    if (this.training && this.numBatchesTracked) noGrad(() => this.numBatchesTracked!.add_(1));
    if (this.training && this.syncGroup) return this.#synchronised(x, this.syncGroup);
    return F.batchNorm(x, {
      weight: this.weight, bias: this.bias, runningMean: this.runningMean, runningVar: this.runningVar,
      training: useBatchStats, momentum: this.momentum, eps: this.eps,
    });
  }

  /**
   * PyTorch's SyncBatchNorm arithmetic: mean and biased variance over N·H·W of every rank (two passes, so
   * the variance does not lose digits to E[x²] − mean²), gradients summed over ranks through the
   * differentiable allreduce, running variance with the unbiased estimate of the global count.
   */
  #synchronised(x: Tensor, group: ProcessGroup): Tensor {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const xf = x.float();
    const dims = [0, 2, 3];
    const counted = group.allreduceWithGrad(cat([xf.sum(dims), tensor([n * h * w])]));
    const total = counted.select(0, c).item();
    if (total < 2) throw new Error(`BatchNorm2d: synchronised batch norm needs more than one value per channel, got ${total}`);
    const mean = counted.slice(0, 0, c).div(total);
    const centred = xf.sub(mean.view(1, c, 1, 1));
    const variance = group.allreduceWithGrad(centred.square().sum(dims)).div(total);
    let y = centred.mul(variance.add(this.eps).rsqrt().view(1, c, 1, 1));
    if (this.weight) y = y.mul(this.weight.view(1, c, 1, 1));
    if (this.bias) y = y.add(this.bias.view(1, c, 1, 1));
    if (this.runningMean && this.runningVar) {
      const m = this.momentum;
      noGrad(() => {
        this.runningMean!.mul_(1 - m).add_(mean.detach(), m);
        this.runningVar!.mul_(1 - m).add_(variance.detach().mul(total / (total - 1)), m);
      });
    }
    return y.to(x.dtype);
  }
}

/** Instance norm; PyTorch's defaults are affine off and no running stats (the CycleGAN setting). */
export class InstanceNorm2d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly eps: number;
  readonly momentum: number;
  constructor(readonly numFeatures: number, o: NormLayerOptions = {}) {
    super();
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum ?? 0.1;
    this.weight = this.param('weight', o.affine ? ones([numFeatures]) : null);
    this.bias = this.param('bias', o.affine ? zeros([numFeatures]) : null);
    this.runningMean = this.buffer('running_mean', o.trackRunningStats ? zeros([numFeatures]) : null);
    this.runningVar = this.buffer('running_var', o.trackRunningStats ? ones([numFeatures]) : null);
    if (o.trackRunningStats) this.buffer('num_batches_tracked', tensor([0], [], { dtype: 'int64' }));
  }
  forward(x: Tensor): Tensor {
    return F.instanceNorm(x, {
      weight: this.weight, bias: this.bias, runningMean: this.runningMean, runningVar: this.runningVar,
      training: this.training, momentum: this.momentum, eps: this.eps,
    });
  }
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, bias = true) {
    super();
    this.weight = this.param('weight', uniformFanIn([outFeatures, inFeatures], inFeatures));
    this.bias = this.param('bias', bias ? uniformFanIn([outFeatures], inFeatures) : null);
  }
  forward(x: Tensor): Tensor { return F.linear(x, this.weight, this.bias); }
}

export class Dropout extends Module {
  constructor(readonly p = 0.5) { super(); }
  forward(x: Tensor): Tensor { return F.dropout(x, this.p, this.training); }
}

/** ReLU; `inplace` overwrites its input (as the reference networks' ReLU(True)): one fewer activation-sized allocation. */
export class ReLU extends Module {
  constructor(readonly inplace = false) { super(); }
  forward(x: Tensor): Tensor { return this.inplace ? call('aten::relu_', [x]) : x.relu(); }
}
export class LeakyReLU extends Module {
  constructor(readonly slope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return x.leakyRelu(this.slope); }
}
/** PReLU, PyTorch's layout: `weight` holds one learned negative slope (or one per channel), 0.25 at start. */
export class PReLU extends Module {
  readonly weight: Tensor;
  constructor(readonly numParameters = 1, init = 0.25) {
    super();
    this.weight = this.param('weight', noGrad(() => ones([numParameters]).mul(init)));
  }
  forward(x: Tensor): Tensor { return call('aten::prelu', [x, this.weight]); }
}
/** Sub-pixel convolution's rearrangement (nn.PixelShuffle): C·r² channels → C channels at r× the sides. */
export class PixelShuffle extends Module {
  constructor(readonly r: number) { super(); }
  forward(x: Tensor): Tensor { return F.pixelShuffle(x, this.r); }
}
export class Tanh extends Module { forward(x: Tensor): Tensor { return x.tanh(); } }
export class Sigmoid extends Module { forward(x: Tensor): Tensor { return x.sigmoid(); } }
export class Identity extends Module { forward(x: Tensor): Tensor { return x; } }

abstract class Pad2d extends Module {
  readonly padding: [number, number, number, number];
  constructor(padding: number | [number, number, number, number], private readonly mode: F.PadMode) {
    super();
    this.padding = typeof padding === 'number' ? [padding, padding, padding, padding] : padding;
  }
  forward(x: Tensor): Tensor { return F.pad2d(x, this.padding, this.mode); }
}
export class ReflectionPad2d extends Pad2d { constructor(p: number | [number, number, number, number]) { super(p, 'reflect'); } }
export class ReplicationPad2d extends Pad2d { constructor(p: number | [number, number, number, number]) { super(p, 'replicate'); } }
export class ZeroPad2d extends Pad2d { constructor(p: number | [number, number, number, number]) { super(p, 'zeros'); } }

/** Upsampling by a scale factor (nearest or bilinear), as nn.Upsample. */
export class Upsample extends Module {
  constructor(readonly scale: number, readonly mode: 'nearest' | 'bilinear' = 'nearest') { super(); }
  forward(x: Tensor): Tensor { return F.interpolate(x, { scale: this.scale, mode: this.mode }); }
}

