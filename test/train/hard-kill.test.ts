// Hard kills and full disks during training, through the real CLI: SIGKILL at random moments and inside
// the checkpoint swap (fuzz/kill-resume.ts; `npm run faults` runs 20 and more), and checkpoint writes that
// fail (a per-file size limit, RLIMIT_FSIZE, set by the shell's `ulimit -f`: writes fail with EFBIG).
import { evaluationPhotos } from '../helpers/photos.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { killResumeCampaign, logLines, SAVE_EVERY } from '../../fuzz/kill-resume.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';

test('SIGKILL at 3 random moments, twice inside the checkpoint swap and once in the --keep rotation: every resume succeeds, the log equals an uninterrupted run', async () => {
  const r = await killResumeCampaign({ kills: 3, seed: 7, swapStates: true });
  assert.equal(r.kills, 3);
  assert.equal(r.mended, 2, 'both swap states mended');
  assert.ok(r.maxLost <= SAVE_EVERY);
});

const cli = path.resolve('dist/src/cli/main.js');
/** Runs the CLI in a shell whose files may not grow past `kib` KiB. */
function limited(kib: number, args: string[]) {
  const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnSync('bash', ['-c', `ulimit -f ${kib} && exec ${quoted}`], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
}

test('a checkpoint write that fails (EFBIG) stops with one line; the previous checkpoint is kept whole and resumes', async () => {
  const data = tempDir(), run = tempDir();
  await makeAlignedDataset(data, 2, 16, 16);
  const args = (iters: number) => ['train', 'pix2pix', '--data', data, '--out', run, '--netG', 'unet_32', '--ngf', '8', '--ndf', '4',
    '--load-size', '36', '--crop-size', '32', '--workers', '1', '--iters', String(iters), '--save-every', '2', '--sample-every', '0'];
  const first = spawnSync(process.execPath, [cli, ...args(2)], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(first.status, 0, first.stderr);
  const ck = path.join(run, 'checkpoints', 'latest');
  const before = Object.fromEntries(fs.readdirSync(ck).map((f) => [f, fs.readFileSync(path.join(ck, f))]));
  const biggest = Math.max(...Object.values(before).map((b) => b.length));
  // every file may grow to half the largest checkpoint file: the log and the lock fit, that one does not
  const r = limited(Math.floor(biggest / 2048), [...args(4), '--resume']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('tessera:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /checkpoints\/latest: could not write the checkpoint of step \d \(.*\.safetensors: cannot write \(EFBIG: file too large\)\); the previous checkpoint is kept/);
  assert.deepEqual(fs.readdirSync(path.dirname(ck)), ['latest'], 'no partial checkpoint folder left');
  for (const [f, bytes] of Object.entries(before)) assert.deepEqual(fs.readFileSync(path.join(ck, f)), bytes, `${f} unchanged`);
  assert.ok(!fs.readdirSync(run).some((f) => f.endsWith('.tmp')), 'no temp files');
  // with room again, the kept checkpoint resumes
  const again = spawnSync(process.execPath, [cli, ...args(4), '--resume'], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(logLines(run).length, 4);
  for (const d of [data, run]) fs.rmSync(d, { recursive: true });
});

test('a full disk while writing a censored video or a restored image: one line, no output, no temp file, the input intact', async () => {
  const dir = tempDir();
  const video = path.join(dir, 'in.mp4');
  assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '50', '-c:v', 'libx264',
    '-preset', 'ultrafast', '-crf', '0', video]).status, 0);
  const image = path.join(dir, 'in.png'), frame = path.join(dir, 'frame.png');
  assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-i', evaluationPhotos()[2]!, '-vf', 'scale=320:240', frame]).status, 0);
  // a mosaic on a photo, for restore to take off (testsrc holds none, and its flat bars give no grid)
  assert.equal(spawnSync(process.execPath, [cli, 'censor', frame, '-o', image, '-r', 'box:64,48,128,96', '--block', '8']).status, 0);
  fs.rmSync(frame);
  const before = [fs.readFileSync(video), fs.readFileSync(image)];
  const v = limited(16, ['censor', video, '-o', path.join(dir, 'out.mp4'), '-r', 'box:0,0,64,64', '--crf', '0']);
  assert.equal(v.status, 1, v.stderr);
  assert.match(v.stderr.split('\n').filter((l) => l.startsWith('tessera:'))[0]!, /out\.mp4: encoding failed/);
  const i = limited(16, ['restore', image, '-o', path.join(dir, 'out.png'), '--model', 'bicubic', '-r', 'box:64,48,128,96']);
  assert.equal(i.status, 1, i.stderr);
  assert.match(i.stderr, /out\.png: cannot write \(EFBIG/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['in.mp4', 'in.png'], 'nothing written, nothing left');
  assert.deepEqual([fs.readFileSync(video), fs.readFileSync(image)], before);
  fs.rmSync(dir, { recursive: true });
});
