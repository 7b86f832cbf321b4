// CycleGAN (Zhu et al.): two generators A→B and B→A trained with adversarial, cycle-consistency and
// identity losses; G_A and G_B step together with the discriminators frozen, then D_A and D_B step on
// fakes drawn from image pools.
import { tidy, type Adam, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { ganLoss, gradientPenalty, l1Loss, type GanMode } from './losses.js';
import { ImagePool } from './pool.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface CycleGANOptions extends OptimOptions {
  /** GAN objective (reference: lsgan). */
  ganMode: GanMode;
  /** Cycle weight A→B→A (reference 10). */
  lambdaA: number;
  /** Cycle weight B→A→B (reference 10). */
  lambdaB: number;
  /** Identity weight, relative to λ_A / λ_B (reference 0.5). */
  lambdaIdentity: number;
  /** Fakes kept for the discriminators (reference 50; 0 turns the pool off). */
  poolSize: number;
  /** Seed of the pools' own generator. */
  poolSeed: number;
}

export const CYCLEGAN_DEFAULTS: CycleGANOptions = {
  ganMode: 'lsgan', lambdaA: 10, lambdaB: 10, lambdaIdentity: 0.5, poolSize: 50, poolSeed: 0, lr: 2e-4, beta1: 0.5, precision: 'fp32',
};

export const CYCLEGAN_OPTIONS: OptionSchema = [
  { key: 'lambdaA', flag: '--lambda-A <x>', type: 'float', min: 0, default: CYCLEGAN_DEFAULTS.lambdaA, paper: 10, help: 'cyclegan: weight of the cycle loss A→B→A' },
  { key: 'lambdaB', flag: '--lambda-B <x>', type: 'float', min: 0, default: CYCLEGAN_DEFAULTS.lambdaB, paper: 10, help: 'cyclegan: weight of the cycle loss B→A→B' },
  { key: 'lambdaIdentity', flag: '--lambda-identity <x>', type: 'float', min: 0, default: CYCLEGAN_DEFAULTS.lambdaIdentity, paper: 0.5, help: 'cyclegan: identity loss weight, relative to lambda-A/B (0 turns it off)' },
];

export type CycleGANNetworks = { G_A: Module; G_B: Module; D_A: Module; D_B: Module };

export class CycleGANTrainer extends TrainerBase {
  readonly networks: CycleGANNetworks;
  readonly optimizers: { G: Adam; D: Adam };
  override readonly pools: { fake_A: ImagePool; fake_B: ImagePool };

  constructor(nets: CycleGANNetworks, readonly o: CycleGANOptions = CYCLEGAN_DEFAULTS) {
    super(o);
    this.networks = nets;
    this.optimizers = { G: this.adam([nets.G_A, nets.G_B]), D: this.adam([nets.D_A, nets.D_B]) };
    this.pools = { fake_A: new ImagePool(o.poolSize, o.poolSeed), fake_B: new ImagePool(o.poolSize, o.poolSeed + 1) };
  }

  /** D's loss on a real and a (detached, pooled) fake batch, halved as in the reference. */
  #backwardD(D: Module, real: Tensor, fake: Tensor): number {
    const lossReal = ganLoss(this.o.ganMode, this.amp(() => D.forward(real)).float(), true);
    const lossFake = ganLoss(this.o.ganMode, this.amp(() => D.forward(fake.detach())).float(), false);
    let loss = lossReal.add(lossFake).mul(0.5);
    if (this.o.ganMode === 'wgangp') loss = loss.add(gradientPenalty((x) => D.forward(x), real, fake));
    loss.backward();
    return loss.item();
  }

  step(batch: Batch, images = false): Losses {
    const { G_A, G_B, D_A, D_B } = this.networks;
    const { o } = this;
    const losses = tidy(() => {
      const realA = batch.A, realB = batch.B;
      const f = (net: Module, x: Tensor) => this.amp(() => net.forward(x)).float();
      const fakeB = f(G_A, realA);
      const recA = f(G_B, fakeB);
      const fakeA = f(G_B, realB);
      const recB = f(G_A, fakeA);

      setRequiresGrad([D_A, D_B], false);
      this.optimizers.G.zeroGrad();
      let lossIdtA: Tensor | null = null, lossIdtB: Tensor | null = null;
      if (o.lambdaIdentity > 0) {
        // G_A should leave images that already look like B alone, and G_B likewise for A.
        lossIdtA = l1Loss(f(G_A, realB), realB).mul(o.lambdaB * o.lambdaIdentity);
        lossIdtB = l1Loss(f(G_B, realA), realA).mul(o.lambdaA * o.lambdaIdentity);
      }
      const lossGA = ganLoss(o.ganMode, f(D_A, fakeB), true);
      const lossGB = ganLoss(o.ganMode, f(D_B, fakeA), true);
      const lossCycleA = l1Loss(recA, realA).mul(o.lambdaA);
      const lossCycleB = l1Loss(recB, realB).mul(o.lambdaB);
      let lossG = lossGA.add(lossGB).add(lossCycleA).add(lossCycleB);
      if (lossIdtA && lossIdtB) lossG = lossG.add(lossIdtA).add(lossIdtB);
      lossG.backward();
      this.optimizers.G.step();

      setRequiresGrad([D_A, D_B], true);
      this.optimizers.D.zeroGrad();
      const lossDA = this.#backwardD(D_A, realB, this.pools.fake_B.query(fakeB.detach()));
      const lossDB = this.#backwardD(D_B, realA, this.pools.fake_A.query(fakeA.detach()));
      this.optimizers.D.step();

      if (images) this.emit({ type: 'images', images: { real_A: realA, fake_B: fakeB.detach(), rec_A: recA.detach(), real_B: realB, fake_A: fakeA.detach(), rec_B: recB.detach() } });
      return {
        D_A: lossDA, G_A: lossGA.item(), cycle_A: lossCycleA.item(), idt_A: lossIdtA?.item() ?? 0,
        D_B: lossDB, G_B: lossGB.item(), cycle_B: lossCycleB.item(), idt_B: lossIdtB?.item() ?? 0,
      };
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
