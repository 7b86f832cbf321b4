// Training that survives its data: files that do not decode are left out (named once, counted at the
// end; --strict stops at the first), and a NaN or infinite loss stops the run keeping the last good
// checkpoint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { noGrad } from '../../src/engine/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import type { Module } from '../../src/nn/index.js';
import { NonFiniteLossError, runTraining, type GanModel, type RunEvent, type RunOptions } from '../../src/train/index.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';
import { tinyNetworks } from '../helpers/tiny-nets.js';

function options(dataDir: string, outDir: string, over: Partial<RunOptions> = {}): RunOptions {
  return {
    model: 'pix2pix', outDir, seed: 3, networks: tinyNetworks,
    data: {
      dataDir, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: false, batchSize: 2, workers: 1,
      transform: { preprocess: 'resize_and_crop', loadSize: 14, cropSize: 12, flip: true },
    },
    trainer: { lr: 1e-3 },
    schedule: { policy: 'linear', nEpochs: 5, nEpochsDecay: 0 },
    ...over,
  };
}

const logLines = (dir: string) => fs.readFileSync(path.join(dir, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** 4 good pairs and 2 that do not decode (empty, text); the good ones sort first and last. */
async function datasetWithBrokenFiles(): Promise<{ data: string; broken: string[] }> {
  const data = tempDir();
  await makeAlignedDataset(data, 4, 12, 12);
  const broken = [path.join(data, 'train', '001-empty.png'), path.join(data, 'train', '002-text.jpg')];
  fs.writeFileSync(broken[0]!, '');
  fs.writeFileSync(broken[1]!, 'not an image');
  return { data, broken };
}

test('a dataset with broken files trains on: each left out, named once, counted; --strict stops at the first', async () => {
  const { data, broken } = await datasetWithBrokenFiles();
  const out = tempDir(), strictOut = tempDir();
  const notices: string[] = [];
  // 6 samples in batches of 2 = 3 batches an epoch; 3 epochs, so each broken file comes up 3 times
  const r = await runTraining(options(data, out, { iters: 9, onEvent: (e: RunEvent) => { if (e.type === 'notice') notices.push(e.message); } }));
  assert.deepEqual(r.skippedFiles.sort(), broken.sort());
  assert.equal(notices.length, 2, notices.join('\n'));
  for (const f of broken) assert.ok(notices.some((n) => n.startsWith(`${f}: cannot read image`) && n.includes('left out of training')), f);
  const log = logLines(out);
  // every step ran on what was left: never an empty batch, every loss finite
  assert.ok(log.length > 0 && log.every((l) => Number.isFinite(l.G_GAN) && Number.isFinite(l.D_real)));
  assert.equal(r.iteration, log.length);
  await assert.rejects(runTraining(options(data, strictOut, { iters: 9, data: { ...options(data, strictOut).data, strict: true } })),
    /(001-empty\.png: cannot read image \(the file is empty|002-text\.jpg: cannot read image)/);
  for (const d of [data, out, strictOut]) fs.rmSync(d, { recursive: true });
});

test('a run over broken files resumes to exactly the uninterrupted losses (batches keep their positions)', async () => {
  const { data } = await datasetWithBrokenFiles();
  const straight = tempDir(), cut = tempDir();
  await runTraining(options(data, straight, { iters: 7 }));
  const first = await runTraining(options(data, cut, { iters: 4 }));
  // one epoch count for people: the state's epoch, the log's and the result's agree (step 4 of 3-batch epochs: the 2nd)
  const state = () => JSON.parse(fs.readFileSync(path.join(cut, 'checkpoints', 'latest', 'train_state.json'), 'utf8'));
  assert.deepEqual([state().epoch, logLines(cut).at(-1).epoch, first.epoch], [2, 2, 2]);
  assert.equal(state().data.epoch, 1, 'the loader position: the 0-based epoch index');
  const second = await runTraining(options(data, cut, { iters: 7, resume: true }));
  assert.deepEqual([state().epoch, logLines(cut).at(-1).epoch, second.epoch], [3, 3, 3]);
  const strip = (l: Record<string, unknown>) => { const { dataMs, stepMs, ...rest } = l; void dataMs; void stepMs; return rest; };
  assert.deepEqual(logLines(cut).map(strip), logLines(straight).map(strip));
  for (const d of [data, straight, cut]) fs.rmSync(d, { recursive: true });
});

test('tessera train: broken files named and counted at the end, exit 0; --strict: one line naming the file, exit 1', async () => {
  const { data } = await datasetWithBrokenFiles();
  const out = tempDir(), strictOut = tempDir();
  const cli = path.resolve('dist/src/cli/main.js');
  const args = (run: string) => ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', '--ngf', '4', '--ndf', '4',
    '--load-size', '36', '--crop-size', '32', '--workers', '1', '--iters', '3', '--batch-size', '2', '--sample-every', '0'];
  const env = { ...process.env, TESSERA_THREADS: '1' };
  const r = spawnSync(process.execPath, [cli, ...args(out)], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('tessera:'));
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0]!, /00[12]-(empty\.png|text\.jpg): cannot read image .*left out of training/);
  assert.equal(lines[2], 'tessera: 2 dataset files did not decode and were left out (named above)');
  assert.match(r.stdout, /done at step 3/);
  const s = spawnSync(process.execPath, [cli, ...args(strictOut), '--strict'], { encoding: 'utf8', env });
  assert.equal(s.status, 1);
  const sl = s.stderr.split('\n').filter((l) => l.startsWith('tessera:'));
  assert.equal(sl.length, 1, s.stderr);
  assert.match(sl[0]!, /00[12]-(empty\.png|text\.jpg): cannot read image/);
  for (const d of [data, out, strictOut]) fs.rmSync(d, { recursive: true });
});

test('a NaN loss stops the run with a clear message; the last good checkpoint stays, and resumes', async () => {
  const data = tempDir(), out = tempDir();
  await makeAlignedDataset(data, 4, 12, 12);
  let G: Module | null = null;
  const networks = (model: GanModel) => { const n = tinyNetworks(model); G = n.G!; return n; };
  // after step 3 (checkpointed at 2), G's weights turn NaN, as after a diverging update
  const poison = (e: RunEvent) => { if (e.type === 'step' && e.iteration === 3) noGrad(() => { for (const p of G!.parameters()) p.fill_(NaN); }); };
  const err = await runTraining(options(data, out, { networks, iters: 8, saveEvery: 2, onEvent: poison })).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof NonFiniteLossError, String(err));
  assert.equal(err.iteration, 4);
  assert.match(err.message, /^step 4: G_GAN = NaN, .*training stopped, nothing of this step was saved \(the last checkpoint, step 2, is kept in .*checkpoints\/latest\)/);
  assert.equal(logLines(out).length, 3, 'the NaN step is not logged');
  const st = JSON.parse(fs.readFileSync(path.join(out, 'checkpoints', 'latest', 'train_state.json'), 'utf8'));
  assert.equal(st.iteration, 2);
  const { tensors } = loadSafetensors(path.join(out, 'checkpoints', 'latest', 'net_G.safetensors'));
  for (const [k, t] of tensors) { assert.ok(t.toArray().every(Number.isFinite), `${k} finite`); t.dispose(); }
  // the kept checkpoint goes on as if nothing happened
  const again = await runTraining(options(data, out, { iters: 4, resume: true }));
  assert.equal(again.iteration, 4);
  assert.ok(again.losses.every((l) => Object.values(l).every(Number.isFinite)));
  for (const d of [data, out]) fs.rmSync(d, { recursive: true });
});
