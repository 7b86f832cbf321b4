import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { BRISQUE_LIVE_MODEL } from '../../../src/image/brisque-model.js';
import { evaluateRestorer, type ImageRestorer } from '../../../src/restore/evaluate.js';
import { evaluationTable } from '../../../src/restore/eval-table.js';
import { esrganThickModelFile } from '../../../src/restore/peers/esrgan.js';
import { Restorer, restoreBicubic } from '../../../src/restore/restorer.js';
import { evaluationPhotos } from '../../helpers/photos.js';
import { tinyRestorerFile, tinyRestorerPair } from '../../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-eval-peer-'));

test('eval restore --peer esrgan-thick: the peer\'s scores in every row, its column in the table, its time per region', async () => {
  // one evaluation photo at 640 px wide keeps the peer's network small
  const photos = path.join(dir, 'photos');
  fs.mkdirSync(photos);
  await sharp(evaluationPhotos()[0]!).resize(640).toFile(path.join(photos, 'one.png'));
  const args = ['eval', 'restore', '--data', photos, '--model', tinyRestorerFile(), '--block', '8,16', '--peer', 'esrgan-thick'];
  const r = run(...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.peer, /esrgan-thick.*model\.json$/);
  assert.deepEqual(out.rows.map((row: { group: string }) => row.group), ['8 px mean jpeg none', '16 px mean jpeg none', 'all']);
  for (const row of out.rows) {
    const { peer, bicubic, mosaic } = row.scores;
    // a restoration, not noise or a shifted grid: above the mosaic, within a few dB of bicubic
    assert.ok(peer.psnr > mosaic.psnr && Math.abs(peer.psnr - bicubic.psnr) < 3, `${row.group}: peer ${peer.psnr} dB, bicubic ${bicubic.psnr}, mosaic ${mosaic.psnr}`);
    assert.ok(peer.ssim > 0 && peer.ssim <= 1 && peer.gradientRatio > 0);
    // BRISQUE is on by default: the peer's box is scored like the others'
    if (fs.existsSync(BRISQUE_LIVE_MODEL)) assert.ok(peer.brisque >= 0 && peer.brisque <= 100, `${row.group}: peer BRISQUE ${peer.brisque}`);
  }
  for (const t of [out.secondsPerRegion, out.cpuSecondsPerRegion]) assert.ok(t.peer > 0 && t.restorer > 0, JSON.stringify(t));
  const table = run(...args, '--block', '16');
  assert.equal(table.status, 0, table.stderr);
  for (const word of ['esrgan-thick', 'restored', 'seconds per region']) assert.ok(table.stdout.includes(word), `${word} missing:\n${table.stdout}`);
});

test('eval restore --peer: an unknown peer is one line; a missing dev dependency says how to install it', () => {
  const r = run('eval', 'restore', '--data', dir, '--model', tinyRestorerFile(), '--peer', 'esrgan-thin');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.trim(), /^.*--peer must be one of esrgan-thick, got 'esrgan-thin'$/);
  assert.throws(() => esrganThickModelFile(() => { throw new Error('Cannot find module'); }),
    (e: Error) => e.message === 'the esrgan-thick peer needs the dev dependency @upscalerjs/esrgan-thick (npm install, without --omit=dev)');
});

test('a peer beside detail × cell style cases: run once per mosaic, its scores (BRISQUE too) in every case and block', async () => {
  const photos = path.join(dir, 'dial');
  fs.mkdirSync(photos);
  await sharp(evaluationPhotos()[0]!).resize(320).toFile(path.join(photos, 'one.png'));
  let calls = 0;
  // bicubic as the peer: its scores must then equal the bicubic candidate's, case by case
  const peer: ImageRestorer = { restore: (image, mask, targets) => { calls++; return restoreBicubic(image, mask, targets); } };
  const brisque = fs.existsSync(BRISQUE_LIVE_MODEL);
  const restorer = Restorer.load(tinyRestorerPair().pair);
  try {
    const cases = await evaluateRestorer([path.join(photos, 'one.png')], restorer,
      { blocks: [8, 16], styles: ['mean'], jpeg: [null], details: [0, 1], cellStyles: ['mean', 'none'], peer, brisque });
    assert.equal(calls, 2, 'one peer call per mosaic, not per detail or cell style');
    assert.equal(cases.length, 8);
    for (const c of cases) {
      assert.deepEqual(c.scores.peer, c.scores.bicubic);
      assert.equal(c.scores.peer!.brisque !== undefined, brisque);
      assert.ok(c.seconds.peer! > 0 && c.seconds.restorer! > 0);
    }
    const rows = evaluationTable(cases);
    assert.equal(rows.length, 4 * 3);
    for (const row of rows) assert.deepEqual(row.scores.peer, row.scores.bicubic, row.group);
  } finally {
    restorer.dispose();
  }
});
