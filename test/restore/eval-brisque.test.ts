// BRISQUE in the restorer's evaluation: each candidate's box scored as a crop, averaged like the other
// columns, shown in the table; --no-brisque leaves it out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BRISQUE_LIVE_MODEL, BrisqueScorer } from '../../src/image/brisque-model.js';
import { boxesToMask } from '../../src/image/mask.js';
import { readRaster, rgbPixels } from '../../src/image/raster.js';
import { crop } from '../../src/image/sheet.js';
import { meanScores, regionScores } from '../../src/restore/metrics.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { tinyRestorerFile, tinyRestorerPair } from '../helpers/restorers.js';

const skip = fs.existsSync(BRISQUE_LIVE_MODEL) ? false : 'no LIVE model (apt-get install opencv-data)';
const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('regionScores: BRISQUE is the box as a crop; meanScores averages it only when every case has it', { skip }, async () => {
  const photo = rgbPixels(await readRaster(evaluationPhotos()[0]!));
  const box = { x: 40, y: 30, w: 200, h: 120 }, mask = boxesToMask(photo.width, photo.height, [box]);
  const scorer = BrisqueScorer.load();
  const s = regionScores(photo, photo, mask, box, scorer);
  assert.equal(s.brisque, scorer.score(crop(photo, box.x, box.y, box.w, box.h)));
  assert.equal(regionScores(photo, photo, mask, box).brisque, undefined);
  assert.equal(meanScores([{ ...s, brisque: 10 }, { ...s, brisque: 30 }]).brisque, 20);
  assert.equal(meanScores([{ ...s, brisque: 10 }, { ...s, brisque: undefined }]).brisque, undefined);
});

test('eval restore: a BRISQUE column for every candidate and row; --no-brisque leaves it out', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-eval-brisque-'));
  try {
    fs.symlinkSync(path.resolve(evaluationPhotos()[0]!), path.join(dir, 'photo.jpg'));
    const model = tinyRestorerFile();
    const r = run('eval', 'restore', '--data', dir, '--model', model, '--block', '8,16', '--json');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout).rows as { group: string; scores: Record<string, { brisque?: number }> }[];
    for (const row of rows) for (const cand of ['mosaic', 'bicubic', 'restorer']) {
      const b = row.scores[cand]!.brisque;
      assert.ok(b !== undefined && b >= 0 && b <= 100, `${row.group} ${cand}: BRISQUE ${b}`);
    }
    const all = rows.at(-1)!;
    assert.ok(Math.abs(all.scores.bicubic!.brisque! - (rows[0]!.scores.bicubic!.brisque! + rows[1]!.scores.bicubic!.brisque!) / 2) < 1e-9);
    const table = run('eval', 'restore', '--data', dir, '--model', model, '--block', '8');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /BRISQUE/);
    const without = run('eval', 'restore', '--data', dir, '--model', model, '--block', '8', '--no-brisque', '--json');
    assert.equal(without.status, 0, without.stderr);
    assert.ok(!without.stdout.includes('brisque'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('eval restore: every detail × cell style case gets its BRISQUE; the restorer differs per detail', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-eval-brisque-dial-'));
  try {
    fs.symlinkSync(path.resolve(evaluationPhotos()[0]!), path.join(dir, 'photo.jpg'));
    const r = run('eval', 'restore', '--data', dir, '--model', tinyRestorerPair().pair, '--block', '8', '--detail', '0,1', '--style', 'mean,none', '--json');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout).rows as { group: string; detail?: number; cellStyle?: string; scores: Record<string, { brisque?: number }> }[];
    assert.deepEqual([...new Set(rows.map((row) => `${row.detail} ${row.cellStyle}`))], ['0 mean', '0 none', '1 mean', '1 none']);
    for (const row of rows) for (const cand of ['mosaic', 'bicubic', 'restorer']) {
      const b = row.scores[cand]!.brisque;
      assert.ok(b !== undefined && b >= 0 && b <= 100, `${row.group} ${cand}: BRISQUE ${b}`);
    }
    const restorer = (d: number) => rows.find((row) => row.detail === d && row.cellStyle === 'none')!.scores.restorer!.brisque;
    assert.notEqual(restorer(0), restorer(1));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
