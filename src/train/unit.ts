// UNIT (Liu, Breuel & Kautz 2017, §3, Eqs. 2–7): two VAE-GANs over one shared latent space, trained with
//   L_VAE = λ1 KL(q(z|x) ‖ N(0, I)) − λ2 log p_G(x|z)   (z = E(x) + η, η ~ N(0, I); Laplacian p: L1)
//   L_GAN = λ0 (log D(x) + log(1 − D(G(z))))          (z from the other domain's image: a translation)
//   L_CC  = λ3 KL(q(z|x)) + λ3 KL(q(z|x→other)) − λ4 log p_G(x|z_cycle)   (translate, encode, decode back)
// for both domains, with the paper's λ0 = 10, λ1 = λ3 = 0.1, λ2 = λ4 = 100, Adam 1e-4 (0.5, 0.999) with weight decay 1e-4, batch 1.
// The KL of N(μ, I) from N(0, I) is ½‖μ‖²; like the L1 terms it is taken as a mean over elements here.
// Alternating updates: the discriminators step first on the detached translations, then the encoders
// and generators (shared blocks once) step with the discriminators frozen on the same codes.
// G_AB = G_B ∘ E_A and G_BA = G_A ∘ E_B (models/unit.ts), so E_A is G_AB.encode and G_A is G_BA.decode.
import { randn, tidy, type Adam, type Tensor } from '../engine/index.js';
import { UNITTranslator } from '../models/index.js';
import type { Module } from '../nn/index.js';
import type { NoiseSource } from './cogan.js';
import { ganLoss, l1Loss } from './losses.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface UNITOptions extends OptimOptions {
  /** λ0: the adversarial terms (of both the discriminators' and the generators' losses). */
  lambdaGan: number;
  /** λ1: KL of each image's code. */
  lambdaKl: number;
  /** λ2: the VAE's reconstruction (L1). */
  lambdaVae: number;
  /** λ3: the cycle's KL terms (of the image's code and of its translation's code). */
  lambdaCycKl: number;
  /** λ4: the cycle reconstruction (L1). */
  lambdaCyc: number;
}

/** λ0–λ4 of the paper (§4) and of the authors' 2017 configs (gan_w 10, kl_direct_link_w 0.1, ll_direct_link_w 100,
 *  kl_cycle_link_w 0.1, ll_cycle_link_w 100); Adam 1e-4, β (0.5, 0.999), weight decay 1e-4 as their trainer sets it. */
export const UNIT_DEFAULTS: UNITOptions = { lambdaGan: 10, lambdaKl: 0.1, lambdaVae: 100, lambdaCycKl: 0.1, lambdaCyc: 100, lr: 1e-4, beta1: 0.5, weightDecay: 1e-4, precision: 'fp32' };

export const UNIT_OPTIONS: OptionSchema = [
  { key: 'lambdaGan', flag: '--lambda-gan <x>', type: 'float', min: 0, default: UNIT_DEFAULTS.lambdaGan, paper: 10, help: 'unit: weight λ0 of the adversarial terms' },
  { key: 'lambdaKl', flag: '--lambda-kl <x>', type: 'float', min: 0, default: UNIT_DEFAULTS.lambdaKl, paper: 0.1, help: 'unit: weight λ1 of the KL of each image\'s code' },
  { key: 'lambdaVae', flag: '--lambda-vae <x>', type: 'float', min: 0, default: UNIT_DEFAULTS.lambdaVae, paper: 100, help: 'unit: weight λ2 of the VAE reconstruction (L1)' },
  { key: 'lambdaCycKl', flag: '--lambda-cyc-kl <x>', type: 'float', min: 0, default: UNIT_DEFAULTS.lambdaCycKl, paper: 0.1, help: 'unit: weight λ3 of the cycle\'s KL terms' },
  { key: 'lambdaCyc', flag: '--lambda-cyc <x>', type: 'float', min: 0, default: UNIT_DEFAULTS.lambdaCyc, paper: 100, help: 'unit: weight λ4 of the cycle reconstruction (L1)' },
];

/** The two translators (sharing their latent blocks) and the discriminators of A and of B. */
export type UNITNetworks = { G_AB: Module; G_BA: Module; D_A: Module; D_B: Module };

export const gaussianNoise: NoiseSource = (shape) => randn(shape);

/** KL(N(μ, I) ‖ N(0, I)) per element: ½ mean(μ²). */
const kl = (mu: Tensor) => mu.square().mean().mul(0.5);

export class UNITTrainer extends TrainerBase {
  readonly networks: UNITNetworks;
  readonly optimizers: { G: Adam; D: Adam };

  constructor(nets: UNITNetworks, readonly o: UNITOptions = UNIT_DEFAULTS, readonly noise: NoiseSource = gaussianNoise) {
    super(o);
    for (const n of ['G_AB', 'G_BA'] as const)
      if (!(nets[n] instanceof UNITTranslator)) throw new Error(`UNIT: network ${n} must be a UNIT translator (netG unit)`);
    this.networks = nets;
    this.optimizers = { G: this.adam([nets.G_AB, nets.G_BA]), D: this.adam([nets.D_A, nets.D_B]) };
  }

  /** λ0 (BCE(D(real), 1) + BCE(D(fake), 0)), the fake detached. */
  #lossD(D: Module, real: Tensor, fake: Tensor): Tensor {
    const lossReal = ganLoss('vanilla', this.amp(() => D.forward(real)).float(), true);
    return lossReal.add(ganLoss('vanilla', this.amp(() => D.forward(fake.detach())).float(), false)).mul(this.o.lambdaGan);
  }

  step(batch: Batch, images = false): Losses {
    const { D_A, D_B } = this.networks;
    const G_AB = this.networks.G_AB as UNITTranslator, G_BA = this.networks.G_BA as UNITTranslator;
    const { o } = this;
    const losses = tidy(() => {
      const realA = batch.A, realB = batch.B;
      const E_A = (x: Tensor) => this.amp(() => G_AB.encode(x)).float(), E_B = (x: Tensor) => this.amp(() => G_BA.encode(x)).float();
      const G_A = (z: Tensor) => this.amp(() => G_BA.decode(z)).float(), G_B = (z: Tensor) => this.amp(() => G_AB.decode(z)).float();
      const sample = (mu: Tensor) => mu.add(this.noise(mu.shape));
      const muA = E_A(realA), muB = E_B(realB);
      const zA = sample(muA), zB = sample(muB);
      const fakeB = G_B(zA), fakeA = G_A(zB); // A→B and B→A through the shared latent
      const recA = G_A(zA), recB = G_B(zB); // within-domain reconstructions (the VAEs)
      const muAB = E_B(fakeB), muBA = E_A(fakeA);
      const cycA = G_A(sample(muAB)), cycB = G_B(sample(muBA)); // A→B→A, B→A→B

      setRequiresGrad([D_A, D_B], true);
      this.optimizers.D.zeroGrad();
      const lossDA = this.#lossD(D_A, realA, fakeA), lossDB = this.#lossD(D_B, realB, fakeB);
      lossDA.add(lossDB).backward();
      this.optimizers.D.step();

      setRequiresGrad([D_A, D_B], false);
      this.optimizers.G.zeroGrad();
      const ganAB = ganLoss('vanilla', this.amp(() => D_B.forward(fakeB)).float(), true).mul(o.lambdaGan);
      const ganBA = ganLoss('vanilla', this.amp(() => D_A.forward(fakeA)).float(), true).mul(o.lambdaGan);
      const klA = kl(muA).mul(o.lambdaKl), klB = kl(muB).mul(o.lambdaKl);
      const vaeA = l1Loss(recA, realA).mul(o.lambdaVae), vaeB = l1Loss(recB, realB).mul(o.lambdaVae);
      const cycKlA = kl(muA).add(kl(muAB)).mul(o.lambdaCycKl), cycKlB = kl(muB).add(kl(muBA)).mul(o.lambdaCycKl);
      const cycLossA = l1Loss(cycA, realA).mul(o.lambdaCyc), cycLossB = l1Loss(cycB, realB).mul(o.lambdaCyc);
      [ganBA, klB, vaeB, cycKlB, cycLossB, klA, vaeA, cycKlA, cycLossA].reduce((s, t) => s.add(t), ganAB).backward();
      this.optimizers.G.step();
      setRequiresGrad([D_A, D_B], true);

      if (images) this.emit({ type: 'images', images: { real_A: realA, fake_B: fakeB.detach(), cyc_A: cycA.detach(), real_B: realB, fake_A: fakeA.detach(), cyc_B: cycB.detach() } });
      return {
        D_A: lossDA.item(), D_B: lossDB.item(), G_AB: ganAB.item(), G_BA: ganBA.item(),
        kl_A: klA.item(), kl_B: klB.item(), rec_A: vaeA.item(), rec_B: vaeB.item(),
        cyc_kl_A: cycKlA.item(), cyc_kl_B: cycKlB.item(), cyc_A: cycLossA.item(), cyc_B: cycLossB.item(),
      };
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
