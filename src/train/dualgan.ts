// DualGAN (Yi et al. 2017, §3 and Algorithm 1): a primal GAN G_A: U → V and a dual GAN G_B: V → U with
// pix2pix's U-Net generators (dropout is the noise z) and 70×70 PatchGAN critics, trained with the
// Wasserstein loss of WGAN: a critic's loss is D(fake) − D(real), its weights clipped to [−c, c] after each
// update, RMSprop as the solver. The generators' loss is λ_U‖u − G_B(G_A(u))‖₁ + λ_V‖v − G_A(G_B(v))‖₁
// − D_A(G_A(u)) − D_B(G_B(v)) (L1 as a mean here), D_A judging domain V and D_B domain U, as the paper's
// text assigns them. Each step is one critic iteration; every n_critic-th also updates the generators.
import { noGrad, RMSprop, tidy, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { l1Loss } from './losses.js';
import { TrainerBase, setRequiresGrad, uniqueParameters, type Batch, type Losses, type OptimOptions, type TrainerState } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export interface DualGANOptions extends OptimOptions {
  /** Weight of the U reconstruction (the paper sets λ_U, λ_V within [100, 1000]). */
  lambdaU: number;
  /** Weight of the V reconstruction. */
  lambdaV: number;
  /** Critic weights are clipped to [−c, c] (WGAN: 0.01). */
  clip: number;
  /** Critic iterations per generator iteration (the paper: 2). */
  nCritic: number;
}

/** lr is RMSprop's (WGAN's 5e-5); beta1 is not used (RMSprop, α 0.99). */
export const DUALGAN_DEFAULTS: DualGANOptions = { lambdaU: 500, lambdaV: 500, clip: 0.01, nCritic: 2, lr: 5e-5, beta1: 0.5, precision: 'fp32' };

export const DUALGAN_OPTIONS: OptionSchema = [
  { key: 'lambdaU', flag: '--lambda-U <x>', type: 'float', min: 0, default: DUALGAN_DEFAULTS.lambdaU, help: 'dualgan: weight of the U (A) reconstruction, the paper uses 100–1000' },
  { key: 'lambdaV', flag: '--lambda-V <x>', type: 'float', min: 0, default: DUALGAN_DEFAULTS.lambdaV, help: 'dualgan: weight of the V (B) reconstruction' },
  { key: 'clip', flag: '--clip <c>', type: 'float', min: 0, default: DUALGAN_DEFAULTS.clip, paper: 0.01, help: 'dualgan: critic weights clipped to [-c, c] (WGAN)' },
  { key: 'nCritic', flag: '--n-critic <n>', type: 'int', min: 1, default: DUALGAN_DEFAULTS.nCritic, help: 'dualgan: critic steps per generator step' },
];

/** D_A judges G_A's outputs (domain V = B), D_B judges G_B's (domain U = A). */
export type DualGANNetworks = { G_A: Module; G_B: Module; D_A: Module; D_B: Module };

export class DualGANTrainer extends TrainerBase {
  readonly networks: DualGANNetworks;
  readonly optimizers: { G: RMSprop; D: RMSprop };
  #criticSteps = 0;

  constructor(nets: DualGANNetworks, readonly o: DualGANOptions = DUALGAN_DEFAULTS) {
    super(o);
    if (!Number.isInteger(o.nCritic) || o.nCritic < 1) throw new Error(`n_critic must be a whole number ≥ 1, got ${o.nCritic}`);
    this.networks = nets;
    this.optimizers = {
      G: new RMSprop(uniqueParameters([nets.G_A, nets.G_B]), { lr: o.lr }),
      D: new RMSprop(uniqueParameters([nets.D_A, nets.D_B]), { lr: o.lr }),
    };
  }

  /** Critic iterations so far come back from the critics' optimizer, so a resumed run keeps the rhythm. */
  override load(st: TrainerState): void {
    super.load(st);
    this.#criticSteps = Math.max(0, ...this.optimizers.D.state().steps);
  }

  step(batch: Batch, images = false): Losses {
    const { G_A, G_B, D_A, D_B } = this.networks;
    const { o } = this;
    const losses = tidy(() => {
      const realU = batch.A, realV = batch.B;
      const f = (net: Module, x: Tensor) => this.amp(() => net.forward(x)).float();
      const fakeV = f(G_A, realU), fakeU = f(G_B, realV);

      // the critics: Wasserstein estimates D(real) − D(fake), maximised; weights clipped after the update
      setRequiresGrad([D_A, D_B], true);
      this.optimizers.D.zeroGrad();
      const lossDA = f(D_A, fakeV.detach()).mean().sub(f(D_A, realV).mean());
      const lossDB = f(D_B, fakeU.detach()).mean().sub(f(D_B, realU).mean());
      lossDA.add(lossDB).backward();
      this.optimizers.D.step();
      noGrad(() => { for (const p of uniqueParameters([D_A, D_B])) p.clamp_(-o.clip, o.clip); });
      this.#criticSteps++;
      const out: Losses = { D_A: lossDA.item(), D_B: lossDB.item() };

      if (this.#criticSteps % o.nCritic === 0) {
        setRequiresGrad([D_A, D_B], false);
        this.optimizers.G.zeroGrad();
        const recU = f(G_B, fakeV), recV = f(G_A, fakeU);
        const ganA = f(D_A, fakeV).mean().neg(), ganB = f(D_B, fakeU).mean().neg();
        const recLossU = l1Loss(recU, realU).mul(o.lambdaU), recLossV = l1Loss(recV, realV).mul(o.lambdaV);
        ganA.add(ganB).add(recLossU).add(recLossV).backward();
        this.optimizers.G.step();
        setRequiresGrad([D_A, D_B], true);
        Object.assign(out, { G_A: ganA.item(), G_B: ganB.item(), rec_U: recLossU.item(), rec_V: recLossV.item() });
        if (images) this.emit({ type: 'images', images: { real_U: realU, fake_V: fakeV.detach(), rec_U: recU.detach(), real_V: realV, fake_U: fakeU.detach(), rec_V: recV.detach() } });
      } else if (images) {
        this.emit({ type: 'images', images: { real_U: realU, fake_V: fakeV.detach(), real_V: realV, fake_U: fakeU.detach() } });
      }
      return out;
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
