// `tessera train --keep N`: the last N checkpoints stay as RUN/checkpoints/<step> beside latest (hard-kill
// safety of the rotation is in hard-kill.test.ts through fuzz/kill-resume.ts); `--model` takes one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveModelFile } from '../../src/models/model-path.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';

const cli = path.resolve('dist/src/cli/main.js');
const train = (data: string, run: string, extra: string[]) => spawnSync(process.execPath, [cli, 'train', 'pix2pix', '--data', data, '--out', run,
  '--netG', 'unet_32', '--ngf', '4', '--ndf', '4', '--load-size', '36', '--crop-size', '32', '--workers', '1', '--save-every', '2',
  '--sample-every', '0', ...extra], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const stepOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'train_state.json'), 'utf8')).iteration;

test('--keep 2 keeps the last two checkpoints by step (the newest the same files as latest); a resume goes on rotating; the default keeps only latest', async () => {
  const data = tempDir(), run = tempDir(), plain = tempDir();
  await makeAlignedDataset(data, 2, 16, 16);
  const first = train(data, run, ['--iters', '6', '--keep', '2']);
  assert.equal(first.status, 0, first.stderr);
  const ck = path.join(run, 'checkpoints');
  assert.deepEqual(fs.readdirSync(ck).sort(), ['4', '6', 'latest']);
  assert.equal(stepOf(path.join(ck, '4')), 4);
  assert.equal(stepOf(path.join(ck, 'latest')), 6);
  for (const f of fs.readdirSync(path.join(ck, 'latest')))
    assert.deepEqual(fs.readFileSync(path.join(ck, '6', f)), fs.readFileSync(path.join(ck, 'latest', f)), `6/${f} is latest's`);
  // a step folder is a checkpoint folder for --model
  assert.equal(resolveModelFile(path.join(ck, '4')), path.join(ck, '4', 'net_G.safetensors'));
  // a kill after latest's swap, before its history link: a resume with no step left finishes the rotation
  fs.rmSync(path.join(ck, '6'), { recursive: true });
  const none = train(data, run, ['--iters', '6', '--keep', '2', '--resume']);
  assert.equal(none.status, 0, none.stderr);
  assert.deepEqual(fs.readdirSync(ck).sort(), ['4', '6', 'latest']);
  assert.equal(stepOf(path.join(ck, '6')), 6);
  const more = train(data, run, ['--iters', '10', '--keep', '2', '--resume']);
  assert.equal(more.status, 0, more.stderr);
  assert.deepEqual(fs.readdirSync(ck).sort(), ['10', '8', 'latest']);
  assert.equal(stepOf(path.join(ck, '8')), 8);
  assert.equal(stepOf(path.join(ck, 'latest')), 10);
  // the old step folders' files are gone, latest's are whole (the links shared them)
  assert.equal(fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').length, 10);
  const r = train(data, plain, ['--iters', '4']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(fs.readdirSync(path.join(plain, 'checkpoints')), ['latest']);
  for (const d of [data, run, plain]) fs.rmSync(d, { recursive: true });
});

test('--keep takes a whole number', () => {
  const r = spawnSync(process.execPath, [cli, 'train', 'pix2pix', '--data', 'x', '--out', 'y', '--keep', '-1'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--keep/);
});
