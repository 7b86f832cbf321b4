// pix2pix (Isola et al.): a conditional GAN on (input, target) pairs. The discriminator sees the
// input and an image side by side; D is updated before G; G's loss is GAN + λ·L1 (+ λ_SSIM·(1 − SSIM),
// off by default, for the restorer).
import { cat, tidy, type Adam } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { ganLoss, gradientPenalty, l1Loss, lumaSsim, type GanMode } from './losses.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface Pix2PixOptions extends OptimOptions {
  /** GAN objective (reference: vanilla). */
  ganMode: GanMode;
  /** Weight of the L1 term (reference 100). */
  lambdaL1: number;
  /** Weight of 1 − SSIM of luma (0 = off, as in the reference). */
  lambdaSsim?: number;
}

export const PIX2PIX_DEFAULTS: Pix2PixOptions = { ganMode: 'vanilla', lambdaL1: 100, lr: 2e-4, beta1: 0.5, precision: 'fp32' };

/** pix2pix's objective (the restorer's too). */
export const PIX2PIX_OPTIONS: OptionSchema = [
  { key: 'lambdaL1', flag: '--lambda-L1 <x>', type: 'float', min: 0, default: PIX2PIX_DEFAULTS.lambdaL1, paper: 100, help: 'pix2pix: weight of the L1 term' },
  { key: 'lambdaSsim', flag: '--lambda-ssim <x>', type: 'float', min: 0, default: 0, help: 'pix2pix / restorer: weight of 1 − SSIM of luma (0 = off)' },
];

export class Pix2PixTrainer extends TrainerBase {
  readonly networks: { G: Module; D: Module };
  readonly optimizers: { G: Adam; D: Adam };

  constructor(netG: Module, netD: Module, readonly o: Pix2PixOptions = PIX2PIX_DEFAULTS) {
    super(o);
    this.networks = { G: netG, D: netD };
    this.optimizers = { G: this.adam([netG]), D: this.adam([netD]) };
  }

  step(batch: Batch, images = false): Losses {
    const { G, D } = this.networks;
    const { o } = this;
    const losses = tidy(() => {
      const realA = batch.A, realB = batch.B;
      const fakeB = this.amp(() => G.forward(realA));

      // D: real pairs → real, (input, G(input)) → fake; halved so D learns slower than G.
      setRequiresGrad([D], true);
      this.optimizers.D.zeroGrad();
      const fakeAB = cat([realA, fakeB.detach().to(realA.dtype)], 1);
      const realAB = cat([realA, realB], 1);
      const lossDFake = ganLoss(o.ganMode, this.amp(() => D.forward(fakeAB)).float(), false);
      const lossDReal = ganLoss(o.ganMode, this.amp(() => D.forward(realAB)).float(), true);
      let lossD = lossDFake.add(lossDReal).mul(0.5);
      if (o.ganMode === 'wgangp') lossD = lossD.add(gradientPenalty((x) => D.forward(x), realAB, fakeAB));
      lossD.backward();
      this.optimizers.D.step();

      // G: fool D with frozen weights, and stay close to the target in L1.
      setRequiresGrad([D], false);
      this.optimizers.G.zeroGrad();
      const predFake = this.amp(() => D.forward(cat([realA, fakeB.to(realA.dtype)], 1))).float();
      const lossGGan = ganLoss(o.ganMode, predFake, true);
      const lossGL1 = l1Loss(fakeB.float(), realB).mul(o.lambdaL1);
      const lossGSsim = o.lambdaSsim ? lumaSsim(fakeB.float(), realB).rsub(1).mul(o.lambdaSsim) : null;
      (lossGSsim ? lossGGan.add(lossGL1).add(lossGSsim) : lossGGan.add(lossGL1)).backward();
      this.optimizers.G.step();
      setRequiresGrad([D], true);

      if (images) this.emit({ type: 'images', images: { input: realA, output: fakeB.detach().float(), target: realB } });
      return {
        G_GAN: lossGGan.item(), G_L1: lossGL1.item(), ...(lossGSsim ? { G_SSIM: lossGSsim.item() } : {}),
        D_real: lossDReal.item(), D_fake: lossDFake.item(),
      };
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
