// Every network family tessera trains, exported with free N, H, W and run by onnxruntime at two input
// sizes, gives the engine's output within 1e-4 (max abs). Weights are PyTorch's default init, batch norm
// with non-trivial running statistics; the mosaic detector is the shipped one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed } from '../../src/engine/index.js';
import { buildModel, discriminatorSpec, generatorSpec, type ArchSpec } from '../../src/models/index.js';
import { loadMosaicNet, shippedDetectorFile } from '../../src/models/mosaic-weights.js';
import type { Module } from '../../src/nn/index.js';
import { parity, perturbNorms } from './helpers.js';

const TOLERANCE = 1e-4;

function built(spec: ArchSpec, seed: number): Module {
  manualSeed(seed);
  return perturbNorms(buildModel(spec), seed + 1);
}

type Size = [number, number] | [number, number, number];
const CASES: { name: string; spec: ArchSpec; channels: number; sizes: Size[]; fixedSides?: boolean }[] = [
  { name: 'unet_32 batch + dropout', spec: generatorSpec({ netG: 'unet_32', ngf: 4, norm: 'batch', dropout: true }), channels: 3, sizes: [[32, 32], [64, 96]] },
  { name: 'unet_64 instance', spec: generatorSpec({ netG: 'unet_64', ngf: 4, norm: 'instance' }), channels: 3, sizes: [[64, 64], [128, 64]] },
  { name: 'resnet_2blocks instance', spec: generatorSpec({ netG: 'resnet_2blocks', ngf: 8, norm: 'instance' }), channels: 3, sizes: [[16, 16], [36, 20]] },
  { name: 'resnet_3blocks batch + dropout', spec: generatorSpec({ netG: 'resnet_3blocks', ngf: 8, norm: 'batch', dropout: true }), channels: 3, sizes: [[24, 24], [20, 44]] },
  { name: 'restorer_cells_2blocks', spec: generatorSpec({ netG: 'restorer_cells_2blocks', ngf: 16, inputNc: 7 }), channels: 7, sizes: [[16, 16], [24, 40]] },
  // the position-keyed noise field built in the graph (integer rounds, Box–Muller), batch 2 for its Expand
  { name: 'restorer_cells_2blocks --noise-input', spec: generatorSpec({ netG: 'restorer_cells_2blocks', ngf: 16, inputNc: 7, options: { noise: true } }), channels: 7, sizes: [[16, 16], [24, 40, 2], [136, 264]] },
  { name: 'restorer_cells_8blocks (default width 64)', spec: generatorSpec({ netG: 'restorer_cells_8blocks', ngf: 64, inputNc: 7 }), channels: 7, sizes: [[64, 64], [96, 128]] },
  { name: 'restorer_unet_32', spec: generatorSpec({ netG: 'restorer_unet_32', ngf: 4, inputNc: 7 }), channels: 7, sizes: [[32, 32], [64, 32]] },
  { name: 'PatchGAN basic', spec: discriminatorSpec({ netD: 'basic', ndf: 8, inputNc: 6 }), channels: 6, sizes: [[32, 32], [48, 72]] },
  { name: 'PatchGAN n_layers 2 instance', spec: discriminatorSpec({ netD: 'n_layers', nLayers: 2, ndf: 8, inputNc: 3, norm: 'instance' }), channels: 3, sizes: [[32, 32], [40, 24]] },
  { name: 'PixelGAN', spec: discriminatorSpec({ netD: 'pixel', ndf: 8, inputNc: 6 }), channels: 6, sizes: [[8, 8], [12, 20]] },
  { name: 'srresnet_2blocks_x4 batch (ngf 8)', spec: generatorSpec({ netG: 'srresnet_2blocks_x4', ngf: 8, norm: 'batch' }), channels: 3, sizes: [[8, 8], [6, 12]] },
  { name: 'srresnet_1blocks_x2 instance (ngf 8)', spec: generatorSpec({ netG: 'srresnet_1blocks_x2', ngf: 8, norm: 'instance' }), channels: 3, sizes: [[10, 10], [14, 6]] },
  { name: 'restorer_srresnet_2blocks (ngf 8)', spec: generatorSpec({ netG: 'restorer_srresnet_2blocks', ngf: 8, inputNc: 7 }), channels: 7, sizes: [[16, 16], [24, 40]] },
  { name: 'discogan generator (ngf 4)', spec: generatorSpec({ netG: 'discogan', ngf: 4, norm: 'batch' }), channels: 3, sizes: [[32, 32], [64, 48]] },
  { name: 'unit translator instance (ngf 4)', spec: generatorSpec({ netG: 'unit', ngf: 4, norm: 'instance' }), channels: 3, sizes: [[16, 16], [32, 20]] },
  // noise → image: the input is z [N, 100, 1, 1] whatever the image side, so the two sizes are two batches
  { name: 'cogan_16 generator (ngf 4)', spec: generatorSpec({ netG: 'cogan_16', ngf: 4, norm: 'batch' }), channels: 100, sizes: [[1, 1], [1, 1, 4]], fixedSides: true },
  { name: 'cogan_32 generator, no norm (ngf 4)', spec: generatorSpec({ netG: 'cogan_32', ngf: 4, norm: 'none' }), channels: 100, sizes: [[1, 1, 2], [1, 1, 3]], fixedSides: true },
  { name: 'discogan discriminator (ndf 4)', spec: discriminatorSpec({ netD: 'discogan', ndf: 4, inputNc: 3 }), channels: 3, sizes: [[64, 64], [96, 80]] },
  // 96 → 6×6 features (the paper's), 112×56 → 7×4: overlapping and repeated bins of the adaptive pool
  { name: 'SRGAN discriminator (ndf 4)', spec: discriminatorSpec({ netD: 'srgan', ndf: 4, inputNc: 3 }), channels: 3, sizes: [[96, 96, 2], [112, 56, 3]] },
  { name: 'CoGAN discriminator 16 (ndf 4)', spec: discriminatorSpec({ netD: 'cogan', nLayers: 3, ndf: 4, inputNc: 3 }), channels: 3, sizes: [[16, 16], [24, 32]] },
  { name: 'UNIT discriminator 3 layers (ndf 4)', spec: discriminatorSpec({ netD: 'unit', nLayers: 3, ndf: 4, inputNc: 3 }), channels: 3, sizes: [[32, 32], [40, 48]] },
];

for (const c of CASES) {
  const label = ([h, w, n = 1]: Size) => `${n > 1 ? `batch ${n} ` : ''}${w}×${h}`;
  test(`${c.name}: onnxruntime = engine within ${TOLERANCE} at ${c.sizes.map(label).join(' and ')}`, async (t) => {
    const net = built(c.spec, 7);
    try {
      const r = await parity(net, c.channels, c.sizes, { fixedSides: c.fixedSides });
      for (const { size, maxAbs } of r) {
        t.diagnostic(`parity ${c.name} ${size}: max abs ${maxAbs.toExponential(2)}`);
        assert.ok(maxAbs <= TOLERANCE, `${c.name} at ${size}: max abs ${maxAbs}`);
      }
    } finally {
      net.dispose();
    }
  });
}

test('the shipped mosaic detector (MosaicNet) matches at 64×64 and 160×96', async (t) => {
  const { net } = loadMosaicNet(shippedDetectorFile());
  try {
    for (const { size, maxAbs } of await parity(net, 7, [[64, 64], [96, 160]])) {
      t.diagnostic(`parity MosaicNet (shipped) ${size}: max abs ${maxAbs.toExponential(2)}`);
      assert.ok(maxAbs <= TOLERANCE, `MosaicNet at ${size}: max abs ${maxAbs}`);
    }
  } finally {
    net.dispose();
  }
});

test('a fixed-shape export and the lowest and highest opsets give the same output too', async () => {
  const net = built(generatorSpec({ netG: 'resnet_1blocks', ngf: 8, norm: 'batch' }), 3);
  try {
    for (const opset of [13, 21]) {
      const [r] = await parity(net, 3, [[20, 28]], { dynamic: false, opset });
      assert.ok(r!.maxAbs <= TOLERANCE, `opset ${opset}: ${r!.maxAbs}`);
    }
  } finally {
    net.dispose();
  }
});

test('a wrong export would be caught: a perturbed weight after export makes the outputs differ', async () => {
  // guards the comparison itself: the exported file keeps the weights it was given
  const net = built(generatorSpec({ netG: 'resnet_1blocks', ngf: 8, norm: 'instance' }), 5);
  try {
    const { exportNetwork } = await import('../../src/export/index.js');
    const ort = (await import('onnxruntime-node')).default;
    const { noGrad, randn, tidy } = await import('../../src/engine/index.js');
    const bytes = exportNetwork(net, { inputChannels: 3, height: 16, width: 16 });
    noGrad(() => net.stateDict().get('model.1.weight')!.add_(0.05));
    const x = randn([1, 3, 16, 16]);
    const want = noGrad(() => tidy(() => net.forward(x).data() as Float32Array));
    const s = await ort.InferenceSession.create(bytes);
    const got = (await s.run({ input: new ort.Tensor('float32', x.data() as Float32Array, [1, 3, 16, 16]) })).output!.data as Float32Array;
    await s.release();
    x.dispose();
    let d = 0;
    for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - want[i]!));
    assert.ok(d > 1e-3, `outputs should differ, max abs ${d}`);
  } finally {
    net.dispose();
  }
});

test('the nn layers no tessera network uses yet export too: zero / edge padding, padded convs, sigmoid, nearest upsampling', async () => {
  const { Conv2d, Dropout, Identity, ReplicationPad2d, Sequential, Sigmoid, Upsample, ZeroPad2d } = await import('../../src/nn/index.js');
  manualSeed(11);
  const net = new Sequential(
    new ZeroPad2d([1, 2, 0, 3]), new Conv2d(3, 4, 3, { padding: 1, paddingMode: 'replicate' }), new ReplicationPad2d(2),
    new Sigmoid(), new Upsample(2), new Conv2d(4, 2, 3, { padding: [1, 2], paddingMode: 'reflect', stride: [1, 2] }),
    new Dropout(0.5), new Identity());
  try {
    for (const { size, maxAbs } of await parity(net, 3, [[8, 8], [10, 14]])) assert.ok(maxAbs <= TOLERANCE, `${size}: ${maxAbs}`);
  } finally {
    net.dispose();
  }
});
