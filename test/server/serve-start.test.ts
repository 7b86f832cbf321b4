// `tessera serve` as a new user starts it: in an empty folder (no runs/ yet) it serves and makes the runs
// folder; on a port that is taken it says so in one line with a free port to use, and leaves no temporary
// work folder behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const cli = path.resolve('dist/src/cli/main.js');

test('serve in an empty folder: the runs folder is made, the server answers, and a stop leaves no work folder', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-empty-'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-tmp-'));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--model', 'bicubic'], { cwd: home, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr.on('data', (c) => { err += c; });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => { out += c; const m = /tessera serve: (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]!); });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  assert.ok(fs.statSync(path.join(home, 'runs')).isDirectory(), 'runs/ was made');
  assert.match(out, /made the runs folder/);
  const res = await fetch(new URL('api/runs', url));
  assert.equal(res.status, 200);
  assert.equal(fs.readdirSync(tmp).length, 1, 'one work folder while it runs');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.deepEqual(fs.readdirSync(tmp), [], 'the work folder went with the server');
  fs.rmSync(home, { recursive: true });
  fs.rmSync(tmp, { recursive: true });
});

test('serve on a port that is taken: one line naming the port and a free one, exit 1, no work folder left', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-busy-'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-tmp-'));
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    const r = spawnSync(process.execPath, [cli, 'serve', '--port', String(port), '--model', 'bicubic'], { cwd: home, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    const m = new RegExp(`^tessera: port ${port} on 127\\.0\\.0\\.1 is in use; try --port (\\d+)`).exec(r.stderr);
    assert.ok(m, r.stderr);
    const free = Number(m[1]);
    assert.notEqual(free, port);
    // the port offered can be listened on
    const probe = net.createServer();
    await new Promise<void>((ok, bad) => { probe.once('error', bad); probe.listen(free, '127.0.0.1', () => ok()); });
    await new Promise((ok) => probe.close(ok));
    assert.deepEqual(fs.readdirSync(tmp), [], 'no tessera-serve-* work folder left');
    assert.deepEqual(fs.readdirSync(home), [], 'no runs folder made for a server that never started');
  } finally {
    await new Promise((ok) => taken.close(ok));
    fs.rmSync(home, { recursive: true });
    fs.rmSync(tmp, { recursive: true });
  }
});
