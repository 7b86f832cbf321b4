// `npm run bench -- startup [--iters N] [--json]`: how long the `tessera` CLI takes from launch to exit, and
// its peak memory, for commands that should start light (`--help`, `--version`, `doctor --json`) and for
// small real jobs on one 640×400 photo (a fixed-box censor, a face censor, a bicubic restore of a box).
// Each case runs N times (default 5) in a fresh process; the median wall time and the median peak RSS
// (GNU time's %M) are reported. On a loaded machine compare ratios between runs, not absolute times.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, type BenchOptions } from './report.js';

const CLI = path.resolve('dist/src/cli/main.js');
const PHOTO = path.resolve('assets/demo/cups.jpg');
const FACE_PHOTO = path.resolve('test/fixtures/finders/astronaut.jpg');
const BOX = 'box:200,100,160,160';

interface Run { wallS: number; rssMb: number; status: number | null; stderr: string }

function runCli(args: string[]): Run {
  const rssFile = path.join(os.tmpdir(), `tessera-startup-rss-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, CLI, ...args], { encoding: 'utf8' });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssMb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024;
  fs.rmSync(rssFile, { force: true });
  return { wallS, rssMb, status: r.status, stderr: r.stderr };
}

export async function run(o: BenchOptions): Promise<void> {
  if (!fs.existsSync('/usr/bin/time')) throw new Error('needs GNU time at /usr/bin/time (Debian package "time")');
  const iters = o.iters ?? 5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-startup-'));
  try {
    // restore needs a mosaic where the box is: censor the photo once
    const censored = path.join(dir, 'censored.png');
    const made = runCli(['censor', PHOTO, '-o', censored, '-r', BOX, '--block', '10']);
    if (made.status !== 0) throw new Error(`making the censored photo failed: ${made.stderr.trim()}`);
    let k = 0;
    const out = (ext: string) => path.join(dir, `out-${k++}${ext}`);
    const cases: [string, () => string[]][] = [
      ['--help', () => ['--help']],
      ['--version', () => ['--version']],
      ['doctor --json', () => ['doctor', '--json']],
      ['censor -r box', () => ['censor', PHOTO, '-o', out('.png'), '-r', BOX]],
      ['censor -r faces', () => ['censor', FACE_PHOTO, '-o', out('.png'), '-r', 'faces']],
      ['restore --model bicubic -r box', () => ['restore', censored, '-o', out('.png'), '-r', BOX, '--model', 'bicubic']],
    ] as [string, () => string[]][];
    const rows = [];
    for (const [name, args] of cases.filter(([name]) => !o.only || name.includes(o.only))) {
      const runs: Run[] = [];
      for (let i = 0; i < iters; i++) {
        const r = runCli(args());
        if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
        runs.push(r);
      }
      const row = { case: name, wall_s: median(runs.map((r) => r.wallS)), peak_rss_mb: median(runs.map((r) => r.rssMb)), runs: iters };
      rows.push(row);
      if (o.json) console.log(JSON.stringify(row));
      else {
        if (rows.length === 1) console.log(`${'case'.padEnd(34)}${'wall s'.padStart(10)}${'peak RSS MB'.padStart(14)}`);
        console.log(`${name.padEnd(34)}${row.wall_s.toFixed(3).padStart(10)}${row.peak_rss_mb.toFixed(0).padStart(14)}`);
      }
    }
    if (!o.json) console.log(`(median of ${iters} runs each; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
