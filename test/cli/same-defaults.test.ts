// Settings that censor and restore share have one default: detection on every video frame (why:
// inputs/regions.ts DEFAULT_DETECT_EVERY). Their video tracks share one shape (test/restore/restore-video-cli.test.ts).
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
