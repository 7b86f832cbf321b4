// One overwrite rule for every command that writes: an output that exists is refused (one line naming it,
// exit 1, the file untouched) unless --overwrite; an input is never overwritten, --overwrite or not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { pix2pixFile, tinyRestorerFile } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const STALE = Buffer.from('an earlier output');

test('censor, restore, translate, detect and export refuse an existing output unless --overwrite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-overwrite-'));
  const px = Buffer.alloc(64 * 64 * 3);
  // smooth ramps and a few edges: cell means that differ, so a mosaic's grid can be measured
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) px.set([x * 4, y * 4, ((x >> 3) * 37 + (y >> 4) * 91) % 256], (y * 64 + x) * 3);
  const image = path.join(dir, 'a.png');
  await sharp(px, { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(image);
  // a mosaic of 8 px cells over the whole image, for restore
  const mosaic = path.join(dir, 'm.png');
  assert.equal(run('censor', image, '-o', mosaic, '-r', 'box:0,0,64,64', '--block', '8').status, 0);
  fs.mkdirSync(path.join(dir, 'folder'));
  fs.copyFileSync(image, path.join(dir, 'folder', 'a.png'));
  const g = pix2pixFile(dir);
  const cases: [string, (out: string) => string[]][] = [
    ['censor.png', (out) => ['censor', image, '-o', out, '-r', 'box:0,0,16,16']],
    ['censor-folder', (out) => ['censor', path.join(dir, 'folder'), '-o', out, '-r', 'box:0,0,16,16']],
    ['restore.png', (out) => ['restore', mosaic, '-o', out, '-r', 'box:0,0,64,64', '--model', 'bicubic']],
    ['translate.png', (out) => ['translate', '--model', g, image, '-o', out]],
    ['detect.png', (out) => ['detect', mosaic, '-o', out, '--method', 'analytic']],
    ['export.onnx', (out) => ['export', tinyRestorerFile(), '-o', out, '--no-check']],
  ];
  for (const [name, args] of cases) {
    const folder = name === 'censor-folder';
    const out = path.join(dir, name), target = folder ? path.join(out, 'a.png') : out;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, STALE);
    const r = run(...args(out));
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`${name}.*: already exists; pass --overwrite to replace it`));
    assert.deepEqual(fs.readFileSync(target), STALE, `${name}: the existing output was left alone`);
    const again = run(...args(out), '--overwrite');
    assert.equal(again.status, 0, `${name} --overwrite: ${again.stderr}`);
    assert.notDeepEqual(fs.readFileSync(target), STALE, `${name}: replaced`);
  }
  // --overwrite never reaches an input
  const self = run('censor', image, '-o', image, '-r', 'box:0,0,16,16', '--overwrite');
  assert.equal(self.status, 1);
  assert.match(self.stderr, /refusing to overwrite the input/);
  fs.rmSync(dir, { recursive: true });
});
