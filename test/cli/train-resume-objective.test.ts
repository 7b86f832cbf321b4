// --resume keeps the objective a run was started with: each objective option (given or defaulted) is recorded in
// the checkpoint and taken back when a resume leaves its flag out; a resume may give another value, which is
// said on stderr and recorded anew. Weights of 0 make the log itself show which value a step ran with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tinyPairs } from '../helpers/restorers.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';

const cli = path.resolve('dist/src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const readLog = (run: string) => fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const stateFile = (run: string) => path.join(run, 'checkpoints', 'latest', 'train_state.json');
const savedOptions = (run: string) => JSON.parse(fs.readFileSync(stateFile(run), 'utf8')).options;
const ok = (r: ReturnType<typeof tessera>) => assert.equal(r.status, 0, r.stderr);
const editState = (run: string, edit: (options: Record<string, unknown>) => void) => {
  const state = JSON.parse(fs.readFileSync(stateFile(run), 'utf8'));
  edit(state.options);
  fs.writeFileSync(stateFile(run), JSON.stringify(state));
};

test('train restorer --objective srgan --resume keeps --lambda-adv, --pretrain-iters and --content-loss; another --lambda-adv is said and recorded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-resume-objective-'));
  await tinyPairs(dir);
  const out = path.join(dir, 'run');
  // the flags a resume need not repeat are left out of `base`
  const base = ['train', 'restorer', '--data', path.join(dir, 'pairs'), '--out', out, '--netG', 'restorer_srresnet_1blocks', '--ngf', '4', '--ndf', '2',
    '--batch-size', '2', '--objective', 'srgan', '--save-every', '0', '--sample-every', '0', '--workers', '1'];
  ok(tessera(...base, '--lambda-adv', '0.02', '--pretrain-iters', '1', '--content-loss', 'features', '--iters', '2'));
  let log = readLog(out);
  assert.equal(log[0].G_adv, undefined, 'step 1 pretrains');
  assert.ok(log[1].G_adv > 0, JSON.stringify(log[1]));
  // every objective option is recorded, the defaulted ones too
  assert.deepEqual(
    (({ lambdaAdv, pretrainIters, content, lambdaGradEnergy, lambdaGradAmount }) => ({ lambdaAdv, pretrainIters, content, lambdaGradEnergy, lambdaGradAmount }))(savedOptions(out)),
    { lambdaAdv: 0.02, pretrainIters: 1, content: 'features', lambdaGradEnergy: 0, lambdaGradAmount: 0 });

  // without the flags: still adversarial (the default --pretrain-iters 10000 would pretrain again), the run's values recorded
  const kept = tessera(...base, '--resume', '--iters', '3');
  ok(kept);
  assert.doesNotMatch(kept.stderr, /the run had/, 'nothing was changed');
  log = readLog(out);
  assert.ok(log[2].G_adv > 0, JSON.stringify(log[2]));
  assert.equal(savedOptions(out).lambdaAdv, 0.02);
  assert.equal(savedOptions(out).pretrainIters, 1);
  assert.equal(savedOptions(out).content, 'features');

  // another weight is the resume's choice: said on stderr, in effect (G_adv exactly 0) and recorded
  const other = tessera(...base, '--resume', '--iters', '4', '--lambda-adv', '0');
  ok(other);
  assert.match(other.stderr, /^tessera: resumed with lambdaAdv 0 \(the run had 0\.02\)$/m);
  assert.equal(readLog(out)[3].G_adv, 0);
  assert.equal(savedOptions(out).lambdaAdv, 0);
  // and kept by the next resume: G_adv stays exactly 0, where the default 1e-3 would not
  ok(tessera(...base, '--resume', '--iters', '5'));
  log = readLog(out);
  assert.deepEqual(log.map((l) => l.iteration), [1, 2, 3, 4, 5]);
  assert.equal(log[4].G_adv, 0, JSON.stringify(log[4]));
  assert.equal(savedOptions(out).lambdaAdv, 0);

  // a checkpoint written before objective options were recorded resumes with the defaults, as it always did
  editState(out, (o) => { for (const k of ['lambdaAdv', 'pretrainIters', 'content', 'lambdaGradEnergy', 'lambdaGradAmount']) delete o[k]; });
  ok(tessera(...base, '--resume', '--iters', '6'));
  assert.equal(readLog(out).length, 6);
  assert.deepEqual((({ lambdaAdv, pretrainIters, content }) => ({ lambdaAdv, pretrainIters, content }))(savedOptions(out)),
    { lambdaAdv: 1e-3, pretrainIters: 10_000, content: 'mse' });
  // a recorded value that no flag could have given is refused in one line, naming the flag
  editState(out, (o) => { o.lambdaAdv = -1; });
  const bad = tessera(...base, '--resume', '--iters', '7');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tessera: .*checkpoints[/\\]latest: the run's --lambda-adv must be a number ≥ 0, got "-1" \(give --lambda-adv again, or start the run over\)\n$/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('train pix2pix --resume keeps --lambda-L1 (and --gan-mode)', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 4, 32, 32);
  const args = ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', '--ngf', '8', '--ndf', '8', '--load-size', '36', '--crop-size', '32',
    '--workers', '1', '--batch-size', '2', '--sample-every', '0'];
  ok(tessera(...args, '--lambda-L1', '0', '--gan-mode', 'lsgan', '--iters', '1'));
  assert.equal(readLog(run)[0].G_L1, 0);
  ok(tessera(...args, '--resume', '--iters', '2'));
  // the default 100 would weigh the L1 term in
  assert.equal(readLog(run)[1].G_L1, 0, JSON.stringify(readLog(run)[1]));
  assert.equal(savedOptions(run).lambdaL1, 0);
  assert.equal(savedOptions(run).ganMode, 'lsgan');
  // one rule for every recorded option: a data-parallel run's --sync-bn is taken back too; a flag given is not replaced
  editState(run, (o) => { o.syncBn = true; });
  const { takeRunValuesOnResume } = await import('../../src/train/index.js');
  const values: Record<string, unknown> = { lambdaL1: 5 };
  takeRunValuesOnResume(run, values, (key) => key === 'lambdaL1');
  assert.deepEqual([values.syncBn, values.lambdaL1, values.ganMode, values.netG], [true, 5, 'lsgan', 'unet_32']);
  fs.rmSync(data, { recursive: true, force: true });
  fs.rmSync(run, { recursive: true, force: true });
});
