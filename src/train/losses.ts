// GAN objectives as the reference implementation defines them, plus the gradient penalty for WGAN-GP.
import { F, fullLike, grad, onesLike, rand, call, type Tensor } from '../engine/index.js';

export type GanMode = 'vanilla' | 'lsgan' | 'wgangp';
export const GAN_MODES: readonly GanMode[] = ['vanilla', 'lsgan', 'wgangp'];

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
