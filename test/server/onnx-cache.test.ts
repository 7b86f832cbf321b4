// The page's export cache refuses the generators that now export but that the page cannot run: a noise
// generator (no image in) and a super-resolution one (its crop-back keeps the input's size); an RGB
// translator of the same family still exports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { manualSeed } from '../../src/engine/index.js';
import { buildGenerator, generatorSpec, saveModel, type GeneratorSpec } from '../../src/models/index.js';
import { OnnxCache } from '../../src/server/onnx-cache.js';

test('OnnxCache: CoGAN and SRResNet generators are refused for the page with a reason, a UNIT translator exports', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-onnx-cache-'));
  try {
    manualSeed(2);
    const save = (name: string, spec: GeneratorSpec) => {
      const f = path.join(dir, name), net = buildGenerator(spec);
      saveModel(f, net, spec);
      net.dispose();
      return f;
    };
    const cache = new OnnxCache(path.join(dir, 'work'));
    const cogan = await cache.generator(save('cogan.safetensors', generatorSpec({ netG: 'cogan_16', ngf: 4 })));
    assert.deepEqual(cogan, { ok: false, reason: 'cogan_16 draws images from noise; the page translates images' });
    const sr = await cache.generator(save('sr.safetensors', generatorSpec({ netG: 'srresnet_1blocks_x4', ngf: 4 })));
    assert.deepEqual(sr, { ok: false, reason: "srresnet_1blocks_x4 gives 4× the input's size; the page runs same-size generators only" });
    const unit = await cache.generator(save('unit.safetensors', generatorSpec({ netG: 'unit', ngf: 4, norm: 'instance' })));
    assert.ok(unit.ok && unit.export.maxAbs <= 1e-4 && fs.existsSync(unit.export.file), JSON.stringify(unit));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
