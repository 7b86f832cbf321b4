// CoGAN (Liu & Tuzel 2016, §3 and Algorithm 1): two GANs learn the joint distribution of two domains
// from unpaired images. One noise batch z ~ U(−1, 1)^100 goes through both generators (whose first
// layers are one set of tensors), each discriminator (their last layers one set too) judges its domain's
// real images against its generator's; D_A and D_B step together on the detached fakes, then G_A and G_B
// together with the discriminators frozen, standard GAN loss (BCE on logits, the non-saturating
// generator loss). Adam 2e-4, β (0.5, 0.999) and weight decay 1e-4, as the authors' face solver
// (mingyuliutw/CoGAN, cogan/models/celeba/celeba.solver.ptt) sets them.
import { rand, tidy, type Adam, type Tensor } from '../engine/index.js';
import { COGAN_NOISE } from '../models/index.js';
import type { Module } from '../nn/index.js';
import { ganLoss } from './losses.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions } from './trainer.js';

export type CoGANOptions = OptimOptions;
export const COGAN_DEFAULTS: CoGANOptions = { lr: 2e-4, beta1: 0.5, weightDecay: 1e-4, precision: 'fp32' };

/** G_A, G_B: noise → domain A, B (sharing their first layers); D_A, D_B judge A, B (sharing their last). */
export type CoGANNetworks = { G_A: Module; G_B: Module; D_A: Module; D_B: Module };

/** Where a step's noise comes from (the engine's generator by default; tests hand in PyTorch's draws). */
export type NoiseSource = (shape: number[]) => Tensor;

export const uniformNoise: NoiseSource = (shape) => rand(shape).mul(2).sub(1);

export class CoGANTrainer extends TrainerBase {
  readonly networks: CoGANNetworks;
  readonly optimizers: { G: Adam; D: Adam };

  constructor(nets: CoGANNetworks, readonly o: CoGANOptions = COGAN_DEFAULTS, readonly noise: NoiseSource = uniformNoise) {
    super(o);
    this.networks = nets;
    // adam() takes each tensor once, so a shared layer is one parameter of one optimizer
    this.optimizers = { G: this.adam([nets.G_A, nets.G_B]), D: this.adam([nets.D_A, nets.D_B]) };
  }

  #lossD(D: Module, real: Tensor, fake: Tensor): Tensor {
    const lossReal = ganLoss('vanilla', this.amp(() => D.forward(real)).float(), true);
    return lossReal.add(ganLoss('vanilla', this.amp(() => D.forward(fake.detach())).float(), false));
  }

  step(batch: Batch, images = false): Losses {
    const { G_A, G_B, D_A, D_B } = this.networks;
    const losses = tidy(() => {
      const realA = batch.A, realB = batch.B;
      const z = this.noise([realA.shape[0]!, COGAN_NOISE, 1, 1]);
      const f = (net: Module, x: Tensor) => this.amp(() => net.forward(x)).float();
      const fakeA = f(G_A, z), fakeB = f(G_B, z);

      setRequiresGrad([D_A, D_B], true);
      this.optimizers.D.zeroGrad();
      const lossDA = this.#lossD(D_A, realA, fakeA), lossDB = this.#lossD(D_B, realB, fakeB);
      lossDA.add(lossDB).backward();
      this.optimizers.D.step();

      setRequiresGrad([D_A, D_B], false);
      this.optimizers.G.zeroGrad();
      const lossGA = ganLoss('vanilla', f(D_A, fakeA), true), lossGB = ganLoss('vanilla', f(D_B, fakeB), true);
      lossGA.add(lossGB).backward();
      this.optimizers.G.step();
      setRequiresGrad([D_A, D_B], true);

      // one noise vector drawn in both domains: the pair should correspond
      if (images) this.emit({ type: 'images', images: { real_A: realA, fake_A: fakeA.detach(), fake_B: fakeB.detach(), real_B: realB } });
      return { D_A: lossDA.item(), D_B: lossDB.item(), G_A: lossGA.item(), G_B: lossGB.item() };
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
