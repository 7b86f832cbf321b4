// Learning-rate policies of the reference implementation, as functions of the epoch counter.
// A scheduler is stepped once per finished epoch; `factor` multiplies the initial lr.
import type { OptionSchema } from '../util/option-schema.js';

export type LrPolicy = 'linear' | 'step' | 'plateau' | 'cosine';
export const LR_POLICIES: readonly LrPolicy[] = ['linear', 'step', 'plateau', 'cosine'];

export interface SchedulerOptions {
  policy: LrPolicy;
  /** Epochs at the initial lr (linear); the period of cosine. Reference default 100. */
  nEpochs: number;
  /** Epochs of linear decay after nEpochs. Reference default 100. */
  nEpochsDecay: number;
  /** The starting epoch count (the reference's --epoch_count, default 1). */
  epochCount?: number;
  /** step: multiply by 0.1 every lrDecayIters epochs (reference default 50). */
  lrDecayIters?: number;
  /** cosine: the factor it decays to (PyTorch's eta_min / lr); default 0. */
  minFactor?: number;
}

/** The schedule's options; `policy` is --lr-policy. */
export const SCHEDULE_OPTIONS: OptionSchema = [
  { key: 'policy', flag: '--lr-policy <policy>', type: 'choice', choices: LR_POLICIES, default: 'linear', help: LR_POLICIES.join(' | ') },
  { key: 'nEpochs', flag: '--n-epochs <n>', type: 'int', min: 0, default: 100, paper: 100, help: 'epochs at the initial learning rate' },
  { key: 'nEpochsDecay', flag: '--n-epochs-decay <n>', type: 'int', min: 0, default: 100, paper: 100, help: 'epochs of linear decay to zero after that' },
  { key: 'epochCount', flag: '--epoch-count <n>', type: 'int', min: 1, default: 1, help: 'the starting epoch count in the linear formula' },
  { key: 'lrDecayIters', flag: '--lr-decay-iters <n>', type: 'int', min: 1, default: 50, help: 'step policy: multiply by 0.1 every n epochs' },
];

export interface SchedulerState { epoch: number; factor: number; best: number; badEpochs: number }

export class LrScheduler {
  /** Epochs stepped so far (PyTorch's last_epoch). */
  epoch = 0;
  /** Current lr / initial lr. */
  factor = 1;
  // plateau bookkeeping (ReduceLROnPlateau mode min, factor 0.2, threshold 0.01 rel, patience 5)
  best = Infinity;
  badEpochs = 0;

  constructor(readonly o: SchedulerOptions) {
    this.factor = this.factorAt(0);
  }

  /** The multiplier for a given epoch counter, for the closed-form policies. */
  factorAt(epoch: number): number {
    const { policy, nEpochs, nEpochsDecay } = this.o;
    switch (policy) {
      case 'linear':
        return 1 - Math.max(0, epoch + (this.o.epochCount ?? 1) - nEpochs) / (nEpochsDecay + 1);
      case 'step':
        return 0.1 ** Math.floor(epoch / (this.o.lrDecayIters ?? 50));
      case 'cosine': {
        const min = this.o.minFactor ?? 0;
        return min + (1 - min) * 0.5 * (1 + Math.cos((Math.PI * epoch) / nEpochs));
      }
      case 'plateau':
        return this.factor;
    }
  }

  /** Advances one epoch; plateau needs the epoch's metric (lower is better). */
  step(metric = 0): number {
    this.epoch += 1;
    if (this.o.policy === 'plateau') {
      if (metric < this.best * (1 - 0.01)) {
        this.best = metric;
        this.badEpochs = 0;
      } else if (++this.badEpochs > 5) {
        this.factor *= 0.2;
        this.badEpochs = 0;
      }
    } else {
      this.factor = this.factorAt(this.epoch);
    }
    return this.factor;
  }

  state(): SchedulerState {
    return { epoch: this.epoch, factor: this.factor, best: this.best, badEpochs: this.badEpochs };
  }

  load(s: SchedulerState): void {
    Object.assign(this, { epoch: s.epoch, factor: s.factor, best: s.best ?? Infinity, badEpochs: s.badEpochs });
  }
}
