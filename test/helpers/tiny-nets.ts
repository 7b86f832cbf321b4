// Tiny generator / discriminator stand-ins built from nn layers, for fast trainer tests.
import { type Module, BatchNorm2d, Conv2d, Dropout, LeakyReLU, ReLU, Sequential, Tanh, InstanceNorm2d } from '../../src/nn/index.js';
import type { GanModel } from '../../src/train/index.js';

/** 3→3 image map with batch norm and dropout (so resume must restore running stats and the dropout RNG). */
export function tinyGenerator(inNc = 3, outNc = 3, norm: 'batch' | 'instance' = 'batch', dropout = true): Sequential {
  return new Sequential(
    new Conv2d(inNc, 8, 3, { padding: 1 }), norm === 'batch' ? new BatchNorm2d(8) : new InstanceNorm2d(8), new ReLU(),
    ...(dropout ? [new Dropout(0.5)] : []),
    new Conv2d(8, outNc, 3, { padding: 1 }), new Tanh());
}

/** A two-layer PatchGAN-like critic. */
export function tinyDiscriminator(inNc: number): Sequential {
  return new Sequential(new Conv2d(inNc, 8, 4, { stride: 2, padding: 1 }), new LeakyReLU(0.2), new Conv2d(8, 1, 3, { padding: 1 }));
}

export function tinyNetworks(model: GanModel): Record<string, Module> {
  if (model !== 'cyclegan') return { G: tinyGenerator(), D: tinyDiscriminator(6) };
  return tinyCycleNetworks();
}

export function tinyCycleNetworks() {
  return {
    G_A: tinyGenerator(3, 3, 'instance', false), G_B: tinyGenerator(3, 3, 'instance', false),
    D_A: tinyDiscriminator(3), D_B: tinyDiscriminator(3),
  };
}
