// Exit codes and the shape of errors at the CLI's edges: an unknown command, a missing option or
// argument, a bad option value, pairs and doctor. Errors are short (never the whole help); success is 0.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const errLines = (s: string) => s.split('\n').filter(Boolean);

test('usage errors: exit 1 with the error and a pointer to --help, not the whole help', () => {
  for (const [args, want] of [
    [['bogus'], /^error: unknown command 'bogus'/],
    [['censor', 'a.png'], /^error: required option '-o, --output <out>' not specified/],
    [['censor', '-o', 'x.png'], /^error: missing required argument 'in'/],
    [['pairs', 'x', '-o', 'y', '--count', 'lots'], /--count/],
    [['train', 'pix2pix', '--out', 'r'], /^error: required option '--data <dir>' not specified/],
    [['train', 'stylegan', '--data', 'd', '--out', 'r'], /stylegan/],
  ] as const) {
    const r = run(...args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    const lines = errLines(r.stderr);
    assert.match(lines[0]!, want, args.join(' '));
    assert.ok(lines.length <= 2, `${args.join(' ')}: ${lines.length} lines of error:\n${r.stderr}`);
    assert.equal(r.stdout, '', 'nothing on stdout');
  }
  const none = run();
  assert.equal(none.status, 1, 'no command: help and exit 1');
  assert.match(none.stderr, /Usage: tessera/);
  for (const ok of [['--help'], ['--version'], ['censor', '--help']]) assert.equal(run(...ok).status, 0, ok.join(' '));
});

test('--device cuda on a libtorch without CUDA: exit 1 with one line naming the option and the reason', () => {
  const info = spawnSync(process.execPath, ['-e', "import('./dist/src/engine/index.js').then((e) => console.log(e.buildInfo().cuda))"], { encoding: 'utf8' });
  const cuda = info.stdout.trim() === 'true';
  for (const args of [['train', 'pix2pix', '--data', 'd', '--out', 'r', '--device', 'cuda'], ['translate', 'x.png', '-o', 'y', '--model', 'm', '--device', 'cuda:0']]) {
    const r = run(...args);
    assert.equal(r.status, 1, r.stderr);
    const lines = errLines(r.stderr);
    assert.ok(lines.length <= 2, r.stderr);
    assert.match(lines[0]!, cuda ? /--device cuda(:0)?: tessera does not run networks on CUDA yet/ : /--device cuda(:0)?: this libtorch \(.+\) has no CUDA or sees no GPU; use --device cpu/);
  }
  const bad = run('train', 'pix2pix', '--data', 'd', '--out', 'r', '--device', 'gpu');
  assert.equal(bad.status, 1);
  assert.match(errLines(bad.stderr)[0]!, /--device must be cpu, cuda or cuda:N, got 'gpu'/);
});

test('pairs: exit 0 with the pairs written; 1 naming the folder when it is missing or holds no images', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-exit-'));
  fs.mkdirSync(path.join(dir, 'photos'));
  fs.mkdirSync(path.join(dir, 'empty'));
  const px = Buffer.alloc(48 * 40 * 3, 90);
  await sharp(px, { raw: { width: 48, height: 40, channels: 3 } }).png().toFile(path.join(dir, 'photos', 'p.png'));
  const ok = run('pairs', path.join(dir, 'photos'), '-o', path.join(dir, 'ds'), '--count', '2', '--size', '16', '--block', '3-4');
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'ds', 'pairs.json')));
  for (const [folder, want] of [['missing', /missing: not a folder/], ['empty', /empty: no images/]] as const) {
    const r = run('pairs', path.join(dir, folder), '-o', path.join(dir, `out-${folder}`), '--count', '2', '--size', '16');
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(errLines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, want);
    assert.ok(!fs.existsSync(path.join(dir, `out-${folder}`)), 'nothing written');
  }
  fs.rmSync(dir, { recursive: true });
});

test('doctor --engine: exit 0 with a verdict when the engine trains', () => {
  const r = run('doctor', '--engine');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /libtorch\s+\d/);
  assert.match(r.stdout, /verdict\s+ok: the engine trains/);
});

test('doctor --json: the set-up without libtorch; --engine adds the engine and its training step', () => {
  const light = JSON.parse(run('doctor', '--json').stdout);
  assert.equal(light.addon.built, true);
  assert.equal(light.threads, 1); // TESSERA_THREADS
  assert.equal(light.engine, undefined);
  const full = JSON.parse(run('doctor', '--json', '--engine').stdout);
  assert.equal(full.engine.threads, 1);
  assert.ok(full.engine.trainStep.losses.at(-1) < full.engine.trainStep.losses[0]);
});
