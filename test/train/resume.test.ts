import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runTraining, type GanModel, type RunOptions } from '../../src/train/index.js';
import { makeAlignedDataset, makeUnalignedDataset, tempDir } from '../helpers/images.js';
import { tinyNetworks } from '../helpers/tiny-nets.js';

function options(model: GanModel, dataDir: string, outDir: string, over: Partial<RunOptions> = {}): RunOptions {
  return {
    model, outDir, seed: 11, networks: tinyNetworks,
    data: {
      dataDir, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: false, batchSize: 2, workers: 1,
      // CoGAN draws 16×16 images (sides 4 · 2^k)
      transform: { preprocess: 'resize_and_crop', loadSize: model === 'cogan' ? 18 : 14, cropSize: model === 'cogan' ? 16 : 12, flip: true },
    },
    // srgan turns adversarial after step 3, inside the first cut: resume must land in the right phase
    trainer: { lr: 1e-3, poolSize: 3, pretrainIters: 3 },
    // 3 batches per epoch, lr decays from the third epoch: the resumed run must get the schedule right too
    schedule: { policy: 'linear', nEpochs: 2, nEpochsDecay: 2 },
    ...over,
  };
}

const logLines = (dir: string) => fs.readFileSync(path.join(dir, 'loss_log.jsonl'), 'utf8').trim().split('\n')
  .map((l) => { const { dataMs, stepMs, ...rest } = JSON.parse(l); void dataMs; void stepMs; return rest; });

const NETWORK_FILES: Record<string, string[]> = {
  pix2pix: ['G', 'D'], srgan: ['G', 'D'], cyclegan: ['G_A', 'G_B', 'D_A', 'D_B'], dualgan: ['G_A', 'G_B', 'D_A', 'D_B'], discogan: ['G_AB', 'G_BA', 'D_A', 'D_B'],
  cogan: ['G_A', 'G_B', 'D_A', 'D_B'], unit: ['G_AB', 'G_BA', 'D_A', 'D_B'],
};

for (const model of ['pix2pix', 'cyclegan', 'discogan', 'dualgan', 'srgan', 'cogan', 'unit'] as const) {
  test(`${model}: an interrupted and resumed run logs exactly the losses of an uninterrupted one`, async () => {
    const data = tempDir();
    if (model === 'pix2pix') await makeAlignedDataset(data, 5, 12, 12);
    else if (model === 'srgan') {
      await makeUnalignedDataset(data, 5, 1, 12, 12); // photos alone: trainA becomes train/
      fs.renameSync(path.join(data, 'trainA'), path.join(data, 'train'));
      fs.rmSync(path.join(data, 'trainB'), { recursive: true });
    } else await makeUnalignedDataset(data, 5, 4, 12, 12);
    const straight = tempDir(), cut = tempDir(), aborted = tempDir();

    const full = await runTraining(options(model, data, straight, { iters: 8, sampleEvery: 4 }));
    assert.equal(full.iteration, 8);
    assert.equal(full.stopped, false);

    // stopped by --iters in the middle of the second epoch, then resumed
    await runTraining(options(model, data, cut, { iters: 4 }));
    const resumed = await runTraining(options(model, data, cut, { iters: 8, resume: true }));
    assert.equal(resumed.losses.length, 4);

    // stopped by a signal (the SIGINT path) after step 2, mid-epoch, then resumed
    const ac = new AbortController();
    const first = await runTraining(options(model, data, aborted, {
      iters: 8, signal: ac.signal, onEvent: (e) => { if (e.type === 'step' && e.iteration === 2) ac.abort(); },
    }));
    assert.equal(first.stopped, true);
    assert.equal(first.iteration, 2);
    await runTraining(options(model, data, aborted, { iters: 8, resume: true }));

    // DualGAN's critic rhythm (every 2nd step updates G) must survive a cut at an odd step too
    const odd = tempDir();
    if (model === 'dualgan') {
      await runTraining(options(model, data, odd, { iters: 5 }));
      await runTraining(options(model, data, odd, { iters: 8, resume: true }));
    }

    const ref = logLines(straight);
    assert.equal(ref.length, 8);
    if (model === 'dualgan') assert.deepEqual(logLines(odd), ref);
    assert.deepEqual(logLines(cut), ref);
    assert.deepEqual(logLines(aborted), ref);
    assert.ok(ref[7].lr < ref[0].lr, 'the lr decayed within the run');
    assert.ok(fs.existsSync(path.join(straight, 'samples', '0000004.png')));
    const ck = path.join(straight, 'checkpoints', 'latest');
    assert.deepEqual(fs.readdirSync(ck).sort(), [...NETWORK_FILES[model]!.map((n) => `net_${n}.safetensors`), 'train_state.json', 'train_state.safetensors'].sort());
    // the phases of the models that have them show in the log
    if (model === 'srgan') assert.deepEqual(ref.map((l) => 'D_real' in l), [false, false, false, true, true, true, true, true]);
    if (model === 'dualgan') assert.deepEqual(ref.map((l) => 'G_A' in l), [false, true, false, true, false, true, false, true]);
    for (const d of [data, straight, cut, aborted, odd]) fs.rmSync(d, { recursive: true });
  });
}

test('resume without a checkpoint and a missing data folder fail with clear messages', async () => {
  const out = tempDir();
  await assert.rejects(runTraining(options('pix2pix', path.join(out, 'missing'), out)), /missing: dataset folder does not exist/);
  const data = tempDir();
  await makeAlignedDataset(data, 1, 8, 8);
  await assert.rejects(runTraining(options('pix2pix', data, out, { resume: true })), /no checkpoint to resume from/);
  await runTraining(options('pix2pix', data, out, { iters: 1 }));
  await assert.rejects(runTraining(options('pix2pix', data, out, { resume: true, seed: 12, iters: 2 })), /started with seed 11, not 12/);
  fs.rmSync(out, { recursive: true }); fs.rmSync(data, { recursive: true });
});

test('--init-from starts a fresh run from another run\'s weights, and names what is missing', async () => {
  const data = tempDir();
  await makeAlignedDataset(data, 5, 12, 12);
  const base = tempDir(), tuned = tempDir(), empty = tempDir();
  await runTraining(options('pix2pix', data, base, { iters: 3 }));
  // lr 0: the fine-tune's step changes no parameter, so its checkpoint holds exactly the weights it started from
  await runTraining(options('pix2pix', data, tuned, { iters: 1, initFrom: base, trainer: { lr: 0 } }));
  const { loadSafetensors } = await import('../../src/io/safetensors.js');
  for (const net of ['G', 'D']) {
    const a = loadSafetensors(path.join(base, 'checkpoints', 'latest', `net_${net}.safetensors`)).tensors;
    const b = loadSafetensors(path.join(tuned, 'checkpoints', 'latest', `net_${net}.safetensors`)).tensors;
    let compared = 0;
    for (const [k, t] of a) {
      if (/running_|num_batches/.test(k)) continue; // batch statistics move in a training step, lr or not
      assert.deepEqual(b.get(k)!.toArray(), t.toArray(), `${net} ${k}`);
      compared++;
    }
    assert.ok(compared > 2);
  }
  // and a fresh run without it starts elsewhere (the comparison above can fail)
  const fresh = tempDir();
  await runTraining(options('pix2pix', data, fresh, { iters: 1, trainer: { lr: 0 }, seed: 12 }));
  const g = (dir: string) => loadSafetensors(path.join(dir, 'checkpoints', 'latest', 'net_G.safetensors')).tensors;
  const k = [...g(base).keys()].find((key) => key.endsWith('weight'))!;
  assert.notDeepEqual(g(fresh).get(k)!.toArray(), g(base).get(k)!.toArray());
  // --init-nets G: G from the base run, D as a fresh run with the same seed makes it (its own init)
  const onlyG = tempDir();
  await runTraining(options('pix2pix', data, onlyG, { iters: 1, initFrom: base, initNets: ['G'], trainer: { lr: 0 }, seed: 12 }));
  const d = (dir: string) => loadSafetensors(path.join(dir, 'checkpoints', 'latest', 'net_D.safetensors')).tensors;
  const kd = [...d(base).keys()].find((key) => key.endsWith('weight'))!;
  assert.deepEqual(g(onlyG).get(k)!.toArray(), g(base).get(k)!.toArray());
  assert.deepEqual(d(onlyG).get(kd)!.toArray(), d(fresh).get(kd)!.toArray());
  assert.notDeepEqual(d(onlyG).get(kd)!.toArray(), d(base).get(kd)!.toArray());
  // the same command resumed (as a run is resumed: its flags again, with --resume) goes on from its own checkpoint
  await runTraining(options('pix2pix', data, onlyG, { iters: 2, initFrom: base, initNets: ['G'], trainer: { lr: 0 }, seed: 12, resume: true }));
  await assert.rejects(runTraining(options('pix2pix', data, tempDir(), { iters: 1, initFrom: base, initNets: ['E'] })), /no network E \(it has G, D\)/);
  await assert.rejects(runTraining(options('pix2pix', data, tempDir(), { iters: 1, initNets: ['G'] })), /--init-nets needs --init-from/);
  await assert.rejects(runTraining(options('pix2pix', data, tempDir(), { iters: 1, initFrom: empty })), /has no net_G\.safetensors/);
  await assert.rejects(runTraining(options('pix2pix', data, tempDir(), { iters: 1, initFrom: path.join(empty, 'nope') })), /not a run or checkpoint folder/);
});
