// Error messages that say the fix: a restorer given to translate names `tessera restore`; a crop too small
// for the U-Net names the U-Net that fits (or a larger crop) before any step runs. (A truncated MP4 saying
// so: test/video/truncated-mp4.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';
import { tinyRestorerFile } from '../helpers/restorers.js';

const cli = path.resolve('dist/src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const oneLine = (r: { status: number | null; stderr: string }, want: RegExp) => {
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, want);
};

test('translate given a mosaic restorer: one line that says to use tessera restore, nothing written', async () => {
  const dir = tempDir();
  await makeAlignedDataset(dir, 1, 32, 32);
  const input = path.join(dir, 'train', fs.readdirSync(path.join(dir, 'train'))[0]!);
  oneLine(tessera('translate', '--model', tinyRestorerFile(), input, '-o', path.join(dir, 'out.png')),
    /tiny-restorer\.safetensors: restorer_unet_64 is a mosaic restorer.*use tessera restore/);
  assert.ok(!fs.existsSync(path.join(dir, 'out.png')));
  fs.rmSync(dir, { recursive: true });
});

test('train pix2pix --crop-size 64 with the default unet_256: refused in one line naming --netG unet_64 or a larger crop, before any step', async () => {
  const data = tempDir(), run = path.join(tempDir(), 'run');
  await makeAlignedDataset(data, 2, 64, 64);
  for (const [crop, fit] of [['64', 'unet_64'], ['96', 'unet_32'], ['200', 'unet_8']] as const) {
    const r = tessera('train', 'pix2pix', '--data', data, '--out', run, '--load-size', crop, '--crop-size', crop, '--iters', '1');
    if (fit === 'unet_8') oneLine(r, /--crop-size 200 does not fit --netG unet_256, .*--crop-size 256 /);
    else oneLine(r, new RegExp(`--crop-size ${crop} does not fit --netG unet_256, .*use --netG ${fit} or --crop-size 256 `));
    assert.ok(!fs.existsSync(run), 'no run folder: nothing ran');
  }
  // the named fit does train
  const ok = tessera('train', 'pix2pix', '--data', data, '--out', run, '--load-size', '64', '--crop-size', '64', '--netG', 'unet_64', '--ngf', '8', '--ndf', '8', '--iters', '1', '--workers', '1');
  assert.equal(ok.status, 0, ok.stderr);
  fs.rmSync(data, { recursive: true });
  fs.rmSync(path.dirname(run), { recursive: true });
});
