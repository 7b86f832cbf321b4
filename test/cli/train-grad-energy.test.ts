// --lambda-grad-energy (and --lambda-grad-amount) from the CLI: listed in the help, logged as G_grad from the first adversarial step of
// `train restorer --objective srgan`, kept by a resume that leaves the flag out, refused where it does nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tinyPairs } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const readLog = (run: string) => fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const savedOptions = (run: string) => JSON.parse(fs.readFileSync(path.join(run, 'checkpoints', 'latest', 'train_state.json'), 'utf8')).options;
const oneLine = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('tessera')).length === 1;

test('train --help lists --lambda-grad-energy and --lambda-grad-amount, default 0', () => {
  const help = tessera('train', '--help').stdout.replace(/\s+/g, ' ');
  assert.match(help, /--lambda-grad-energy <x> srgan \(and restorer --objective srgan\): [^-]*adversarial phase only[^-]*\(default: 0\)/);
  assert.match(help, /--lambda-grad-amount <x> srgan \(and restorer --objective srgan\): .*?adversarial phase only; 0 = off \(default: 0\)/);
});

test('train restorer --objective srgan --lambda-grad-energy: G_grad in the adversarial steps, kept on resume, refused under pix2pix', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-gradenergy-'));
  await tinyPairs(dir);
  const out = path.join(dir, 'run');
  const base = ['train', 'restorer', '--data', path.join(dir, 'pairs'), '--out', out, '--netG', 'restorer_srresnet_1blocks', '--ngf', '4', '--ndf', '2',
    '--batch-size', '2', '--objective', 'srgan', '--pretrain-iters', '1', '--save-every', '0', '--sample-every', '0', '--workers', '1'];
  const r = tessera(...base, '--lambda-grad-energy', '0.5', '--iters', '2');
  assert.equal(r.status, 0, r.stderr);
  let log = readLog(out);
  assert.equal(log[0].G_grad, undefined, 'not while pretraining');
  assert.ok(log[1].G_grad > 0 && Number.isFinite(log[1].G_grad), JSON.stringify(log[1]));
  assert.equal(savedOptions(out).lambdaGradEnergy, 0.5);
  // a resume without the flag keeps the run's weight; one may give another (like --lambda-adv), or 0 to turn it off
  const kept = tessera(...base, '--resume', '--iters', '3');
  assert.equal(kept.status, 0, kept.stderr);
  log = readLog(out);
  assert.ok(log[2].G_grad > 0, JSON.stringify(log[2]));
  assert.equal(savedOptions(out).lambdaGradEnergy, 0.5);
  const other = tessera(...base, '--resume', '--iters', '4', '--lambda-grad-energy', '0.25');
  assert.equal(other.status, 0, other.stderr);
  assert.ok(readLog(out)[3].G_grad > 0);
  assert.equal(savedOptions(out).lambdaGradEnergy, 0.25);
  const off = tessera(...base, '--resume', '--iters', '5', '--lambda-grad-energy', '0');
  assert.equal(off.status, 0, off.stderr);
  log = readLog(out);
  assert.equal(log.length, 5);
  assert.equal(log[4].G_grad, undefined, JSON.stringify(log[4]));
  assert.equal(savedOptions(out).lambdaGradEnergy, 0);
  // a negative weight, and a weight under pix2pix's objective (which has no such term), are one-line errors
  const bad = (args: string[], re: RegExp) => {
    const b = tessera(...base.map((a) => (a === out ? path.join(dir, 'bad') : a)), ...args, '--iters', '1');
    assert.notEqual(b.status, 0);
    assert.match(b.stderr, re);
    assert.ok(oneLine(b.stderr), b.stderr);
  };
  bad(['--lambda-grad-energy', '-1'], /--lambda-grad-energy must be a number ≥ 0/);
  bad(['--lambda-grad-energy', '0.5', '--objective', 'pix2pix', '--netD', 'basic'], /--lambda-grad-energy is an srgan option/);
  bad(['--lambda-grad-amount', '0.5', '--objective', 'pix2pix', '--netD', 'basic'], /--lambda-grad-amount is an srgan option/);
  // the amount term: G_amount in the adversarial steps, recorded and kept by a resume without the flag
  const amountRun = path.join(dir, 'amount');
  const withAmount = base.map((a) => (a === out ? amountRun : a));
  const a = tessera(...withAmount, '--lambda-grad-amount', '0.1', '--iters', '2');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(readLog(amountRun)[0].G_amount, undefined, 'not while pretraining');
  assert.ok(readLog(amountRun)[1].G_amount >= 0 && Number.isFinite(readLog(amountRun)[1].G_amount), JSON.stringify(readLog(amountRun)[1]));
  assert.equal(tessera(...withAmount, '--resume', '--iters', '3').status, 0);
  assert.ok(Number.isFinite(readLog(amountRun)[2].G_amount));
  assert.equal(savedOptions(amountRun).lambdaGradAmount, 0.1);
  // the balance term the same way: G_balance, recorded; not under pix2pix's objective
  bad(['--lambda-grad-balance', '0.5', '--objective', 'pix2pix', '--netD', 'basic'], /--lambda-grad-balance is an srgan option/);
  const balanceRun = path.join(dir, 'balance');
  const b = tessera(...base.map((x) => (x === out ? balanceRun : x)), '--lambda-grad-balance', '0.2', '--iters', '2');
  assert.equal(b.status, 0, b.stderr);
  assert.equal(readLog(balanceRun)[0].G_balance, undefined, 'not while pretraining');
  assert.ok(readLog(balanceRun)[1].G_balance >= 0 && Number.isFinite(readLog(balanceRun)[1].G_balance), JSON.stringify(readLog(balanceRun)[1]));
  assert.equal(savedOptions(balanceRun).lambdaGradBalance, 0.2);
  fs.rmSync(dir, { recursive: true, force: true });
});
