// `tessera --help`, `--version` and `doctor --json` must start light: no libtorch addon, no libvips
// (sharp), no onnxruntime. A preloaded hook lists, at exit, the heavy shared libraries the process
// mapped (/proc/self/maps); a real job maps them, which shows the hook sees them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS, registerCommands } from '../../src/cli/commands/index.js';

const cli = path.resolve('dist/src/cli/main.js');
const HEAVY = /tessera_native\.node|libtorch_cpu|libvips|libonnxruntime/;

/** Runs the CLI with a hook that prints the heavy libraries mapped at exit; returns them and the run. */
function heavyLibraries(dir: string, ...args: string[]) {
  const hook = path.join(dir, 'mapped-at-exit.cjs'), out = path.join(dir, 'mapped.txt');
  fs.writeFileSync(hook, `process.on('exit', () => {
    const libs = new Set(require('node:fs').readFileSync('/proc/self/maps', 'utf8').split('\\n').map((l) => l.split(/\\s+/)[5] || '').filter((p) => ${HEAVY}.test(p)));
    require('node:fs').writeFileSync(${JSON.stringify(out)}, [...libs].map((p) => require('node:path').basename(p)).join('\\n'));
  });\n`);
  fs.rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return { mapped: fs.readFileSync(out, 'utf8').split('\n').filter(Boolean), stdout: r.stdout };
}

test('--help, --version and doctor --json load neither libtorch, libvips nor onnxruntime; a censor does', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-lazy-'));
  try {
    const help = heavyLibraries(dir, '--help');
    assert.match(help.stdout, /censor \[options\] <in>/);
    assert.deepEqual(help.mapped, []);
    assert.deepEqual(heavyLibraries(dir, '--version').mapped, []);
    assert.deepEqual(heavyLibraries(dir, 'doctor', '--json').mapped, []);
    const censor = heavyLibraries(dir, 'censor', 'assets/demo/cups.jpg', '-o', path.join(dir, 'out.png'), '-r', 'box:10,10,64,64');
    assert.ok(censor.mapped.some((l) => /libvips/.test(l)), `censor mapped: ${censor.mapped.join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the top-level help's command lines are the ones each command's module registers", async () => {
  const withModules = new Command('tessera');
  for (const c of COMMANDS) (await c.load())(withModules);
  const withLines = new Command('tessera');
  await registerCommands(withLines, ['node', 'tessera', '--help']);
  // a command's module changed its arguments or description: update its line in src/cli/commands/index.ts
  assert.equal(withLines.helpInformation(), withModules.helpInformation());
  assert.deepEqual(withModules.commands.map((c) => c.name()), COMMANDS.map((c) => c.name));
});
