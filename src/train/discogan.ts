// DiscoGAN (Kim et al. 2017, §3.3): two GANs coupled by reconstruction. G_AB maps A to B, G_BA maps B
// to A; each translation is mapped back and must reconstruct its input (L_CONST, a distance d; MSE in the
// paper's experiments). L_G = L_GAN_B + L_CONST_A + L_GAN_A + L_CONST_B, L_D = L_D_A + L_D_B, both with
// the standard GAN loss (BCE on logits). As in CycleGAN's update order, the generators step together with
// the discriminators frozen, then both discriminators step on the same (detached) fakes; no image pool.
import { F, tidy, type Adam, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { ganLoss, l1Loss } from './losses.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export type ReconstructionDistance = 'mse' | 'l1';
export const RECONSTRUCTION_DISTANCES: readonly ReconstructionDistance[] = ['mse', 'l1'];

export interface DiscoGANOptions extends OptimOptions {
  /** d(·,·) of the reconstruction terms (paper: MSE). */
  reconstruction: ReconstructionDistance;
  /** Weight of each reconstruction term (paper: 1, the terms are summed unweighted). */
  lambdaRec: number;
}

export const DISCOGAN_DEFAULTS: DiscoGANOptions = { reconstruction: 'mse', lambdaRec: 1, lr: 2e-4, beta1: 0.5, precision: 'fp32' };

export const DISCOGAN_OPTIONS: OptionSchema = [
  { key: 'reconstruction', flag: '--reconstruction <d>', type: 'choice', choices: RECONSTRUCTION_DISTANCES, default: DISCOGAN_DEFAULTS.reconstruction, paper: 'mse', help: `discogan: distance of the reconstruction terms, ${RECONSTRUCTION_DISTANCES.join(' | ')}` },
  { key: 'lambdaRec', flag: '--lambda-rec <x>', type: 'float', min: 0, default: DISCOGAN_DEFAULTS.lambdaRec, paper: 1, help: 'discogan: weight of each reconstruction term' },
];

/** D_A judges domain A (G_BA's outputs), D_B judges domain B (G_AB's outputs). */
export type DiscoGANNetworks = { G_AB: Module; G_BA: Module; D_A: Module; D_B: Module };

export class DiscoGANTrainer extends TrainerBase {
  readonly networks: DiscoGANNetworks;
  readonly optimizers: { G: Adam; D: Adam };

  constructor(nets: DiscoGANNetworks, readonly o: DiscoGANOptions = DISCOGAN_DEFAULTS) {
    super(o);
    this.networks = nets;
    this.optimizers = { G: this.adam([nets.G_AB, nets.G_BA]), D: this.adam([nets.D_A, nets.D_B]) };
  }

  #distance(a: Tensor, b: Tensor): Tensor {
    return this.o.reconstruction === 'mse' ? F.mseLoss(a, b) : l1Loss(a, b);
  }

  /** BCE of D on a real batch (→ 1) plus on a detached fake batch (→ 0). */
  #lossD(D: Module, real: Tensor, fake: Tensor): Tensor {
    const lossReal = ganLoss('vanilla', this.amp(() => D.forward(real)).float(), true);
    return lossReal.add(ganLoss('vanilla', this.amp(() => D.forward(fake.detach())).float(), false));
  }

  step(batch: Batch, images = false): Losses {
    const { G_AB, G_BA, D_A, D_B } = this.networks;
    const losses = tidy(() => {
      const realA = batch.A, realB = batch.B;
      const f = (net: Module, x: Tensor) => this.amp(() => net.forward(x)).float();
      const fakeB = f(G_AB, realA), recA = f(G_BA, fakeB);
      const fakeA = f(G_BA, realB), recB = f(G_AB, fakeA);

      setRequiresGrad([D_A, D_B], false);
      this.optimizers.G.zeroGrad();
      const ganB = ganLoss('vanilla', f(D_B, fakeB), true), ganA = ganLoss('vanilla', f(D_A, fakeA), true);
      const recLossA = this.#distance(recA, realA).mul(this.o.lambdaRec), recLossB = this.#distance(recB, realB).mul(this.o.lambdaRec);
      ganB.add(recLossA).add(ganA).add(recLossB).backward();
      this.optimizers.G.step();

      setRequiresGrad([D_A, D_B], true);
      this.optimizers.D.zeroGrad();
      const lossDA = this.#lossD(D_A, realA, fakeA), lossDB = this.#lossD(D_B, realB, fakeB);
      lossDA.add(lossDB).backward();
      this.optimizers.D.step();

      if (images) this.emit({ type: 'images', images: { real_A: realA, fake_B: fakeB.detach(), rec_A: recA.detach(), real_B: realB, fake_A: fakeA.detach(), rec_B: recB.detach() } });
      return { G_AB: ganB.item(), rec_A: recLossA.item(), G_BA: ganA.item(), rec_B: recLossB.item(), D_A: lossDA.item(), D_B: lossDB.item() };
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
