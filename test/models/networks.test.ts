// The networks against PyTorch: state-dict keys and shapes exactly, forward outputs to 1e-4 in train and
// eval mode from the same weights (fixtures written by test/fixtures/generate_models.py).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { manualSeed, noGrad, tidy, type Tensor } from '../../src/engine/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { buildModel, readArchSpec, type ArchSpec } from '../../src/models/index.js';
import { FIXTURES, maxAbsDiff } from './helpers.js';

type KeyFixtures = Record<string, { spec: ArchSpec; keys: [string, number[]][]; parameters?: number }>;
const readKeys = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as KeyFixtures;
// keys.json: the reference's networks (also read by the import test); family_keys.json: DiscoGAN and SRGAN
const keyFixtures: KeyFixtures = { ...readKeys('keys.json'), ...readKeys('family_keys.json') };

test('state-dict keys and shapes equal PyTorch for every network, norm and dropout setting', () => {
  assert.ok(Object.keys(keyFixtures).length >= 30);
  for (const [name, { spec, keys, parameters }] of Object.entries(keyFixtures)) {
    const net = buildModel(spec);
    const ours = [...net.stateDict()].map(([k, t]) => [k, t.shape]);
    assert.deepEqual(ours, keys, name);
    if (parameters !== undefined) assert.equal(net.parameters().reduce((n, p) => n + p.size, 0), parameters, `${name}: parameter count`);
    net.dispose();
  }
});

test('the rest of the family is there at the papers\' sizes (DiscoGAN, SRResNet ×4 / ×8, SRGAN\'s D)', () => {
  for (const k of ['discogan/batch', 'discogan_D/batch', 'srresnet_16blocks_x4/batch', 'srresnet_16blocks_x8/none', 'srgan_D/batch'])
    assert.ok(keyFixtures[k]?.parameters, `keys.json lacks ${k}`);
  // 16 residual blocks of two 64-channel 3×3 convs and two 64-channel batch norms, as in Ledig et al. Fig. 4
  assert.equal(keyFixtures['srresnet_16blocks_x4/batch']!.keys.filter(([k]) => /^blocks\.\d+\.body\.0\.weight$/.test(k)).length, 16);
  assert.deepEqual(keyFixtures['srresnet_16blocks_x4/batch']!.keys.find(([k]) => k === 'upsample.0.weight')![1], [256, 64, 3, 3]);
});

test('the unet_256 key layout nests as the reference does', () => {
  const keys = keyFixtures['unet_256/batch/dropout=1']!.keys.map(([k]) => k);
  assert.ok(keys.includes('model.model.1.model.3.model.3.model.3.model.3.model.3.model.3.model.1.weight'));
  assert.ok(keys.includes('model.model.1.model.3.model.3.model.3.model.3.model.3.model.3.model.4.running_var'));
});

const forwardFiles = fs.readdirSync(FIXTURES).filter((f) => f.startsWith('forward_'));

for (const file of forwardFiles) {
  test(`forward ${file.slice(8, -12)} matches PyTorch in train and eval mode`, () => {
    const { tensors, metadata } = loadSafetensors(path.join(FIXTURES, file));
    const spec = readArchSpec(metadata, file);
    const net = buildModel(spec);
    const weights = new Map<string, Tensor>();
    for (const [k, t] of tensors) if (k.startsWith('w.')) weights.set(k.slice(2), t);
    net.loadStateDict(weights);
    const x = tidy(() => tensors.get('input')!.float());
    noGrad(() => tidy(() => {
      net.train();
      manualSeed(Number(metadata.dropout_seed));
      const train = net.forward(x);
      assert.ok(maxAbsDiff(train, tensors.get('out_train')!) < 1e-4, `train: ${maxAbsDiff(train, tensors.get('out_train')!)}`);
      const sd = net.stateDict();
      for (const [k, t] of tensors) {
        if (!k.startsWith('after.')) continue;
        const d = maxAbsDiff(sd.get(k.slice(6))!, t);
        assert.ok(d < 1e-5, `${k} after a train-mode forward differs by ${d}`);
      }
      net.eval();
      const ev = net.forward(x);
      assert.ok(maxAbsDiff(ev, tensors.get('out_eval')!) < 1e-4, `eval: ${maxAbsDiff(ev, tensors.get('out_eval')!)}`);
    }));
    x.dispose();
    for (const t of tensors.values()) t.dispose();
    net.dispose();
  });
}
