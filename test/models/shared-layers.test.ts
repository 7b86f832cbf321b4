// CoGAN's and UNIT's pairs at the papers' sizes: the shared layers are one tensor in both networks, every
// other layer is each network's own, and the pair's parameter count (shared tensors once) equals PyTorch's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildModel, discriminatorSpec, generatorSpec, shareLayers } from '../../src/models/index.js';
import type { Module } from '../../src/nn/index.js';
import { NETWORK_DEFAULTS, registryNetworks, uniqueParameters } from '../../src/train/index.js';
import { FIXTURES } from './helpers.js';

type Pairs = Record<string, { each: number; pair: number; shared_keys: string[] }>;
const pairs = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'family_pairs.json'), 'utf8')) as Pairs;
const count = (ts: { size: number }[]) => ts.reduce((n, t) => n + t.size, 0);

function checkPair(name: string, a: Module, b: Module): void {
  const want = pairs[name]!;
  assert.equal(count(a.parameters()), want.each, `${name}: one network`);
  assert.equal(count(uniqueParameters([a, b])), want.pair, `${name}: the pair, shared tensors once`);
  const sb = b.stateDict();
  const same = [...a.stateDict()].filter(([k, t]) => sb.get(k) === t).map(([k]) => k);
  assert.deepEqual(same, want.shared_keys, `${name}: shared keys (PyTorch's, batch-norm statistics included)`);
}

test('coupled pairs at the papers\' sizes share exactly their paper\'s layers, and count them once', () => {
  const gs = () => buildModel(generatorSpec({ netG: 'cogan_128', ngf: 32, norm: 'batch', inputNc: 100 }));
  const ds = () => buildModel(discriminatorSpec({ netD: 'cogan', ndf: 32, norm: 'batch', inputNc: 3, nLayers: 6 }));
  const us = () => buildModel(generatorSpec({ netG: 'unit', ngf: 64, norm: 'instance' }));
  const [ga, gb, da, db, ab, ba] = [gs(), gs(), ds(), ds(), us(), us()];
  // before tying, nothing is shared
  assert.equal(count(uniqueParameters([ga, gb])), 2 * pairs.cogan_G!.each);
  shareLayers(ga, gb);
  shareLayers(da, db);
  shareLayers(ab, ba);
  checkPair('cogan_G', ga, gb);
  checkPair('cogan_D', da, db);
  checkPair('unit_G', ab, ba);
  assert.throws(() => shareLayers(ga, da), /share no layers/);
  const wide = buildModel(generatorSpec({ netG: 'unit', ngf: 32, norm: 'instance' }));
  assert.throws(() => shareLayers(ab, wide), /different widths/);
  for (const m of [ga, gb, da, db, ab, ba, wide]) m.dispose();
});

test('the training factory ties the pairs; each checkpoint file still holds its shared layers', () => {
  const { networks } = registryNetworks('unit', { ...NETWORK_DEFAULTS.unit, ngf: 2, ndf: 2, nLayersD: 2 });
  const nets = networks('unit');
  const sba = nets.G_BA!.stateDict();
  const tied = [...nets.G_AB!.stateDict()].filter(([k, t]) => sba.get(k) === t).map(([k]) => k);
  assert.equal(tied.length, 4);
  assert.ok(tied.every((k) => /^(enc|dec)_shared\./.test(k)));
  assert.equal([...nets.D_A!.stateDict()].filter(([k, t]) => nets.D_B!.stateDict().get(k) === t).length, 0);
  const co = registryNetworks('cogan', { ...NETWORK_DEFAULTS.cogan, netG: 'cogan_16', ngf: 2, ndf: 2 }).networks('cogan');
  assert.ok(co.G_A!.stateDict().get('shared.0.0.weight') === co.G_B!.stateDict().get('shared.0.0.weight'));
  assert.ok(co.D_A!.stateDict().get('shared.0.0.weight') === co.D_B!.stateDict().get('shared.0.0.weight'));
  assert.ok(co.D_A!.stateDict().get('head.0.0.weight') !== co.D_B!.stateDict().get('head.0.0.weight'));
  for (const m of [...Object.values(nets), ...Object.values(co)]) m.dispose();
});
