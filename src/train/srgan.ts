// SRGAN (Ledig et al. 2017, §2.2–3.2): super-resolution with a perceptual loss = content loss + 10⁻³ ×
// adversarial loss (−log D(G(I_LR)), BCE on logits). The low-resolution input is the high-resolution
// crop downsampled by the factor with a bicubic kernel (antialiased), as the paper makes its LR images.
// The generator first trains alone on the content loss (`pretrainIters`: the paper starts SRGAN from an
// SRResNet trained 10⁶ iterations on MSE), then D (updated first) and G alternate.
//
// Content loss: the paper's best is the MSE between VGG19 feature maps, which needs ImageNet VGG weights
// that tessera neither ships nor downloads. Offered instead: 'mse' (pixel MSE, the paper's SRGAN-MSE and
// SRResNet-MSE variants; the default) and 'features' (MSE between the discriminator's own stage
// activations of the output and of the target, feature matching as pix2pixHD does: a network trained only
// on the user's own images).
//
// `lambdaGradEnergy` (not in the paper, 0 by default) adds a local gradient-energy term to the adversarial
// phase: the output's detail per 8×8 window should match the target's (local-gradient-energy.ts), so the
// adversarial term cannot buy realism with grain on flat regions. `lambdaGradAmount` (also 0 by default) asks
// for the target's total gradient energy per image, which the windowed term alone leaves short;
// `lambdaGradBalance` (0 by default) for its split between the axes (horizontal streaks against isotropic texture).
//
// `paired`: the batch already holds the network's input and its target (the mosaic restorer's pairs,
// `tessera train restorer --objective srgan`): nothing is downsampled, the same objective applies.
import { call, F, tidy, type Adam, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { ganLoss } from './losses.js';
import { gradientBalanceLoss, gradientEnergyAmountLoss, localGradientEnergyLoss } from './local-gradient-energy.js';
import { TrainerBase, setRequiresGrad, type Batch, type Losses, type OptimOptions, type TrainerState } from './trainer.js';
import type { OptionSchema } from '../util/option-schema.js';

export type ContentLoss = 'mse' | 'features';
export const CONTENT_LOSSES: readonly ContentLoss[] = ['mse', 'features'];

export interface SRGANOptions extends OptimOptions {
  /** Upscaling factor of the generator (the LR input is the HR batch downsampled by it). */
  scale: number;
  content: ContentLoss;
  /** Weight of the adversarial term (paper: 1e-3). */
  lambdaAdv: number;
  /** Weight of the local gradient-energy term in the adversarial phase (0: none, the paper's objective). */
  lambdaGradEnergy?: number;
  /** Weight of the per-image gradient-energy amount term in the adversarial phase (0: none). */
  lambdaGradAmount?: number;
  /** Weight of the per-image term on the split of gradient energy between the axes, adversarial phase (0: none). */
  lambdaGradBalance?: number;
  /** Generator-only steps on the content loss before the adversarial phase (D is not trained in them). */
  pretrainIters: number;
  /** The batch is (input A, target B) instead of HR photos to downsample (the restorer's pairs). */
  paired?: boolean;
}

/** Adam lr 1e-4, β1 0.9 as in the paper. */
export const SRGAN_DEFAULTS: SRGANOptions = { scale: 4, content: 'mse', lambdaAdv: 1e-3, lambdaGradEnergy: 0, lambdaGradAmount: 0, lambdaGradBalance: 0, pretrainIters: 10_000, lr: 1e-4, beta1: 0.9, precision: 'fp32' };

/** SRGAN's objective (the restorer's under --objective srgan); --scale names the generator (train/plan.ts). */
export const SRGAN_OPTIONS: OptionSchema = [
  { key: 'scale', flag: '--scale <s>', type: 'choice', choices: ['2', '4', '8'], help: 'srgan: upscaling factor, 2 | 4 | 8 (picks srresnet_16blocks_x<s> unless --netG names one)' },
  { key: 'content', flag: '--content-loss <c>', type: 'choice', choices: CONTENT_LOSSES, default: SRGAN_DEFAULTS.content, help: 'srgan (and restorer --objective srgan): mse (pixels) | features (the discriminator\'s own stage activations); VGG features need weights tessera does not ship' },
  { key: 'lambdaAdv', flag: '--lambda-adv <x>', type: 'float', min: 0, default: SRGAN_DEFAULTS.lambdaAdv, paper: 1e-3, help: 'srgan (and restorer --objective srgan): weight of the adversarial term' },
  { key: 'lambdaGradEnergy', flag: '--lambda-grad-energy <x>', type: 'float', min: 0, default: SRGAN_DEFAULTS.lambdaGradEnergy, help: 'srgan (and restorer --objective srgan): weight of a term that matches the output\'s gradient RMS per 8×8 window to the target\'s (detail where the target has it, none on flat regions); adversarial phase only, not while pretraining; 0 = off (the paper)' },
  { key: 'lambdaGradAmount', flag: '--lambda-grad-amount <x>', type: 'float', min: 0, default: SRGAN_DEFAULTS.lambdaGradAmount, help: 'srgan (and restorer --objective srgan): weight of a term that matches each output\'s total gradient energy to its target\'s (|log ratio|: the amount of detail, which the windowed term alone leaves at the median window\'s); adversarial phase only; 0 = off' },
  { key: 'lambdaGradBalance', flag: '--lambda-grad-balance <x>', type: 'float', min: 0, default: SRGAN_DEFAULTS.lambdaGradBalance, help: 'srgan (and restorer --objective srgan): weight of a term that matches how each output\'s gradient energy splits between the axes to its target\'s (|log(E_y/E_x) − the target\'s|: no streaks along one direction); adversarial phase only; 0 = off' },
  { key: 'pretrainIters', flag: '--pretrain-iters <n>', type: 'int', min: 0, default: SRGAN_DEFAULTS.pretrainIters, help: 'srgan (and restorer --objective srgan): generator-only MSE steps before the adversarial phase (the paper: an SRResNet of 10^6 steps)' },
];

/** A discriminator that can also give its intermediate activations (models/srgan.ts). */
interface FeatureDiscriminator extends Module { features(x: Tensor): Tensor[] }
const hasFeatures = (m: Module): m is FeatureDiscriminator => typeof (m as unknown as { features?: unknown }).features === 'function';

/** The HR batch [N, C, H, W] downsampled by `scale` with an antialiased bicubic kernel (sides must divide). */
export function bicubicDownsample(hr: Tensor, scale: number): Tensor {
  const [, , h, w] = hr.shape as [number, number, number, number];
  if (h % scale || w % scale) throw new Error(`SRGAN: crop ${w}×${h} is not a multiple of the scale ${scale} (set --crop-size to a multiple)`);
  return call('aten::_upsample_bicubic2d_aa', [hr, [h / scale, w / scale], false, null, null]);
}

export class SRGANTrainer extends TrainerBase {
  readonly networks: { G: Module; D: Module };
  readonly optimizers: { G: Adam; D: Adam };
  #gSteps = 0;

  constructor(netG: Module, netD: Module, readonly o: SRGANOptions = SRGAN_DEFAULTS) {
    super(o);
    if (o.content === 'features' && !hasFeatures(netD)) throw new Error("SRGAN: content loss 'features' needs a discriminator with features() (netD srgan)");
    this.networks = { G: netG, D: netD };
    this.optimizers = { G: this.adam([netG]), D: this.adam([netD]) };
  }

  /** The step count decides the phase, so it comes back from the generator's optimizer on resume. */
  override load(st: TrainerState): void {
    super.load(st);
    this.#gSteps = Math.max(0, ...this.optimizers.G.state().steps);
  }

  get pretraining(): boolean { return this.#gSteps < this.o.pretrainIters; }

  #content(sr: Tensor, hr: Tensor): Tensor {
    if (this.o.content === 'mse') return F.mseLoss(sr, hr);
    const D = this.networks.D as FeatureDiscriminator;
    const fs = this.amp(() => D.features(sr)), fh = this.amp(() => D.features(hr));
    return fs.map((a, i) => F.mseLoss(a.float(), fh[i]!.float().detach())).reduce((s, t) => s.add(t)).div(fs.length);
  }

  step(batch: Batch, images = false): Losses {
    const { G, D } = this.networks;
    const { o } = this;
    const losses = tidy(() => {
      const hr = o.paired ? batch.B : batch.A, lr = o.paired ? batch.A : bicubicDownsample(hr, o.scale);
      const sr = this.amp(() => G.forward(lr)).float();
      const out: Losses = {};
      const adversarial = !this.pretraining;
      if (adversarial) {
        setRequiresGrad([D], true);
        this.optimizers.D.zeroGrad();
        const dReal = ganLoss('vanilla', this.amp(() => D.forward(hr)).float(), true);
        const dFake = ganLoss('vanilla', this.amp(() => D.forward(sr.detach())).float(), false);
        dReal.add(dFake).backward();
        this.optimizers.D.step();
        out.D_real = dReal.item();
        out.D_fake = dFake.item();
      }
      setRequiresGrad([D], false);
      this.optimizers.G.zeroGrad();
      // the pretraining phase is SRResNet's: pixel MSE (an untrained D has no features worth matching)
      const content = adversarial ? this.#content(sr, hr) : F.mseLoss(sr, hr);
      let lossG = content;
      if (adversarial) {
        const adv = ganLoss('vanilla', this.amp(() => D.forward(sr)).float(), true).mul(o.lambdaAdv);
        out.G_adv = adv.item();
        lossG = content.add(adv);
        if (o.lambdaGradEnergy) {
          const grad = localGradientEnergyLoss(sr, hr).mul(o.lambdaGradEnergy);
          out.G_grad = grad.item();
          lossG = lossG.add(grad);
        }
        if (o.lambdaGradAmount) {
          const amount = gradientEnergyAmountLoss(sr, hr).mul(o.lambdaGradAmount);
          out.G_amount = amount.item();
          lossG = lossG.add(amount);
        }
        if (o.lambdaGradBalance) {
          const balance = gradientBalanceLoss(sr, hr).mul(o.lambdaGradBalance);
          out.G_balance = balance.item();
          lossG = lossG.add(balance);
        }
      }
      lossG.backward();
      this.optimizers.G.step();
      setRequiresGrad([D], true);
      this.#gSteps++;
      out.G_content = content.item();
      if (images && o.paired) this.emit({ type: 'images', images: { input: lr, output: sr.detach(), target: hr } });
      else if (images) {
        const bicubic = call('aten::upsample_bicubic2d', [lr, [hr.shape[2]!, hr.shape[3]!], false, null, null]) as Tensor;
        this.emit({ type: 'images', images: { bicubic, output: sr.detach(), target: hr } });
      }
      return out;
    });
    this.emit({ type: 'losses', losses });
    return losses;
  }
}
