// Tiny generator / discriminator stand-ins built from nn layers, for fast trainer tests.
import { type Module, BatchNorm2d, Conv2d, Dropout, LeakyReLU, ReLU, Sequential, Tanh, InstanceNorm2d } from '../../src/nn/index.js';
import type { GanModel } from '../../src/train/index.js';
import { buildModel, discriminatorSpec, generatorSpec, initWeights, shareLayers } from '../../src/models/index.js';

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
  switch (model) {
    case 'cyclegan': return tinyCycleNetworks();
    // dropout on: DualGAN's noise, so resume must bring the RNG back
    case 'dualgan': return { G_A: tinyGenerator(), G_B: tinyGenerator(), D_A: tinyDiscriminator(3), D_B: tinyDiscriminator(3) };
    case 'discogan': return { G_AB: tinyGenerator(3, 3, 'batch', false), G_BA: tinyGenerator(3, 3, 'batch', false), D_A: tinyDiscriminator(3), D_B: tinyDiscriminator(3) };
    // the real SRGAN networks at a tiny width (×2, one block): the trainer reads the scale from G
    case 'srgan': return {
      G: initWeights(buildModel(generatorSpec({ netG: 'srresnet_1blocks_x2', ngf: 4, norm: 'batch' }))),
      D: initWeights(buildModel(discriminatorSpec({ netD: 'srgan', ndf: 2, norm: 'batch', inputNc: 3 }))),
    };
    // the real coupled networks at tiny widths, tied as the training factory ties them (16×16 images)
    case 'cogan': {
      const g = () => initWeights(buildModel(generatorSpec({ netG: 'cogan_16', ngf: 2, norm: 'batch', inputNc: 100 })));
      const d = () => initWeights(buildModel(discriminatorSpec({ netD: 'cogan', ndf: 2, norm: 'batch', inputNc: 3, nLayers: 3 })));
      const nets = { G_A: g(), G_B: g(), D_A: d(), D_B: d() };
      shareLayers(nets.G_A, nets.G_B);
      shareLayers(nets.D_A, nets.D_B);
      return nets;
    }
    case 'unit': {
      const g = () => initWeights(buildModel(generatorSpec({ netG: 'unit', ngf: 2, norm: 'instance' })));
      const d = () => initWeights(buildModel(discriminatorSpec({ netD: 'unit', ndf: 2, inputNc: 3, nLayers: 2 })));
      const nets = { G_AB: g(), G_BA: g(), D_A: d(), D_B: d() };
      shareLayers(nets.G_AB, nets.G_BA);
      return nets;
    }
    default: return { G: tinyGenerator(), D: tinyDiscriminator(6) };
  }
}

export function tinyCycleNetworks() {
  return {
    G_A: tinyGenerator(3, 3, 'instance', false), G_B: tinyGenerator(3, 3, 'instance', false),
    D_A: tinyDiscriminator(3), D_B: tinyDiscriminator(3),
  };
}
