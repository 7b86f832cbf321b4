// Layer-level operations (PyTorch's torch.nn.functional): each is one ATen operator, except the
// bf16 transposed convolution, which ATen 1.13 lacks and we rebuild from conv2d + pixel_shuffle.
import { keep, tidy } from './scope.js';
import { autocast, autocastActive } from './runtime.js';
import { call, tensor, zeros, type Tensor } from './tensor.js';

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (Array.isArray(v) ? v : [v, v]);

export interface ConvOptions { stride?: Pair; padding?: Pair; dilation?: Pair; groups?: number }

export function conv2d(x: Tensor, w: Tensor, b: Tensor | null = null, o: ConvOptions = {}): Tensor {
  return call('aten::conv2d', [x, w, b, pair(o.stride ?? 1), pair(o.padding ?? 0), pair(o.dilation ?? 1), o.groups ?? 1]);
}

export interface ConvTransposeOptions extends ConvOptions { outputPadding?: Pair }

/**
 * Transposed convolution. libtorch 1.13 has no bf16 kernel for it (autocast keeps it in fp32), so under
 * bf16 autocast a large k4 s2 p1 one (every U-Net / ResNet upsampler) runs as its four output phases, 2x2
 * convolutions in bf16 stacked into one (convTranspose4x4s2AsOneConv; convTranspose4x4s2AsPhases is the
 * same map as four separate convolutions). In fp32 the same rewrite is faster than libtorch's kernel for
 * mid-sized shapes (fp32PhasesPayOff), forward alone too; its results differ from conv_transpose2d's at
 * float rounding (~1e-6 relative). k3 s2 p1 with output padding 1 (the ResNet upsamplers) has its own
 * one-convolution rewrite, chosen by the same rules.
 */
export function convTranspose2d(x: Tensor, w: Tensor, b: Tensor | null = null, o: ConvTransposeOptions = {}): Tensor {
  const [s, p, op, d] = [pair(o.stride ?? 1), pair(o.padding ?? 0), pair(o.outputPadding ?? 0), pair(o.dilation ?? 1)];
  const shape = w.shape;
  const s2p1 = (o.groups ?? 1) === 1 && s[0] === 2 && s[1] === 2 && p[0] === 1 && p[1] === 1 && d[0] === 1 && d[1] === 1;
  const k4 = s2p1 && shape[2] === 4 && shape[3] === 4 && op[0] === 0 && op[1] === 0;
  const k3 = s2p1 && shape[2] === 3 && shape[3] === 3 && op[0] === 1 && op[1] === 1;
  if ((k4 || k3) && !libtorchHasBf16ConvTranspose() &&
      (autocastActive() ? phasesPayOff(x.shape, shape) : x.dtype === 'float32' && fp32PhasesPayOff(x.shape, shape)))
    return k4 ? convTranspose4x4s2AsOneConv(x, w, b) : convTranspose3x3s2AsOneConv(x, w, b);
  return call('aten::conv_transpose2d.input', [x, w, b, s, p, op, o.groups ?? 1, d]);
}

let bf16ConvTranspose: boolean | null = null;

/**
 * Whether this libtorch has a bf16 transposed convolution (autocast then runs one in bf16): PyTorch >= 2.0,
 * where transposed convolutions go through oneDNN. The phase rewrites exist for 1.13, which has neither
 * that kernel nor oneDNN for them (fp32 runs gemm + col2im); with a newer libtorch its own kernel is used.
 */
export function libtorchHasBf16ConvTranspose(): boolean {
  bf16ConvTranspose ??= tidy(() => autocast(() =>
    call('aten::conv_transpose2d.input', [zeros([1, 1, 2, 2]), zeros([1, 1, 2, 2]), null, [1, 1], [0, 0], [0, 0], 1, [1, 1]]).dtype === 'bfloat16'));
  return bf16ConvTranspose;
}

/**
 * Whether the bf16 phase rewrite beats fp32 conv_transpose2d. It adds ~20 small ops and four weight casts,
 * so it pays off only with enough pixels per weight and enough work (measured on 2 cores: 2x faster
 * fwd+bwd at 1x256x32x32 -> 128 and 1x128x64x64 -> 64; 2-4x slower at 8x8 and 16x16 inputs).
 */
function phasesPayOff(xShape: number[], wShape: number[]): boolean {
  const pixels = (xShape[2] ?? 0) * (xShape[3] ?? 0);
  const macs = wShape[0]! * wShape[1]! * wShape[2]! * wShape[3]! * pixels;
  return pixels >= 32 * 32 && macs >= 2 ** 27;
}

/**
 * Whether the phase rewrite beats libtorch's fp32 conv_transpose2d (slow_conv_transpose2d: gemm + col2im,
 * and a zero-filled weight gradient) in fp32 too. Measured fwd+bwd, CPU time, 2 threads (bench notes in
 * docs/benchmarks.md): 0.56-0.79x at 32x32-128x128 inputs with >= 64 outputs (512>128, 256>64); 0.95x at 1024>256 on
 * 32x32 (1.35x forward only, so left out); but 2.5x slower at 1024>256 on 16x16 and 7-11x at 1024>512 on 8x8 and below (weight-bound: four
 * weight copies and reorders per call), and 8x slower with 3 outputs (pix2pix's last layer). The k3 rewrite
 * (ResNet upsamplers, 256>128 on 64x64 and 128>64 on 128x128): 0.72x.
 */
function fp32PhasesPayOff(xShape: number[], wShape: number[]): boolean {
  const pixels = (xShape[2] ?? 0) * (xShape[3] ?? 0);
  const weights = wShape[0]! * wShape[1]! * wShape[2]! * wShape[3]!;
  return wShape[1]! >= 64 && pixels >= 32 * 32 && weights <= 2048 * pixels;
}

/**
 * A k4 s2 p1 transposed convolution as four 2x2 convolutions: output pixel (2i+a, 2j+b) reads input rows
 * i-1+a, i+a and columns j-1+b, j+b through kernel taps 3-a-2t (rows) and 3-b-2u (columns), so phase
 * (a, b) is a plain convolution of the zero-padded input with a strided slice of the flipped kernel;
 * pixel_shuffle interleaves the four results.
 */
export function convTranspose4x4s2AsPhases(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const cout = w.shape[1]!;
  const flipped = w.transpose(0, 1).flip([2, 3]); // [cout, cin, 4, 4], tap k at 3-k
  const padded = pad2d(x, 1, 'zeros');
  const phases: Tensor[] = [];
  for (const a of [0, 1]) for (const c of [0, 1]) {
    const xin = padded.slice(2, a, a + h + 1).slice(3, c, c + wd + 1);
    phases.push(conv2d(xin, flipped.slice(2, a, 4, 2).slice(3, c, 4, 2).contiguous(), b));
  }
  return call('aten::pixel_shuffle', [call('aten::stack', [phases, 2]).reshape(n, cout * 4, h, wd), 2]);
}

/**
 * The k4 s2 p1 phase rewrite as one convolution: the four 2x2 phase kernels stacked as 4·C_out output
 * channels (channel 4c + 2a + b is phase (a, b) of output channel c), run once over the input with
 * padding 1, so no input copy or slice; phase (a, b) of output pixel (2i+a, 2j+b) is that channel at
 * (i+a, j+b), which one strided view reads and one copy lays out. The same MACs per output pixel as the
 * four convolutions (plus one row and column of the padded border), one weight reorder instead of four,
 * and one output copy instead of stack + pixel_shuffle.
 */
export function convTranspose4x4s2AsOneConv(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [cin, cout] = w.shape as [number, number];
  // W4[c, a, b, ci, t, u] = w[ci, c, 3-a-2t, 3-b-2u] = flipped[ci, c, a+2t, b+2u] (flipped: w.flip([2, 3]), contiguous)
  const flipped = w.contiguous().flip([2, 3]);
  const w4 = call('aten::as_strided', [flipped, [cout, 2, 2, cin, 2, 2], [16, 4, 1, cout * 16, 8, 2], 0]).reshape(cout * 4, cin, 2, 2);
  const b4 = b ? call('aten::repeat_interleave.self_int', [b, 4]) : null;
  const r = conv2d(x, w4, b4, { padding: 1 }).contiguous(); // [n, 4·cout, h+1, w+1]
  const [h1, w1] = [h + 1, wd + 1], plane = h1 * w1;
  const phases = call('aten::as_strided', [r, [n, cout, h, 2, wd, 2], [4 * cout * plane, 4 * plane, w1, 2 * plane + w1, 1, plane + 1], 0]);
  return phases.reshape(n, cout, 2 * h, 2 * wd);
}

/**
 * A k3 s2 p1 transposed convolution with output padding 1 (the ResNet generator's upsamplers) as four
 * convolutions, one per output phase: output row 2i reads input row i through tap 1; row 2i+1 reads rows
 * i and i+1 through taps 2 and 0 (row H is zero: the output padding). So phase (a, b) convolves the input,
 * zero-padded by one row/column at the end, with a 1 or 2 tap slice of the flipped kernel per axis;
 * pixel_shuffle interleaves the results. The same MACs as the transposed conv, without its col2im.
 */
export function convTranspose3x3s2AsPhases(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const cout = w.shape[1]!;
  const flipped = w.transpose(0, 1).flip([2, 3]); // [cout, cin, 3, 3], tap k at 2-k
  const padded = pad2d(x, [0, 1, 0, 1], 'zeros');
  const taps = (t: Tensor, dim: number, odd: number) => (odd ? t.slice(dim, 0, 3, 2) : t.slice(dim, 1, 2));
  const phases: Tensor[] = [];
  for (const a of [0, 1]) for (const c of [0, 1]) {
    const xin = padded.slice(2, 0, h + a).slice(3, 0, wd + c);
    phases.push(conv2d(xin, taps(taps(flipped, 2, a), 3, c).contiguous(), b));
  }
  return call('aten::pixel_shuffle', [call('aten::stack', [phases, 2]).reshape(n, cout * 4, h, wd), 2]);
}

/**
 * The k3 s2 p1 op1 rewrite as one convolution of 2x2 kernels, like convTranspose4x4s2AsOneConv: along each
 * axis phase 0 reads x[i] through tap 1 and phase 1 reads x[i], x[i+1] through taps 2 and 0, so with
 * padding 1 both are the 2-tap kernels [w1, 0] and [w2, w0] at offset i+1. 16/9 the MACs of the four
 * exact convolutions (the zero taps), in exchange for no input copies and one output copy.
 */
export function convTranspose3x3s2AsOneConv(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [cin, cout] = w.shape as [number, number];
  const taps = tensor([1, 3, 2, 0], [4], { dtype: 'int64' }); // (a, t) -> tap of w padded with a zero tap 3
  const wp = pad2d(w, [0, 1, 0, 1], 'zeros').indexSelect(2, taps).indexSelect(3, taps); // [cin, cout, (a,t), (b,u)]
  const w4 = wp.view(cin, cout, 2, 2, 2, 2).permute(1, 2, 4, 0, 3, 5).reshape(cout * 4, cin, 2, 2);
  const b4 = b ? call('aten::repeat_interleave.self_int', [b, 4]) : null;
  const r = conv2d(x, w4, b4, { padding: 1 }).contiguous(); // [n, 4·cout, h+1, w+1]
  const [h1, w1] = [h + 1, wd + 1], plane = h1 * w1;
  const phases = call('aten::as_strided', [r, [n, cout, h, 2, wd, 2], [4 * cout * plane, 4 * plane, w1, 2 * plane, 1, plane], w1 + 1]);
  return phases.reshape(n, cout, 2 * h, 2 * wd);
}

// taps[a][t][k] = 1 when output phase a reads input offset t-1 through kernel tap k (see convTranspose2d).
let taps: Tensor | null = null;
function phaseTaps(): Tensor {
  if (!taps) {
    const m = new Float32Array(2 * 3 * 4);
    const set = (a: number, t: number, k: number) => { m[a * 12 + t * 4 + k] = 1; };
    set(0, 0, 3); set(0, 1, 1); set(1, 1, 2); set(1, 2, 0);
    taps = keep(tensor(m, [2, 3, 4]));
  }
  return taps;
}

/** The same map as one 3x3 convolution with 4·C_out outputs (2.25x the FLOPs) + pixel_shuffle; kept as a reference. */
export function convTranspose4x4s2AsSubpixel(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const [cin, cout] = w.shape as [number, number];
  const m = phaseTaps();
  const w3 = call('aten::einsum', ['iokl,ayk,bxl->oabiyx', [w, m, m]]).reshape(cout * 4, cin, 3, 3);
  const b3 = b ? call('aten::repeat_interleave.self_int', [b, 4]) : null;
  return call('aten::pixel_shuffle', [conv2d(x, w3, b3, { padding: 1 }), 2]);
}

export interface NormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  training: boolean;
  momentum?: number;
  eps?: number;
}

export function batchNorm(x: Tensor, o: NormOptions): Tensor {
  return call('aten::batch_norm', [x, o.weight ?? null, o.bias ?? null, o.runningMean ?? null, o.runningVar ?? null,
    o.training, o.momentum ?? 0.1, o.eps ?? 1e-5, false]);
}

/** Instance norm; uses batch statistics unless running stats are given and training is false. */
export function instanceNorm(x: Tensor, o: NormOptions): Tensor {
  const useInputStats = o.training || !o.runningMean;
  return call('aten::instance_norm', [x, o.weight ?? null, o.bias ?? null, o.runningMean ?? null, o.runningVar ?? null,
    useInputStats, o.momentum ?? 0.1, o.eps ?? 1e-5, false]);
}

export function dropout(x: Tensor, p: number, training: boolean): Tensor {
  return call('aten::dropout', [x, p, training]);
}

export type PadMode = 'zeros' | 'reflect' | 'replicate';
/** Pads the last two dims by [left, right, top, bottom]. */
export function pad2d(x: Tensor, padding: number | [number, number, number, number], mode: PadMode, value = 0): Tensor {
  const p = typeof padding === 'number' ? [padding, padding, padding, padding] : padding;
  if (mode === 'reflect') return call('aten::reflection_pad2d', [x, p]);
  if (mode === 'replicate') return call('aten::replication_pad2d', [x, p]);
  return call('aten::constant_pad_nd', [x, p, value]);
}

export function pixelShuffle(x: Tensor, r: number): Tensor { return call('aten::pixel_shuffle', [x, r]); }
/** The inverse of pixelShuffle: each r×r block of pixels becomes r² channels at one position. */
export function pixelUnshuffle(x: Tensor, r: number): Tensor { return call('aten::pixel_unshuffle', [x, r]); }

export interface InterpolateOptions { size?: [number, number]; scale?: number; mode?: 'nearest' | 'bilinear'; alignCorners?: boolean }
export function interpolate(x: Tensor, o: InterpolateOptions): Tensor {
  const size = o.size ?? null;
  const scales = o.size ? null : [o.scale ?? 1, o.scale ?? 1];
  if ((o.mode ?? 'nearest') === 'nearest') return call('aten::upsample_nearest2d.vec', [x, size, scales]);
  return call('aten::upsample_bilinear2d.vec', [x, size, o.alignCorners ?? false, scales]);
}

export function avgPool2d(x: Tensor, kernel: Pair, stride?: Pair, padding: Pair = 0, countIncludePad = true): Tensor {
  return call('aten::avg_pool2d', [x, pair(kernel), pair(stride ?? kernel), pair(padding), false, countIncludePad]);
}
export function maxPool2d(x: Tensor, kernel: Pair, stride?: Pair, padding: Pair = 0): Tensor {
  return call('aten::max_pool2d', [x, pair(kernel), pair(stride ?? kernel), pair(padding)]);
}
export function adaptiveAvgPool2d(x: Tensor, size: Pair): Tensor {
  return call('aten::adaptive_avg_pool2d', [x, pair(size)]);
}
export function linear(x: Tensor, w: Tensor, b: Tensor | null = null): Tensor { return call('aten::linear', [x, w, b]); }

// Losses, mean-reduced like PyTorch's defaults (reduction 1 = mean).
export function mseLoss(x: Tensor, target: Tensor): Tensor { return call('aten::mse_loss', [x, target, 1]); }
export function l1Loss(x: Tensor, target: Tensor): Tensor { return call('aten::l1_loss', [x, target, 1]); }
export function bceWithLogits(x: Tensor, target: Tensor): Tensor {
  return call('aten::binary_cross_entropy_with_logits', [x, target, null, null, 1]);
}
