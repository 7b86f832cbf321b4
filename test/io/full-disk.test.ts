// A real full disk: a small tmpfs mounted in a private mount namespace (`unshare -rm`: a user namespace
// maps us to root there, so no real root is needed, and the mount vanishes with the shell), over the
// folder being written: a run's checkpoints/ or samples/, or the folder of a censored video or restored
// image. Every write fails with ENOSPC. Each case must stop with one line naming the file, keep the
// previous checkpoint and the input as they were, and leave no partial output. What the tmpfs held at the
// end is copied out (the shell's last step) so the test can look at it. Found here: ffmpeg 5.1 exits 0
// when the disk fills while it writes the trailer, so `censor` wrote a cut video and said it had worked
// (the EFBIG test missed it: a file size limit kills ffmpeg with SIGXFSZ instead).
import { evaluationPhotos } from '../helpers/photos.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';

const cli = path.resolve('dist/src/cli/main.js');
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=8k tmpfs "$d" && umount "$d" && rmdir "$d"']).status === 0;
const skip = canMount ? false : 'unshare -rm with a tmpfs mount is not allowed here (no user namespaces)';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const tessera = (args: string[]) => [process.execPath, cli, ...args].map(q).join(' ');

/**
 * Runs `command` with a tmpfs of `kib` KiB mounted over `dir` (its files copied in first, then `fill`
 * fills what is left); afterwards the tmpfs's files are copied to `keep`. Returns the command's result.
 */
function onFullDisk(dir: string, kib: number, command: string, keep: string, o: { fill?: boolean } = {}) {
  const stage = `${dir}.stage`;
  const script = [
    'set -e',
    `cp -a ${q(dir)} ${q(stage)}`,
    `mount -t tmpfs -o size=${kib}k tmpfs ${q(dir)}`,
    `cp -a ${q(stage)}/. ${q(dir)}/`,
    `rm -rf ${q(stage)}`,
    o.fill ? `dd if=/dev/zero of=${q(path.join(dir, '.fill'))} bs=4k 2>/dev/null || true` : ':',
    'set +e',
    `${command} 2>${q(`${keep}.stderr`)}; rc=$?`,
    o.fill ? `rm -f ${q(path.join(dir, '.fill'))}` : ':',
    `mkdir -p ${q(keep)} && cp -a ${q(dir)}/. ${q(keep)}/`,
    'exit $rc',
  ].join('\n');
  const r = spawnSync('unshare', ['-rm', 'bash', '-c', script], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  return { status: r.status, stderr: fs.readFileSync(`${keep}.stderr`, 'utf8') + r.stderr };
}

const tesseraLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('tessera:'));
const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const tree = (dir: string): Record<string, string> => Object.fromEntries(fs.readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => { const f = path.join(e.parentPath, e.name); return [path.relative(dir, f), digest(f)]; }));

let data = '', run0 = '';
const root = tempDir();
const trainArgs = (out: string, iters: number, sampleEvery: number) => ['train', 'pix2pix', '--data', data, '--out', out, '--netG', 'unet_32', '--ngf', '8', '--ndf', '4',
  '--load-size', '36', '--crop-size', '32', '--workers', '1', '--iters', String(iters), '--save-every', '2', '--sample-every', String(sampleEvery)];
before(async () => {
  if (skip) return;
  data = path.join(root, 'data');
  run0 = path.join(root, 'run0');
  await makeAlignedDataset(data, 2, 16, 16);
  const r = spawnSync(process.execPath, [cli, ...trainArgs(run0, 2, 1)], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A copy of the 2-step run to resume from. */
function runCopy(name: string): string {
  const run = path.join(root, name);
  fs.cpSync(run0, run, { recursive: true });
  return run;
}

test('a full disk while writing a checkpoint: one line, the previous checkpoint whole and byte-identical, no partial folder; it resumes', { skip }, () => {
  const run = runCopy('run-ck'), ck = path.join(run, 'checkpoints'), keep = path.join(root, 'keep-ck');
  const before = tree(ck);
  const bytes = Object.keys(before).reduce((n, f) => n + fs.statSync(path.join(ck, f)).size, 0);
  // room for the checkpoint there and half of another
  const r = onFullDisk(ck, Math.ceil((1.5 * bytes) / 1024), tessera([...trainArgs(run, 4, 0), '--resume']), keep);
  assert.equal(r.status, 1, r.stderr);
  const lines = tesseraLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /checkpoints\/latest: could not write the checkpoint of step \d \(.*latest\.tmp-\d+\/[\w.]+: cannot write \(ENOSPC: no space left on device\)\); the previous checkpoint is kept/);
  assert.deepEqual(tree(keep), before, 'the checkpoint as it was, nothing else on the disk (no latest.tmp-*)');
  assert.ok(!fs.readdirSync(run).some((f) => f.includes('.tmp')), 'no temp files in the run');
  const again = spawnSync(process.execPath, [cli, ...trainArgs(run, 4, 0), '--resume'], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(fs.readFileSync(path.join(run, 'loss_log.jsonl'), 'utf8').trim().split('\n').length, 4);
});

test('a full disk while writing a sample grid: one line naming the grid, no partial file, the checkpoint still resumes', { skip }, () => {
  const run = runCopy('run-samples'), samples = path.join(run, 'samples'), keep = path.join(root, 'keep-samples');
  const before = tree(samples);
  const r = onFullDisk(samples, 16, tessera([...trainArgs(run, 3, 1), '--resume']), keep, { fill: true });
  assert.equal(r.status, 1, r.stderr);
  const lines = tesseraLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /samples\/0000003\.png: cannot write \(ENOSPC: no space left on device\)$/);
  assert.deepEqual(tree(keep), before, 'the earlier grids as they were, no partial 0000003.png or temp file');
  // the checkpoint of step 2 is whole: the run goes on from it with room again
  const again = spawnSync(process.execPath, [cli, ...trainArgs(run, 3, 1), '--resume'], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /done at step 3/);
});

test('a full disk while writing a censored video or a restored image: one line, no output, no temp file, the input intact', { skip }, () => {
  const dir = path.join(root, 'media');
  fs.mkdirSync(dir);
  const video = path.join(dir, 'in.mp4'), image = path.join(dir, 'in.png');
  assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '50', '-c:v', 'libx264',
    '-preset', 'ultrafast', '-crf', '0', video]).status, 0);
  // a mosaic on a photo, for restore to take off (testsrc holds none, and its flat bars give no grid)
  const frame = path.join(root, 'frame.png');
  assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-i', evaluationPhotos()[2]!, '-vf', 'scale=320:240', frame]).status, 0);
  assert.equal(spawnSync(process.execPath, [cli, 'censor', frame, '-o', image, '-r', 'box:64,48,128,96', '--block', '8']).status, 0);
  fs.rmSync(frame);
  const before = tree(dir);
  const used = Object.keys(before).reduce((n, f) => n + Math.ceil(fs.statSync(path.join(dir, f)).size / 4096) * 4, 0);
  // the inputs fit with 32 KiB to spare: less than either output needs
  const v = onFullDisk(dir, used + 32, tessera(['censor', video, '-o', path.join(dir, 'out.mp4'), '-r', 'box:0,0,64,64', '--crf', '0']), path.join(root, 'keep-video'));
  assert.equal(v.status, 1, v.stderr);
  assert.equal(tesseraLines(v.stderr).length, 1, v.stderr);
  assert.match(tesseraLines(v.stderr)[0]!, /out\.mp4: encoding failed \(.*No space left on device/);
  assert.deepEqual(tree(path.join(root, 'keep-video')), before, 'no out.mp4, no temp file, the input unchanged');
  const i = onFullDisk(dir, used + 8, tessera(['restore', image, '-o', path.join(dir, 'out.png'), '--model', 'bicubic', '-r', 'box:64,48,128,96']), path.join(root, 'keep-image'));
  assert.equal(i.status, 1, i.stderr);
  assert.equal(tesseraLines(i.stderr).length, 1, i.stderr);
  assert.match(tesseraLines(i.stderr)[0]!, /out\.png: cannot write \(ENOSPC: no space left on device\)/);
  assert.deepEqual(tree(path.join(root, 'keep-image')), before, 'no out.png, no temp file, the input unchanged');
});
