// Weight initialisation of the reference implementation: conv (and transposed conv, linear) weights
// from the chosen scheme with `gain`, their biases 0; batch-norm weights N(1, gain), biases 0.
import { call, manualSeed, noGrad, randn, tidy, type Tensor } from '../engine/index.js';
import { BatchNorm2d, Conv2d, ConvTranspose2d, Linear, type Module } from '../nn/index.js';
import type { OptionSchema } from '../util/option-schema.js';

export type InitType = 'normal' | 'xavier' | 'kaiming' | 'orthogonal';
export const INIT_TYPES: readonly InitType[] = ['normal', 'xavier', 'kaiming', 'orthogonal'];

export const INIT_OPTIONS: OptionSchema = [
  { key: 'initType', flag: '--init-type <type>', type: 'choice', choices: INIT_TYPES, default: 'normal', paper: 'normal', help: `weight init: ${INIT_TYPES.join(' | ')}` },
  { key: 'initGain', flag: '--init-gain <x>', type: 'float', default: 0.02, paper: 0.02, help: 'std (normal) or scale (xavier, orthogonal) of the init' },
];

export interface InitOptions {
  type?: InitType;
  /** Std of 'normal', scale of 'xavier' and 'orthogonal'; the reference default is 0.02. */
  gain?: number;
  /** Seeds the global generator first, so the same seed gives the same weights. */
  seed?: number;
}

/** fan_in, fan_out as PyTorch computes them: dim 1 and dim 0 times the receptive field. */
function fans(w: Tensor): [number, number] {
  const [d0 = 1, d1 = 1, ...rest] = w.shape;
  const field = rest.reduce((a, b) => a * b, 1);
  return [d1 * field, d0 * field];
}

function orthogonal_(w: Tensor, gain: number): void {
  tidy(() => {
    const rows = w.shape[0]!;
    const cols = w.size / rows;
    let flat = randn(rows < cols ? [cols, rows] : [rows, cols]);
    const [q, r] = call('aten::linalg_qr', [flat, 'reduced']) as [Tensor, Tensor];
    // Make the decomposition unique (positive diagonal of R), as torch.nn.init.orthogonal_ does.
    flat = q.mul(call('aten::diagonal', [r, 0, 0, 1]).sign());
    if (rows < cols) flat = flat.permute(1, 0);
    w.copy_(flat.reshape(...w.shape).mul(gain));
  });
}

function initWeight(w: Tensor, type: InitType, gain: number): void {
  const [fanIn, fanOut] = fans(w);
  switch (type) {
    case 'normal': w.normal_(0, gain); break;
    case 'xavier': w.normal_(0, gain * Math.sqrt(2 / (fanIn + fanOut))); break;
    case 'kaiming': w.normal_(0, Math.sqrt(2) / Math.sqrt(fanIn)); break; // a = 0, mode fan_in
    case 'orthogonal': orthogonal_(w, gain); break;
  }
}

/** Initialises every conv, transposed conv, linear and batch-norm layer of `net` in place. */
export function initWeights<M extends Module>(net: M, o: InitOptions = {}): M {
  const type = o.type ?? 'normal', gain = o.gain ?? 0.02;
  if (!INIT_TYPES.includes(type)) throw new Error(`unknown init '${type}' (expected ${INIT_TYPES.join(', ')})`);
  if (o.seed !== undefined) manualSeed(o.seed);
  noGrad(() => {
    for (const [, m] of net.modules()) {
      if (m instanceof Conv2d || m instanceof ConvTranspose2d || m instanceof Linear) {
        initWeight(m.weight, type, gain);
        m.bias?.zero_();
      } else if (m instanceof BatchNorm2d) {
        m.weight?.normal_(1, gain);
        m.bias?.zero_();
      }
    }
  });
  return net;
}
