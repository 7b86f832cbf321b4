// GAN objectives as the reference implementation defines them, plus the gradient penalty for WGAN-GP.
import { F, fullLike, grad, onesLike, rand, call, tensor, type Tensor } from '../engine/index.js';
import type { OptionSchema } from '../util/option-schema.js';

export type GanMode = 'vanilla' | 'lsgan' | 'wgangp';
export const GAN_MODES: readonly GanMode[] = ['vanilla', 'lsgan', 'wgangp'];

/** The GAN objective of pix2pix, CycleGAN and the restorer, and their pool of fakes; both default per model. */
export const GAN_OBJECTIVE_OPTIONS: OptionSchema = [
  { key: 'ganMode', flag: '--gan-mode <mode>', type: 'choice', choices: GAN_MODES, help: 'vanilla (BCE with logits) | lsgan (MSE) | wgangp' },
  { key: 'poolSize', flag: '--pool-size <n>', type: 'int', min: 0, help: 'fakes kept for the discriminators, 0 = none' },
];

/**
 * The discriminator objective for predictions `pred` that should read as real (or fake):
 * vanilla = BCE with logits against 1/0, lsgan = MSE against 1/0, wgangp = -mean / +mean.
 */
export function ganLoss(mode: GanMode, pred: Tensor, targetIsReal: boolean): Tensor {
  if (mode === 'wgangp') return targetIsReal ? pred.mean().neg() : pred.mean();
  const target = fullLike(pred, targetIsReal ? 1 : 0);
  return mode === 'vanilla' ? F.bceWithLogits(pred, target) : F.mseLoss(pred, target);
}

/** L1 reconstruction loss (mean absolute error). */
export function l1Loss(a: Tensor, b: Tensor): Tensor {
  return F.l1Loss(a, b);
}

/** 11×11 Gaussian window, σ 1.5, as one depthwise kernel [1, 1, 11, 11] (SSIM's usual window). */
function ssimWindow(): Tensor {
  const r = 5, g = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * 1.5 * 1.5)));
  const s = g.reduce((a, b) => a + b, 0), k = new Float32Array(g.length ** 2);
  for (let y = 0; y < g.length; y++) for (let x = 0; x < g.length; x++) k[y * g.length + x] = (g[y]! * g[x]!) / (s * s);
  return tensor(k, [1, 1, g.length, g.length]);
}

/**
 * Mean SSIM of BT.601 luma between two RGB batches in [−1, 1], on 0–255 levels with the usual constants
 * and only where the whole window fits (no padding): the figure restore/metrics.ts reports, as a
 * differentiable loss term (Zhao et al. 2017 train restoration networks on L1 + SSIM).
 */
export function lumaSsim(a: Tensor, b: Tensor): Tensor {
  const w = ssimWindow().to(a.dtype);
  const lumaOf = (x: Tensor) => {
    const [r, g, bl] = [0, 1, 2].map((c) => x.slice(1, c, c + 1));
    return r!.mul(0.299).add(g!.mul(0.587)).add(bl!.mul(0.114)).add(1).mul(127.5);
  };
  const x = lumaOf(a), y = lumaOf(b), blur = (t: Tensor) => F.conv2d(t, w);
  const mx = blur(x), my = blur(y);
  const vx = blur(x.mul(x)).sub(mx.mul(mx)), vy = blur(y.mul(y)).sub(my.mul(my)), cov = blur(x.mul(y)).sub(mx.mul(my));
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  const num = mx.mul(my).mul(2).add(C1).mul(cov.mul(2).add(C2));
  const den = mx.mul(mx).add(my.mul(my)).add(C1).mul(vx.add(vy).add(C2));
  return num.div(den).mean();
}

/**
 * WGAN-GP penalty on random interpolates between real and fake (the reference's 'mixed' type):
 * lambda · mean((‖∇D(x̂)‖₂ − 1)²). Uses the engine RNG for the mixing weights.
 */
export function gradientPenalty(netD: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, lambdaGp = 10, constant = 1): Tensor {
  const b = real.shape[0]!;
  const alpha = rand([b, 1, 1, 1]).expand(...real.shape);
  const mixed = alpha.mul(real).add(alpha.rsub(1).mul(fake.detach())).detach().requiresGrad_(true);
  const out = netD(mixed);
  const [g] = grad(out, [mixed], { gradOutputs: [onesLike(out)], createGraph: true, retainGraph: true });
  const norms = call('aten::linalg_vector_norm', [g!.reshape(b, -1).add(1e-16), 2, [1], false, null]) as Tensor;
  return norms.sub(constant).square().mean().mul(lambdaGp);
}
