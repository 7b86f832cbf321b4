// A loss on how much local detail an image has, not where it sits: the realism generator's texture should
// have the target's gradient energy window by window (pixel MSE already asks for the exact placement).
// Without it, a GAN fine-tune rewarded for grain drew a lattice of dots on flat sky and walls, 14–36× the
// original's gradient energy there (docs/restorer.md).
import { F, type Tensor } from '../engine/index.js';

/** Keeps the square root's slope finite on perfectly flat windows (an RMS floor of 0.001 on [−1, 1] pixels). */
const EPS = 1e-6;

/**
 * Per window×window block of each image in `x` [N, C, H, W]: the RMS of the forward-difference gradient,
 * √(mean over the block and the channels of dx² + dy² + eps), as [N, 1, ⌊(H−1)/window⌋, ⌊(W−1)/window⌋].
 * The gradients cover H−1 × W−1 positions; a remainder narrower than a window is left out.
 */
export function localGradientRms(x: Tensor, window = 8): Tensor {
  const [, , h, w] = x.shape as [number, number, number, number];
  if (h - 1 < window || w - 1 < window)
    throw new Error(`local gradient energy: a ${w}×${h} image has no whole ${window}×${window} window of gradients (sides need at least ${window + 1} px)`);
  const dx = x.slice(3, 1, w).sub(x.slice(3, 0, w - 1)).slice(2, 0, h - 1);
  const dy = x.slice(2, 1, h).sub(x.slice(2, 0, h - 1)).slice(3, 0, w - 1);
  const energy = dx.square().add(dy.square()).mean([1], true);
  return F.avgPool2d(energy, window).add(EPS).sqrt();
}

/**
 * Mean absolute difference between the local gradient RMS maps of `output` and `target` (the target's
 * detached): 0 when the output has the target's amount of detail in every window, wherever it puts it.
 */
export function localGradientEnergyLoss(output: Tensor, target: Tensor, window = 8): Tensor {
  return F.l1Loss(localGradientRms(output, window), localGradientRms(target.detach(), window));
}

/** Keeps the log finite on a flat image (a mean squared gradient of 1e-5 is about 0.4 grey levels per step). */
const AMOUNT_EPS = 1e-5;

/**
 * The amount of detail per image, not where it is: |log((E_out + eps) / (E_target + eps))|, E the mean over
 * channels and positions of dx² + dy², averaged over the batch (the target's detached). The windowed loss
 * above is an L1 per window, so a generator that cannot tell which windows hold the truth's detail settles at
 * the median window's, far below the total (a few edges hold most of a photo's gradient energy); the
 * evaluation's gradient ratio is that total, so this term asks for it.
 */
export function gradientEnergyAmountLoss(output: Tensor, target: Tensor): Tensor {
  const energy = (x: Tensor) => { const [ex, ey] = axisEnergies(x); return ex.add(ey).add(AMOUNT_EPS); };
  return energy(output).div(energy(target.detach())).log().abs().mean();
}

/** Per image of x [N, C, H, W]: the mean over channels and positions of dx² and of dy², each [N]. */
function axisEnergies(x: Tensor): [Tensor, Tensor] {
  const [, , h, w] = x.shape as [number, number, number, number];
  const dx = x.slice(3, 1, w).sub(x.slice(3, 0, w - 1));
  const dy = x.slice(2, 1, h).sub(x.slice(2, 0, h - 1));
  return [dx.square().mean([1, 2, 3]), dy.square().mean([1, 2, 3])];
}

/**
 * How the detail is split between the axes, per image: |log((E_y + eps) / (E_x + eps)) − the target's|,
 * averaged over the batch (the target's detached). The amount term is blind to direction, and a GAN end
 * trained on photos whose detail runs mostly along horizontal lines (landscapes: E_y/E_x 1.6 in the
 * training photos' median, 1.1 in the evaluation photos') drew horizontal streaks into isotropic texture.
 */
export function gradientBalanceLoss(output: Tensor, target: Tensor): Tensor {
  const balance = (x: Tensor) => { const [ex, ey] = axisEnergies(x); return ey.add(AMOUNT_EPS).div(ex.add(AMOUNT_EPS)).log(); };
  return balance(output).sub(balance(target.detach())).abs().mean();
}
