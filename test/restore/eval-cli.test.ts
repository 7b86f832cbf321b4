import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evaluationPhotos } from '../helpers/photos.js';
import { pix2pixFile, restorerUnderTest, tinyRestorerFile } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-eval-'));
const model = tinyRestorerFile();

/** A folder with the first two evaluation photos (never the training photos). */
function twoPhotos(): string {
  const d = path.join(dir, 'photos');
  if (fs.existsSync(d)) return d;
  fs.mkdirSync(d);
  for (const p of evaluationPhotos().slice(0, 2)) fs.symlinkSync(path.resolve(p), path.join(d, path.basename(p)));
  return d;
}

test('eval restore --json: a row per cell, per cell size and overall, for all three candidates; bicubic beats the mosaic', () => {
  const r = run('eval', 'restore', '--data', twoPhotos(), '--model', model, '--block', '8,16', '--styles', 'mean,center', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.photos, 2);
  assert.equal(out.cases, 2 * 2 * 2);
  const groups = out.rows.map((row: { group: string }) => row.group);
  assert.deepEqual(groups, ['8 px mean jpeg none', '8 px center jpeg none', '8 px', '16 px mean jpeg none', '16 px center jpeg none', '16 px', 'all']);
  for (const row of out.rows) {
    for (const cand of ['mosaic', 'bicubic', 'restorer']) {
      const s = row.scores[cand];
      assert.ok(Number.isFinite(s.psnr) && s.ssim > 0 && s.ssim <= 1 && s.gradientRatio > 0, `${row.group} ${cand}: ${JSON.stringify(s)}`);
    }
    assert.ok(row.scores.bicubic.psnr > row.scores.mosaic.psnr, `${row.group}: bicubic ${row.scores.bicubic.psnr} dB ≤ mosaic ${row.scores.mosaic.psnr} dB`);
    assert.ok(Math.abs(row.gainPsnr - (row.scores.restorer.psnr - row.scores.bicubic.psnr)) < 1e-9);
  }
  const all = out.rows.at(-1);
  assert.equal(all.n, 8);
  assert.equal(all.block, undefined);
  assert.deepEqual([out.rows[0].block, out.rows[0].style, out.rows[0].jpeg], [8, 'mean', null]);
});

test('eval restore: the table names every candidate and the gain', () => {
  const r = run('eval', 'restore', '--data', twoPhotos(), '--model', model, '--block', '12', '--limit', '1', '--jpeg', '75');
  assert.equal(r.status, 0, r.stderr);
  for (const word of ['mosaic', 'bicubic', 'restored', 'gain over bicubic', '12 px mean jpeg 75', 'all']) assert.ok(r.stdout.includes(word), `${word} missing:\n${r.stdout}`);
});

test('eval restore and demo: one-line errors for no photos, an unreadable photo, a model that is not a restorer, bad options', () => {
  const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
  const bad = fs.mkdtempSync(path.join(dir, 'bad-'));
  fs.writeFileSync(path.join(bad, 'broken.jpg'), 'not a jpeg');
  const unet = pix2pixFile(dir);
  const cases: [string[], RegExp][] = [
    [['eval', 'restore', '--data', empty, '--model', model], /no images found/],
    [['eval', 'restore', '--data', path.join(dir, 'missing'), '--model', model], /folder does not exist/],
    [['eval', 'restore', '--data', bad, '--model', model], /broken\.jpg: cannot read image/],
    [['eval', 'restore', '--data', bad, '--model', unet], /not a mosaic restorer/],
    [['eval', 'restore', '--data', bad, '--model', path.join(bad, 'broken.jpg')], /not a valid safetensors file/],
    [['eval', 'restore', '--data', bad, '--model', model, '--block', '16-8'], /--block must be A-B/],
    [['eval', 'restore', '--data', bad, '--model', model, '--styles', 'blur'], /--styles must be one of/],
    [['eval', 'restore', '--data', bad, '--model', model, '--jpeg', '101'], /--jpeg must be none or JPEG qualities/],
    [['demo', '-o', path.join(dir, 'demo'), '--model', unet], /not a mosaic restorer/],
  ];
  for (const [args, want] of cases) {
    const r = run(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}:\n${r.stderr}`);
    assert.match(lines[0]!, want);
  }
  assert.equal(fs.existsSync(path.join(dir, 'demo')), false, 'a refused demo writes nothing');
});

test('demo and eval restore without --model, with the shipped restorer missing: one line that says so and names --model FILE', { skip: restorerUnderTest().shipped }, () => {
  for (const args of [['demo', '-o', path.join(dir, 'demo-unshipped')], ['eval', 'restore', '--data', twoPhotos()]]) {
    const r = run(...args);
    assert.notEqual(r.status, 0, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}:\n${r.stderr}`);
    assert.match(lines[0]!, /restorer model is missing.*--model FILE.*--model bicubic/);
  }
  assert.equal(fs.existsSync(path.join(dir, 'demo-unshipped')), false, 'nothing written');
  const r = run('restore', path.join(twoPhotos(), fs.readdirSync(twoPhotos())[0]!), '-o', path.join(dir, 'unshipped.png'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^tessera: the mosaic restorer model is missing.*--model FILE.*--model bicubic/);
});

test('every command that takes a restorer takes --model bicubic, the baseline', () => {
  const ev = run('eval', 'restore', '--data', twoPhotos(), '--model', 'bicubic', '--block', '8', '--styles', 'mean', '--jpeg', 'none', '--limit', '1', '--json');
  assert.equal(ev.status, 0, ev.stderr);
  const out = JSON.parse(ev.stdout);
  assert.equal(out.model, 'bicubic');
  // the candidate is the baseline itself
  for (const row of out.rows) assert.deepEqual(row.scores.restorer, row.scores.bicubic);
  const demoDir = path.join(dir, 'demo-bicubic');
  const demo = run('demo', '-o', demoDir, '--model', 'bicubic', '--frames', '2', '--json');
  assert.equal(demo.status, 0, demo.stderr);
  const d = JSON.parse(demo.stdout);
  assert.ok(fs.existsSync(d.grid) && fs.existsSync(d.video));
  for (const c of d.cases) assert.deepEqual(c.scores.restorer, c.scores.bicubic, 'bicubic through restoreImage equals the bicubic column');
  // restore and serve take it too (restore-cli.test.ts, serve's tests): their help says so
  for (const cmd of ['restore', 'serve', 'demo']) assert.match(run(cmd, '--help').stdout, /"bicubic"|bicubic/, cmd);
  assert.match(run('eval', 'restore', '--help').stdout, /bicubic/);
});
