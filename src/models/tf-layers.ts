// Layers with TensorFlow's conventions, for networks whose weights come from TF graphs (BlazeFace,
// MobileNetV2). TF's 'SAME' padding depends on the input's size: it pads by what the kernel needs,
// putting the odd pixel at the bottom/right (for stride 2 on an even side: nothing on top, one below),
// where PyTorch's padding is symmetric. These layers compute TF's padding for each input.
import { call, F, type Tensor } from '../engine/index.js';
import { Conv2d, Module, type Conv2dOptions } from '../nn/index.js';

/** TF 'SAME' padding along one side: [before, after] for input n, kernel k, stride s. */
export function samePadding(n: number, k: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max(0, (out - 1) * s + k - n);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export interface SameConv2dOptions { stride?: number; groups?: number; bias?: boolean }

/** Conv2d with TF 'SAME' padding (a depthwise convolution when groups = channels). Keys: weight, bias. */
export class SameConv2d extends Conv2d {
  readonly kernelSize: number;
  readonly stride: number;
  constructor(inChannels: number, outChannels: number, kernel: number, o: SameConv2dOptions = {}) {
    super(inChannels, outChannels, kernel, { stride: o.stride ?? 1, groups: o.groups ?? 1, bias: o.bias ?? true } satisfies Conv2dOptions);
    this.kernelSize = kernel;
    this.stride = o.stride ?? 1;
  }
  override forward(x: Tensor): Tensor {
    const [, , h, w] = x.shape;
    const [top, bottom] = samePadding(h!, this.kernelSize, this.stride);
    const [left, right] = samePadding(w!, this.kernelSize, this.stride);
    const o = { stride: this.stride, groups: this.o.groups ?? 1 };
    // symmetric padding goes into the convolution itself; TF's uneven padding is a zero pad first
    if (top === bottom && left === right) return F.conv2d(x, this.weight, this.bias, { ...o, padding: [top, left] });
    const padded = F.pad2d(x, [left, right, top, bottom], 'zeros');
    const y = F.conv2d(padded, this.weight, this.bias, o);
    padded.dispose();
    return y;
  }
}

/** Max pooling k×k, stride k, TF 'SAME': an odd side's last window is cut short (ceil mode), never padded with zeros. */
export class SameMaxPool2d extends Module {
  constructor(readonly kernel: number) { super(); }
  forward(x: Tensor): Tensor {
    return call('aten::max_pool2d', [x, [this.kernel, this.kernel], [this.kernel, this.kernel], [0, 0], [1, 1], true]);
  }
}

/** Appends `extra` zero channels (TF's Pad on the channel axis, as BlazeFace widens its skips). */
export class ChannelPad extends Module {
  constructor(readonly extra: number) { super(); }
  forward(x: Tensor): Tensor { return call('aten::constant_pad_nd', [x, [0, 0, 0, 0, 0, this.extra], 0]); }
}

/** min(max(x, 0), 6): MobileNet's activation. */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return x.clamp(0, 6); }
}
