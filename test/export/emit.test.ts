// The emitter registry: one emitter per module class. A class listed twice (two files each mapping Conv2d,
// say) must fail at load, naming the class, instead of the later entry silently replacing the earlier one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emitterRegistry, type Emitter } from '../../src/export/emit.js';
import { FINDER_EMITTERS } from '../../src/export/finder-networks.js';
import { LAYER_EMITTERS } from '../../src/export/layers.js';
import { networkDescriptors } from '../../src/models/index.js';
import { Conv2d, ReLU } from '../../src/nn/index.js';

test('a module class given two emitters is refused, naming it; distinct classes are kept', () => {
  const first: Emitter = (_m, x) => `${x}-first`, second: Emitter = (_m, x) => `${x}-second`;
  assert.throws(() => emitterRegistry([[Conv2d, first], [ReLU, first], [Conv2d, second]]), /two emitters for Conv2d/);
  const map = emitterRegistry([[Conv2d, first], [ReLU, second]]);
  assert.equal(map.size, 2);
  assert.equal(map.get(Conv2d), first);
});

test('the shipped emitter lists name each class once', () => {
  const all = [...LAYER_EMITTERS, ...networkDescriptors().flatMap((d) => d.onnx ?? []), ...FINDER_EMITTERS];
  assert.equal(emitterRegistry(all).size, all.length);
});
