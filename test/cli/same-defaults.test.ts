// Settings that commands share have one default: detection on every video frame in censor and restore (why:
// inputs/regions.ts DEFAULT_DETECT_EVERY), and detect's and restore's --codec (one declaration, detect/find.ts).
// Censor's and restore's video tracks share one shape (test/restore/restore-video-cli.test.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_DETECT_EVERY as censorDefault } from '../../src/censor/index.js';
import { DEFAULT_DETECT_EVERY as restoreDefault } from '../../src/restore/index.js';

const cli = path.resolve('dist/src/cli/main.js');
const help = (cmd: string) => spawnSync(process.execPath, [cli, cmd, '--help'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');

test('--detect-every has one default, 1, in censor and restore (library and CLI)', () => {
  assert.equal(censorDefault, 1);
  assert.equal(restoreDefault, censorDefault);
  for (const cmd of ['censor', 'restore']) assert.match(help(cmd), /--detect-every <n> video: [^-]*\(default: 1\)/, cmd);
});

test('--codec is one option in detect and restore: the same choices and default, the same refusal', () => {
  for (const cmd of ['detect', 'restore']) {
    assert.match(help(cmd), /--codec <c> what the image went through: jpeg \(also for PNG\/WebP\) \| h264 \(a frame grabbed from a video\); its block lattice is discounted[^-]*\(default: "jpeg"\)/, cmd);
    const bad = spawnSync(process.execPath, [cli, cmd, 'in.png', '-o', 'out.png', '--codec', 'vp9'], { encoding: 'utf8' });
    assert.equal(bad.status, 1, cmd);
    assert.equal(bad.stderr.trim(), "tessera: --codec must be one of jpeg, h264, got 'vp9'", cmd);
  }
  assert.match(help('restore'), /discounted; video inputs are always h264/);
});
