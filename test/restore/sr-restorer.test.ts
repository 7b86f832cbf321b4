// SRGAN's generator as a mosaic restorer: SRResNet ×8 over the unshuffled cells, the paper's parameter count,
// the restorer's contract (outside pixels kept, whole cells), SRGAN's objective on the restorer's pairs, and
// the CLI from training to eval restore.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tinyPairs } from '../helpers/restorers.js';
import { dispose, keep, manualSeed, noGrad, tensor } from '../../src/engine/index.js';
import type { PlanarImage } from '../../src/image/cells.js';
import {
  buildGenerator, discriminatorSpec, buildModel, generatorSpec, initWeights, restorerInput, requiredMultiple, SRResNetGenerator,
  SRResNetRestorer, worksPerCell,
} from '../../src/models/index.js';
import { SRGAN_DEFAULTS, SRGANTrainer } from '../../src/train/index.js';
import { Restorer } from '../../src/restore/restorer.js';
import { Mulberry32 } from '../../src/util/rng.js';

function noisePlanar(w: number, h: number, c = 3, seed = 1): PlanarImage {
  const rng = new Mulberry32(seed);
  return { data: Float32Array.from({ length: c * w * h }, () => rng.random() * 2 - 1), channels: c, width: w, height: h };
}
const count = (n: { parameters(): { shape: number[] }[] }) => n.parameters().reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);

test('restorer_srresnet_16blocks is SRResNet ×8 (the paper\'s 64 channels, 16 blocks) over 7·64 unshuffled channels, parameters counted by hand', () => {
  const spec = generatorSpec({ netG: 'restorer_srresnet_16blocks', inputNc: 7, outputNc: 3, ngf: 64, norm: 'batch' });
  const G = buildGenerator(spec) as SRResNetRestorer;
  assert.ok(G instanceof SRResNetRestorer && G.srresnet instanceof SRResNetGenerator && worksPerCell(G));
  assert.equal(G.srresnet.scale, 8);
  assert.equal(requiredMultiple(spec), 8);
  const c = 64, cin = 7 * 64;
  const head = cin * c * 81 + c + 1; // 9×9 conv with bias, PReLU (one slope)
  const block = 2 * (c * c * 9) + 2 * (2 * c) + 1; // two bias-free 3×3 convs before batch norm, two BN (γ, β), PReLU
  const fuse = c * c * 9 + 2 * c;
  const up = 3 * (c * 4 * c * 9 + 4 * c + 1); // three ×2 sub-pixel stages: conv to 4c with bias, PReLU
  const tail = c * 3 * 81 + 3;
  assert.equal(count(G), head + 16 * block + fuse + up + tail);
  // the state dict is SRResNet's own, under one prefix: the SRGAN blocks are reused, not copied
  const keys = [...G.stateDict().keys()];
  assert.ok(keys.length > 0 && keys.every((k) => k.startsWith('srresnet.')), keys[0]);
  assert.deepEqual(keys.map((k) => k.slice('srresnet.'.length)), [...new SRResNetGenerator(cin, 3, { nBlocks: 16, scale: 8 }).stateDict().keys()]);
  G.dispose();
});

test('the SRResNet restorer keeps outside pixels exactly, outputs the input\'s size, and needs whole cells', () => {
  manualSeed(4);
  const G = initWeights(new SRResNetRestorer(7, 3, 1, { ngf: 8 }), { type: 'normal', gain: 0.02 }).eval();
  const W = 40, H = 24;
  const mosaic = noisePlanar(W, H, 3, 5);
  const mask = Float32Array.from({ length: W * H }, (_, p) => (p % W > 6 && p % W < 30 && p / W > 5 ? 1 : 0));
  const input = restorerInput(mosaic, mask, { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 });
  const y = noGrad(() => G.forward(tensor(input, [1, 7, H, W])));
  assert.deepEqual(y.shape, [1, 3, H, W]);
  const out = y.data() as Float32Array;
  let inside = 0;
  for (let c = 0; c < 3; c++) for (let p = 0; p < W * H; p++) {
    if (!mask[p]) assert.equal(out[c * W * H + p], mosaic.data[c * W * H + p], `outside pixel ${p}`);
    else if (out[c * W * H + p] !== Math.max(-1, Math.min(1, input[c * W * H + p]!))) inside++;
  }
  assert.ok(inside > 0, 'the network changes pixels inside the region');
  assert.throws(() => noGrad(() => G.forward(tensor(new Float32Array(7 * 20 * 20), [1, 7, 20, 20]))));
  assert.throws(() => new SRResNetRestorer(6, 3, 1), /7 input channels/);
  G.dispose();
});

test('SRGAN\'s objective on restorer pairs (paired): no downsampling, content falls while pretraining, then D trains', () => {
  manualSeed(2);
  const G = initWeights(new SRResNetRestorer(7, 3, 1, { ngf: 8 }), { type: 'normal', gain: 0.02 });
  const D = initWeights(buildModel(discriminatorSpec({ netD: 'srgan', inputNc: 3, ndf: 2, norm: 'batch' })), { type: 'normal', gain: 0.02 });
  const W = 32, target = noisePlanar(W, W, 3, 8);
  // a mosaic of the target (8-px cell means) over the whole crop
  const mosaic: PlanarImage = { ...target, data: new Float32Array(target.data.length) };
  for (let c = 0; c < 3; c++) for (let cy = 0; cy < 4; cy++) for (let cx = 0; cx < 4; cx++) {
    let s = 0;
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += target.data[c * W * W + (cy * 8 + y) * W + cx * 8 + x]!;
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) mosaic.data[c * W * W + (cy * 8 + y) * W + cx * 8 + x] = s / 64;
  }
  const mask = new Float32Array(W * W).fill(1);
  const batch = {
    A: keep(tensor(restorerInput(mosaic, mask, { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 }), [1, 7, W, W])),
    B: keep(tensor(target.data, [1, 3, W, W])),
  };
  const trainer = new SRGANTrainer(G, D, { ...SRGAN_DEFAULTS, lr: 1e-3, pretrainIters: 40, paired: true });
  let shapes: number[][] = [];
  trainer.on((e) => { if (e.type === 'images') shapes = Object.values(e.images).map((t) => t.shape); });
  const content: number[] = [];
  for (let i = 0; i < 40; i++) content.push(trainer.step(batch, i === 39).G_content!);
  assert.ok(content.at(-1)! < 0.7 * content[0]!, `content ${content[0]} → ${content.at(-1)}`);
  assert.deepEqual(shapes, [[1, 7, W, W], [1, 3, W, W], [1, 3, W, W]]); // input, output, target: nothing downsampled
  const adv = trainer.step(batch);
  assert.ok(Number.isFinite(adv.D_real!) && Number.isFinite(adv.D_fake!) && Number.isFinite(adv.G_adv!), JSON.stringify(adv));
  dispose(batch);
});

test('tessera train restorer --netG restorer_srresnet_<n>blocks --objective srgan trains on pairs and eval restore scores it', async () => {
  const cli = path.resolve('dist/src/cli/main.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-srrestorer-'));
  await tinyPairs(dir, 4);
  const out = path.join(dir, 'run');
  const base = ['train', 'restorer', '--data', path.join(dir, 'pairs'), '--out', out, '--netG', 'restorer_srresnet_1blocks', '--ngf', '4', '--ndf', '2', '--batch-size', '2'];
  const r = run(...base, '--objective', 'srgan', '--pretrain-iters', '2', '--iters', '4', '--save-every', '0', '--sample-every', '0');
  assert.equal(r.status, 0, r.stderr);
  const log = fs.readFileSync(path.join(out, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(log.length, 4);
  assert.equal(log[0].D_real, undefined, 'no discriminator step while pretraining');
  assert.ok(Number.isFinite(log[3].D_real) && Number.isFinite(log[3].G_adv), JSON.stringify(log[3]));
  assert.equal(log[3].lr, 1e-4, "SRGAN's Adam learning rate by default");
  // --resume takes the objective (and networks) from the run; asking for the other objective is refused in one line
  const other = run(...base, '--resume', '--objective', 'pix2pix', '--iters', '5');
  assert.notEqual(other.status, 0);
  assert.equal(other.stderr.trim().split('\n').filter((l) => l.startsWith('tessera')).length, 1, other.stderr);
  assert.match(other.stderr, /srgan/);
  const resumed = run(...base, '--resume', '--iters', '5', '--save-every', '0', '--sample-every', '0');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(fs.readFileSync(path.join(out, 'loss_log.jsonl'), 'utf8').trim().split('\n').length, 5, 'resumed under srgan to step 5');
  const state = JSON.parse(fs.readFileSync(path.join(out, 'checkpoints', 'latest', 'train_state.json'), 'utf8'));
  assert.equal(state.options.objective, 'srgan');
  const G = path.join(out, 'checkpoints', 'latest', 'net_G.safetensors');
  const restorer = Restorer.load(G);
  assert.ok(restorer.net instanceof SRResNetRestorer);
  restorer.net.dispose();
  const ev = run('eval', 'restore', '--data', path.join(dir, 'photos'), '--model', G, '--block', '8', '--json');
  assert.equal(ev.status, 0, ev.stderr);
  assert.ok(Number.isFinite(JSON.parse(ev.stdout).rows.at(-1).scores.restorer.psnr));
  // a discriminator of pairs under SRGAN's objective, and SRGAN's under pix2pix's, are one-line errors
  for (const [args, re] of [[['--objective', 'srgan', '--netD', 'basic'], /--objective srgan needs --netD srgan/], [['--netD', 'srgan'], /under --objective srgan/]] as const) {
    const bad = run(...base.map((a) => (a === out ? path.join(dir, 'bad') : a)), ...args, '--iters', '1');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, re);
    assert.equal(bad.stderr.trim().split('\n').filter((l) => l.startsWith('tessera')).length, 1, bad.stderr);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
