// An independent reference for the writer: Debian's python3-onnx (installed by scripts/setup.sh) runs
// onnx.checker with full_check (strict shape inference) on every family's export at opsets 13 and 17
// (its 1.12 knows opsets up to 17). Without the module the test is skipped and says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { manualSeed } from '../../src/engine/index.js';
import { exportNetwork } from '../../src/export/index.js';
import { buildModel, discriminatorSpec, generatorSpec, type ArchSpec } from '../../src/models/index.js';
import { MosaicNet } from '../../src/models/mosaic-net.js';
import type { Module } from '../../src/nn/index.js';

const PY = '/usr/bin/python3';
const hasOnnx = spawnSync(PY, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;

const CHECK = `
import sys, onnx
for f in sys.argv[1:]:
    m = onnx.load(f)
    onnx.checker.check_model(m, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)
    out = inferred.graph.output[0].type.tensor_type.shape.dim
    print(f, [d.dim_param or d.dim_value for d in out])
`;

test('onnx.checker (python3-onnx) accepts every family at opsets 13 and 17', { skip: hasOnnx ? false : 'python3 has no onnx module (apt-get install python3-onnx)' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-onnx-check-'));
  try {
    manualSeed(0);
    const nets: [string, Module, number, [number, number]][] = [
      ...([
        ['unet', generatorSpec({ netG: 'unet_32', ngf: 2, dropout: true })],
        ['resnet', generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' })],
        ['cells', generatorSpec({ netG: 'restorer_cells_1blocks', ngf: 4, inputNc: 7 })],
        // the noise plane: an int64 'noise_origin' input beside the image, integer rounds in the graph
        ['cellsNoise', generatorSpec({ netG: 'restorer_cells_1blocks', ngf: 4, inputNc: 7, options: { noise: true } })],
        ['runet', generatorSpec({ netG: 'restorer_unet_32', ngf: 2, inputNc: 7 })],
        ['basic', discriminatorSpec({ netD: 'basic', ndf: 2 })],
        ['pixel', discriminatorSpec({ netD: 'pixel', ndf: 2 })],
        ['srresnet', generatorSpec({ netG: 'srresnet_1blocks_x2', ngf: 2 })],
        ['srrestorer', generatorSpec({ netG: 'restorer_srresnet_1blocks', ngf: 2, inputNc: 7 })],
        ['discoG', generatorSpec({ netG: 'discogan', ngf: 2 })],
        ['unitG', generatorSpec({ netG: 'unit', ngf: 2 })],
        ['srganD', discriminatorSpec({ netD: 'srgan', ndf: 2, inputNc: 3 })],
        ['coganD', discriminatorSpec({ netD: 'cogan', nLayers: 4, ndf: 2, inputNc: 3 })],
        ['unitD', discriminatorSpec({ netD: 'unit', nLayers: 3, ndf: 2, inputNc: 3 })],
      ] as [string, ArchSpec][]).map(([n, s]) => [n, buildModel(s), 'netG' in s ? s.inputNc : s.inputNc, [32, 32]] as [string, Module, number, [number, number]]),
      ['discoD', buildModel(discriminatorSpec({ netD: 'discogan', ndf: 2, inputNc: 3 })), 3, [64, 64]],
      ['coganG', buildModel(generatorSpec({ netG: 'cogan_16', ngf: 2 })), 100, [1, 1]],
      ['mosaic', new MosaicNet({ net: 'mosaic-unet', widths: [4, 8, 8], inputs: 'rgb+edges' }), 7, [16, 16]],
    ];
    const files: string[] = [];
    for (const [name, net, c, [h, w]] of nets) {
      for (const opset of [13, 17]) for (const dynamic of [false, true]) {
        const f = path.join(dir, `${name}-${opset}${dynamic ? '-dyn' : ''}.onnx`);
        fs.writeFileSync(f, exportNetwork(net, { inputChannels: c, height: h, width: w, opset, dynamic, fixedSides: name === 'coganG' }));
        files.push(f);
      }
      net.dispose();
    }
    const r = spawnSync(PY, ['-c', CHECK, ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, files.length);
    // shape inference follows the graph to the output: the generators keep the input's sides
    assert.ok(lines.find((l) => l.includes('unet-13.onnx'))!.endsWith('[1, 3, 32, 32]'), lines.join('\n'));
    assert.ok(lines.find((l) => l.includes('unet-13-dyn.onnx'))!.endsWith("['N', 3, 'H', 'W']"), lines.join('\n'));
    assert.ok(lines.find((l) => l.includes('basic-17.onnx'))!.endsWith('[1, 1, 2, 2]'), lines.join('\n'));
    // SRResNet ×2 doubles the sides; the SRGAN discriminator's dense layers give [N, 1]; CoGAN's noise → a 16² image
    assert.ok(lines.find((l) => l.includes('srresnet-17.onnx'))!.endsWith('[1, 3, 64, 64]'), lines.join('\n'));
    assert.ok(lines.find((l) => l.includes('srganD-13-dyn.onnx'))!.endsWith("['N', 1]"), lines.join('\n'));
    assert.ok(lines.find((l) => l.includes('coganG-17-dyn.onnx'))!.endsWith("['N', 3, 16, 16]"), lines.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
