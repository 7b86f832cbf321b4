import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { loadGenerator } from '../../src/models/index.js';
import { makeAlignedDataset, makeUnalignedDataset, tempDir } from '../helpers/images.js';

const cli = path.resolve('dist/src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const small = ['--ngf', '8', '--ndf', '8', '--load-size', '36', '--crop-size', '32', '--workers', '1'];
const readLog = (run: string) => fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('tessera train pix2pix runs end to end, writes log, samples and checkpoints, and resumes', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 4, 32, 32);
  const r = tessera('train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', ...small,
    '--iters', '4', '--batch-size', '2', '--save-every', '2', '--sample-every', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /train pix2pix 4\/4 100%/);
  assert.match(r.stdout, /done at step 4/);
  const log = readLog(run);
  assert.deepEqual(log.map((l) => l.iteration), [1, 2, 3, 4]);
  assert.ok(log.every((l) => ['G_GAN', 'G_L1', 'D_real', 'D_fake'].every((k) => Number.isFinite(l[k]))));
  const meta = await sharp(path.join(run, 'samples', '0000004.png')).metadata();
  assert.deepEqual([meta.width, meta.height], [3 * 32, 32]); // input | output | target
  // the generator checkpoint knows its architecture
  const g = loadGenerator(path.join(run, 'checkpoints', 'latest', 'net_G.safetensors'));
  assert.equal(g.spec.netG, 'unet_32');
  assert.equal(g.spec.ngf, 8);
  assert.equal(g.spec.dropout, true);
  g.net.dispose();
  // --resume takes the network flags from the run: none repeated here (unet_32, ngf 8 and ndf 8 are not the defaults)
  const again = tessera('train', 'pix2pix', '--data', data, '--out', run, '--load-size', '36', '--crop-size', '32', '--workers', '1',
    '--iters', '6', '--batch-size', '2', '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(readLog(run).map((l) => l.iteration), [1, 2, 3, 4, 5, 6]);
  // --sample-every is kept too (2, not the default 100); given again, it may change
  assert.ok(fs.existsSync(path.join(run, 'samples', '0000006.png')), 'a sample at step 6: the run\'s --sample-every 2 was kept');
  const changed = tessera('train', 'pix2pix', '--data', data, '--out', run, '--load-size', '36', '--crop-size', '32', '--workers', '1',
    '--iters', '9', '--batch-size', '2', '--resume', '--sample-every', '3');
  assert.equal(changed.status, 0, changed.stderr);
  // steps divisible by 3 now: 9, not 8 (which the run's 2 would have sampled)
  assert.ok(fs.existsSync(path.join(run, 'samples', '0000009.png')) && !fs.existsSync(path.join(run, 'samples', '0000008.png')), 'every 3rd step from the resume on');
  // one given that differs is refused, naming only the fields that differ
  const other = tessera('train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_64', '--ngf', '16', ...small.slice(2), '--iters', '8', '--resume');
  assert.equal(other.status, 1);
  assert.match(other.stderr, /the run was started with netG "unet_32", not "unet_64"; ngf 8, not 16; resume with the same options \(or leave them out/);
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('tessera train cyclegan runs end to end in bf16', async () => {
  const data = tempDir(), run = tempDir();
  await makeUnalignedDataset(data, 3, 2, 32, 32);
  const r = tessera('train', 'cyclegan', '--data', data, '--out', run, '--netG', 'resnet_2blocks', ...small,
    '--iters', '3', '--sample-every', '3', '--precision', 'bf16');
  assert.equal(r.status, 0, r.stderr);
  const log = readLog(run);
  assert.equal(log.length, 3);
  assert.ok(log.every((l) => ['D_A', 'G_A', 'cycle_A', 'idt_A', 'D_B', 'G_B', 'cycle_B', 'idt_B'].every((k) => Number.isFinite(l[k]))));
  const meta = await sharp(path.join(run, 'samples', '0000003.png')).metadata();
  assert.equal(meta.width, 6 * 32);
  assert.deepEqual(fs.readdirSync(path.join(run, 'checkpoints', 'latest')).filter((f) => f.startsWith('net_')).sort(),
    ['net_D_A.safetensors', 'net_D_B.safetensors', 'net_G_A.safetensors', 'net_G_B.safetensors']);
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('tessera train discogan, dualgan and srgan run from the CLI with their papers\' defaults; translate runs their generators', async () => {
  const { Translator } = await import('../../src/translate/index.js');
  const unpaired = tempDir(), photos = tempDir();
  await makeUnalignedDataset(unpaired, 2, 2, 64, 64);
  await makeUnalignedDataset(photos, 2, 1, 48, 48);
  fs.renameSync(path.join(photos, 'trainA'), path.join(photos, 'train'));
  const cases: [string, string[], string[], string][] = [
    // DiscoGAN's own 64×64 default size
    ['discogan', ['--ngf', '4', '--ndf', '4'], ['G_AB', 'rec_A', 'G_BA', 'rec_B', 'D_A', 'D_B'], 'net_G_AB'],
    ['dualgan', ['--netG', 'unet_32', '--ngf', '4', '--ndf', '4', '--load-size', '36', '--crop-size', '32'], ['D_A', 'D_B'], 'net_G_A'],
    ['srgan', ['--scale', '2', '--ngf', '4', '--ndf', '2', '--crop-size', '32', '--batch-size', '2', '--pretrain-iters', '1'], ['D_real', 'D_fake', 'G_adv', 'G_content'], 'net_G'],
  ];
  for (const [model, flags, keys, gen] of cases) {
    const run = tempDir();
    const r = tessera('train', model, '--data', model === 'srgan' ? photos : unpaired, '--out', run, ...flags, '--workers', '1', '--iters', '2', '--sample-every', '2');
    assert.equal(r.status, 0, `${model}: ${r.stderr}`);
    const log = readLog(run);
    assert.equal(log.length, 2);
    assert.ok(keys.every((k) => Number.isFinite(log[1][k])), `${model}: ${JSON.stringify(log[1])}`);
    assert.ok(fs.existsSync(path.join(run, 'samples', '0000002.png')));
    const t = Translator.load(path.join(run, 'checkpoints', 'latest', `${gen}.safetensors`));
    const [out] = t.translate([{ data: new Uint8Array(20 * 12 * 3).fill(90), width: 20, height: 12, channels: 3 }]);
    // SRGAN upscales by its factor; the translators keep the size
    assert.deepEqual([out!.width, out!.height], model === 'srgan' ? [40, 24] : [20, 12], model);
    t.dispose();
    fs.rmSync(run, { recursive: true });
  }
  const refused = tessera('train', 'dualgan', '--data', unpaired, '--out', tempDir(), '--gan-mode', 'lsgan');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /dualgan trains with its paper's objective: --gan-mode and --pool-size do not apply/);
  for (const d of [unpaired, photos]) fs.rmSync(d, { recursive: true });
});

test('tessera train unit and cogan run from the CLI and resume; UNIT translates A→B, a CoGAN generator is refused by translate', async () => {
  const { Translator } = await import('../../src/translate/index.js');
  const { noGrad, rand, tidy } = await import('../../src/engine/index.js');
  const unpaired = tempDir();
  await makeUnalignedDataset(unpaired, 3, 2, 40, 40);
  const unit = tempDir();
  const unitFlags = ['--ngf', '2', '--ndf', '2', '--n-layers-D', '2', '--load-size', '36', '--crop-size', '32', '--workers', '1', '--sample-every', '2'];
  let r = tessera('train', 'unit', '--data', unpaired, '--out', unit, ...unitFlags, '--iters', '2');
  assert.equal(r.status, 0, r.stderr);
  r = tessera('train', 'unit', '--data', unpaired, '--out', unit, ...unitFlags, '--iters', '3', '--resume');
  assert.equal(r.status, 0, r.stderr);
  const log = readLog(unit);
  assert.equal(log.length, 3);
  assert.ok(['D_A', 'D_B', 'G_AB', 'G_BA', 'kl_A', 'rec_A', 'cyc_kl_A', 'cyc_A'].every((k) => Number.isFinite(log[2][k])), JSON.stringify(log[2]));
  assert.equal((await sharp(path.join(unit, 'samples', '0000002.png')).metadata()).width, 6 * 32);
  const t = Translator.load(path.join(unit, 'checkpoints', 'latest', 'net_G_AB.safetensors'));
  const [out] = t.translate([{ data: new Uint8Array(20 * 12 * 3).fill(90), width: 20, height: 12, channels: 3 }]);
  assert.deepEqual([out!.width, out!.height], [20, 12]);
  t.dispose();
  assert.throws(() => Translator.load(unit), /holds 2 generators \(net_G_AB\.safetensors, net_G_BA\.safetensors\)/);

  const cogan = tempDir();
  r = tessera('train', 'cogan', '--data', unpaired, '--out', cogan, '--ngf', '2', '--ndf', '2', '--load-size', '16', '--crop-size', '16',
    '--batch-size', '2', '--workers', '1', '--iters', '2', '--sample-every', '2', '--precision', 'bf16');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(['D_A', 'D_B', 'G_A', 'G_B'].every((k) => Number.isFinite(readLog(cogan)[1][k])));
  assert.equal((await sharp(path.join(cogan, 'samples', '0000002.png')).metadata()).width, 4 * 16); // real_A | fake_A | fake_B | real_B
  const file = path.join(cogan, 'checkpoints', 'latest', 'net_G_B.safetensors');
  assert.throws(() => Translator.load(file), /cogan_16 is a CoGAN generator, which draws images from noise and translates none/);
  // each generator file holds its shared layers too, so it draws images on its own
  const { net } = loadGenerator(file);
  assert.deepEqual(noGrad(() => tidy(() => net.forward(rand([2, 100, 1, 1])).shape)), [2, 3, 16, 16]);
  net.dispose();
  const bad = tessera('train', 'cogan', '--data', unpaired, '--out', tempDir(), '--netG', 'cogan_32', '--crop-size', '16');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--netG cogan_32 draws other images than the --crop-size 16 ones/);
  for (const d of [unpaired, unit, cogan]) fs.rmSync(d, { recursive: true });
});

test('bad data folders and bad flags exit non-zero with one clear line', () => {
  const run = tempDir();
  const r = tessera('train', 'pix2pix', '--data', path.join(run, 'nowhere'), '--out', run);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^tessera: .*nowhere: dataset folder does not exist\n$/);
  const bad = tessera('train', 'cyclegan', '--data', run, '--out', run, '--lr-policy', 'sometimes');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--lr-policy must be one of linear, step, plateau, cosine, got 'sometimes'/);
  fs.rmSync(run, { recursive: true });
});

test('SIGINT saves a checkpoint after the current step and exits 130 (SIGTERM: 143); --resume goes on from there', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 2, 32, 32);
  const args = ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', ...small, '--save-every', '0', '--sample-every', '0'];
  const child = spawn(process.execPath, [cli, ...args, '--iters', '100000'], { env: { ...process.env, TESSERA_THREADS: '1' } });
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  const log = path.join(run, 'loss_log.jsonl');
  while (!fs.existsSync(log) || fs.readFileSync(log, 'utf8').split('\n').length < 3) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 130, 'a stopped run does not exit as a finished one');
  const stoppedAt = Number(/stopped at step (\d+)/.exec(stdout)?.[1]);
  assert.ok(stoppedAt >= 2, stdout);
  const state = JSON.parse(fs.readFileSync(path.join(run, 'checkpoints', 'latest', 'train_state.json'), 'utf8'));
  assert.equal(state.iteration, stoppedAt);
  const again = tessera(...args, '--iters', String(stoppedAt + 2), '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(readLog(run).map((l) => l.iteration), Array.from({ length: stoppedAt + 2 }, (_, i) => i + 1));
  // SIGTERM: the same checkpoint, exit 143
  const term = spawn(process.execPath, [cli, ...args, '--iters', '100000', '--resume'], { env: { ...process.env, TESSERA_THREADS: '1' } });
  let termOut = '';
  term.stdout.on('data', (d) => { termOut += d; });
  while (fs.readFileSync(log, 'utf8').trim().split('\n').length < stoppedAt + 4) await new Promise((r) => setTimeout(r, 50));
  term.kill('SIGTERM');
  assert.equal(await new Promise((r) => term.on('exit', r)), 143);
  const termAt = Number(/stopped at step (\d+)/.exec(termOut)?.[1]);
  assert.equal(JSON.parse(fs.readFileSync(path.join(run, 'checkpoints', 'latest', 'train_state.json'), 'utf8')).iteration, termAt);
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('an existing run is refused without --resume or --overwrite and left whole; --overwrite starts it over', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 2, 32, 32);
  const args = ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', ...small, '--sample-every', '1'];
  const first = tessera(...args, '--iters', '2');
  assert.equal(first.status, 0, first.stderr);
  const ckpt = path.join(run, 'checkpoints', 'latest', 'net_G.safetensors'), logFile = path.join(run, 'loss_log.jsonl');
  const [ckptBefore, logBefore] = [fs.readFileSync(ckpt), fs.readFileSync(logFile)];
  const again = tessera(...args, '--iters', '1');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^tessera: .*: holds a training run already \(checkpoints, loss_log\.jsonl, samples\); pass --resume to continue it or --overwrite to start over\n$/);
  assert.deepEqual(fs.readFileSync(ckpt), ckptBefore);
  assert.deepEqual(fs.readFileSync(logFile), logBefore);
  assert.deepEqual(fs.readdirSync(path.join(run, 'samples')), ['0000001.png', '0000002.png']);
  assert.ok(!fs.existsSync(path.join(run, 'train.lock')), 'the lock is released on failure');
  const both = tessera(...args, '--resume', '--overwrite');
  assert.equal(both.status, 1);
  assert.match(both.stderr, /--resume and --overwrite exclude each other/);
  const over = tessera(...args, '--iters', '1', '--overwrite');
  assert.equal(over.status, 0, over.stderr);
  assert.deepEqual(readLog(run).map((l) => l.iteration), [1]);
  assert.deepEqual(fs.readdirSync(path.join(run, 'samples')), ['0000001.png'], 'no samples of the old run');
  assert.notDeepEqual(fs.readFileSync(ckpt), ckptBefore);
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('a run folder in use by a live training is refused; a lock left by a dead process is taken over, with a message', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 2, 32, 32);
  const args = ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', ...small, '--sample-every', '0', '--iters', '1'];
  const lockFile = path.join(run, 'train.lock');
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  const otherExit = new Promise((r) => other.on('exit', r));
  fs.writeFileSync(lockFile, JSON.stringify({ pid: other.pid, host: os.hostname(), started: '2024-01-01T00:00:00.000Z' }));
  const busy = tessera(...args);
  other.kill();
  await otherExit;
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, new RegExp(`^tessera: .*another training \\(pid ${other.pid} on .*\\) is using this run folder; wait for it, or delete .*train\\.lock`));
  assert.ok(!fs.existsSync(path.join(run, 'checkpoints')));
  // the same lock now names a dead process
  const r = tessera(...args);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`taking over the lock of a training that is no longer running \\(pid ${other.pid}\\)`));
  assert.ok(fs.existsSync(path.join(run, 'checkpoints', 'latest', 'train_state.json')));
  assert.ok(!fs.existsSync(lockFile), 'released at the end');
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('pix2pix refuses an unpaired trainA/ + trainB/ folder and cyclegan a paired train/ one, saying what was found', async () => {
  const unpaired = tempDir(), paired = tempDir(), run = tempDir();
  await makeUnalignedDataset(unpaired, 2, 2, 32, 32);
  await makeAlignedDataset(paired, 2, 32, 32);
  const p = tessera('train', 'pix2pix', '--data', unpaired, '--out', run, '--netG', 'unet_32', ...small, '--iters', '1');
  assert.equal(p.status, 1);
  assert.match(p.stderr, /^tessera: .*: has trainA\/ and trainB\/ \(the unpaired layout cyclegan reads\), not train\/ with A\|B pairs side by side that pix2pix reads; train cyclegan on it/);
  const c = tessera('train', 'cyclegan', '--data', paired, '--out', run, '--netG', 'resnet_2blocks', ...small, '--iters', '1');
  assert.equal(c.status, 1);
  assert.match(c.stderr, /^tessera: .*: no trainA\/ or trainB\/ folder \(cyclegan reads unpaired images from trainA\/ and trainB\/\); it has train\/ \(the paired A\|B layout pix2pix reads\)\n$/);
  assert.deepEqual(fs.readdirSync(run), []);
  for (const d of [unpaired, paired, run]) fs.rmSync(d, { recursive: true });
});
