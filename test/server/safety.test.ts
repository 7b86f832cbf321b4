// The server's safety rules, without a browser: files only from the runs and work folders (no "..",
// encoded or absolute paths, no symlink out), the upload limit, content types checked against the
// bytes, loopback Host and own Origin, readable error pages, and the safety checker on restore.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { bicubicRestorer } from '../../src/restore/index.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { SafetyChecker } from '../../src/safety/index.js';
import { postJson, request } from './helpers.js';

const LIMIT = 200_000;
let root = '', runs = '', work = '', secretDir = '', server: RunningServer, base = '';
let refuseAll = false;
const SECRET = 'the secret outside both folders';
const pngBytes = async (w = 64, h = 48) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
const jpegBytes = async () => sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 10, g: 120, b: 200 } } }).jpeg().toBuffer();

// A stand-in checker: the test flips it to refuse, to see that restore runs it (the real one is the bundled classifier).
const safety: SafetyChecker = { name: 'test', check: () => (refuseAll ? { allowed: false, reason: 'test refusal' } : { allowed: true }) };

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-test-'));
  runs = path.join(root, 'runs');
  work = path.join(root, 'work');
  secretDir = path.join(root, 'secret');
  fs.mkdirSync(path.join(runs, 'a', 'samples'), { recursive: true });
  fs.mkdirSync(secretDir);
  fs.writeFileSync(path.join(secretDir, 'passwd'), SECRET);
  fs.writeFileSync(path.join(runs, 'a', 'loss_log.jsonl'), '{"iteration":1,"G_L1":0.5}\n');
  fs.writeFileSync(path.join(runs, 'a', 'samples', '0000001.png'), await pngBytes(8, 8));
  // links inside the runs folder: one leading out (refused), one staying in (served)
  fs.symlinkSync(path.join(secretDir, 'passwd'), path.join(runs, 'a', 'out-link'));
  fs.symlinkSync(secretDir, path.join(runs, 'a', 'out-dir'));
  fs.symlinkSync(path.join(runs, 'a', 'loss_log.jsonl'), path.join(runs, 'a', 'in-link'));
  server = await startServer({ runsDir: runs, workDir: work, maxUploadBytes: LIMIT, restorer: bicubicRestorer, safety: async () => safety });
  base = server.url;
});
after(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the server listens on the loopback by default', () => {
  assert.equal(server.host, '127.0.0.1');
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('files inside the runs folder are served byte for byte, a symlink that stays inside too', async () => {
  const r = await request(base, '/files/runs/a/loss_log.jsonl');
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"iteration":1,"G_L1":0.5}\n');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal((await request(base, '/files/runs/a/in-link')).status, 200);
  const png = await request(base, '/files/runs/a/samples/0000001.png');
  assert.equal(png.headers['content-type'], 'image/png');
  assert.deepEqual(png.body, fs.readFileSync(path.join(runs, 'a', 'samples', '0000001.png')));
});

test('no path leads out of the runs and work folders', async () => {
  const attempts: [string, number][] = [
    ['/files/runs/../secret/passwd', 400],
    ['/files/runs/a/../../secret/passwd', 400],
    ['/files/work/../secret/passwd', 400],
    ['/files/runs/%2e%2e/secret/passwd', 400],
    ['/files/runs/%2E%2E/%2E%2E/secret/passwd', 400],
    ['/files/runs/..%2fsecret%2fpasswd', 400],
    ['/files/runs/a%2f..%2f..%2fsecret/passwd', 400],
    ['/files/runs/..%5csecret%5cpasswd', 400],
    ['/files/runs/a/loss_log.jsonl%00.png', 400],
    ['/files/runs/%', 400],
    [`/files/runs/${secretDir}/passwd`, 400],
    [`/files/runs/${encodeURIComponent(path.join(secretDir, 'passwd'))}`, 400],
    ['/files/work//etc/passwd', 400],
    ['/files/runs/a/out-link', 403],
    ['/files/runs/a/out-dir/passwd', 403],
    ['/files/runs/a/samples', 404],
    ['/files/runs/a/nothing-here', 404],
    ['/files/elsewhere/passwd', 404],
    ['/../secret/passwd', 404],
  ];
  for (const [p, status] of attempts) {
    const r = await request(base, p);
    assert.equal(r.status, status, `${p}: ${r.status} ${r.text}`);
    assert.ok(!r.text.includes(SECRET), `${p} leaked the file`);
    if (status !== 404 || p.startsWith('/files/runs/')) assert.match(r.json().error, /refused|no such/, p);
  }
  // double encoding stays a literal name (a file that does not exist), never a step up
  assert.equal((await request(base, '/files/runs/%252e%252e/secret/passwd')).status, 404);
  // files are read-only
  assert.equal((await request(base, '/files/runs/a/loss_log.jsonl', { method: 'POST', body: 'x' })).status, 405);
});

test('a browser gets a readable error page; the page\'s fetches get JSON', async () => {
  const page = await request(base, '/files/runs/a/out-link', { headers: { Accept: 'text/html,application/xhtml+xml' } });
  assert.equal(page.status, 403);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.text, /<h1>403 Forbidden<\/h1>/);
  assert.match(page.text, /outside the runs folder/);
  assert.match(page.text, /href="\/"/);
  const api = await request(base, '/api/nothing', { headers: { Accept: 'text/html' } });
  assert.equal(api.status, 404);
  assert.match(api.json().error, /no such endpoint/);
});

test('uploads: the size limit holds whether the length is declared or streamed', async () => {
  const big = Buffer.concat([await pngBytes(), Buffer.alloc(LIMIT)]);
  const declared = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: big });
  assert.equal(declared.status, 413);
  assert.match(declared.json().error, /larger than the limit of 195\.3 KiB/);
  const streamed = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: big, chunked: true });
  assert.equal(streamed.status, 413);
  // nothing of either was kept
  assert.deepEqual(fs.readdirSync(path.join(work, 'items')), []);
});

test('uploads: the content type must be accepted and the bytes must be what it says', async () => {
  const png = await pngBytes(), jpeg = await jpegBytes();
  const cases: [string | undefined, Buffer, RegExp][] = [
    [undefined, png, /content type missing is not accepted/],
    ['text/html', png, /content type "text\/html" is not accepted/],
    ['application/octet-stream', png, /not accepted/],
    ['image/png', jpeg, /declared image\/png, but its bytes are a JPEG file/],
    ['image/jpeg', png, /declared image\/jpeg, but its bytes are a PNG file/],
    ['image/png', Buffer.from('<html><script>alert(1)</script></html>'), /its bytes are no image or video format/],
    ['video/mp4', png, /declared video\/mp4, but its bytes are a PNG file/],
    ['image/png', Buffer.alloc(0), /no image or video format/],
  ];
  for (const [type, body, message] of cases) {
    const r = await request(base, '/api/upload', { method: 'POST', headers: { ...(type ? { 'Content-Type': type } : {}), 'X-File-Name': 'x.png' }, body });
    assert.equal(r.status, 415, `${type}: ${r.text}`);
    assert.match(r.json().error, message);
  }
  // right magic, broken rest: refused by the decoder, with the file's name
  const broken = Buffer.concat([png.subarray(0, 40), Buffer.alloc(100, 7)]);
  const r = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-File-Name': 'broken.png' }, body: broken });
  assert.equal(r.status, 415);
  assert.match(r.json().error, /^broken\.png: cannot/);
  assert.deepEqual(fs.readdirSync(path.join(work, 'items')), []);
});

test('a good upload is stored with its size; ids name only what the server made', async () => {
  const r = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png; charset=binary', 'X-File-Name': encodeURIComponent('../../évil name.png') }, body: await pngBytes(64, 48) });
  assert.equal(r.status, 200, r.text);
  const item = r.json();
  assert.deepEqual([item.kind, item.width, item.height, item.name], ['image', 64, 48, 'évil name.png']);
  assert.match(item.url, /^\/files\/work\/items\/[\w-]+\/image\.png$/);
  assert.equal((await request(base, item.url)).status, 200);
  assert.ok(!('file' in item) && !('dir' in item), 'no server paths in the reply');
  const unknown = await postJson(base, '/api/censor', { upload: '../../secret', regions: ['box:0,0,4,4'] });
  assert.equal(unknown.status, 404);
  assert.match(unknown.json().error, /no upload or result with id/);
  // mask: would read a file named by the page
  const mask = await postJson(base, '/api/censor', { upload: item.id, regions: [`mask:${path.join(secretDir, 'passwd')}`] });
  assert.equal(mask.status, 400);
  assert.match(mask.json().error, /mask: regions name files on the server/);
  const bad = await postJson(base, '/api/censor', { upload: item.id, regions: ['box:1,2,3'] });
  assert.equal(bad.status, 400);
  assert.match(bad.json().error, /bad box "1,2,3"/);
});

test('the Host must be the loopback and an Origin this server (no DNS rebinding, no cross-site posts)', async () => {
  const rebound = await request(base, '/api/info', { headers: { Host: `attacker.example:${server.port}` } });
  assert.equal(rebound.status, 403);
  assert.match(rebound.json().error, /answers to 127\.0\.0\.1/);
  assert.equal((await request(base, '/api/info', { headers: { Host: `localhost:${server.port}` } })).status, 200);
  const cross = await request(base, '/api/upload', { method: 'POST', headers: { Origin: 'http://attacker.example', 'Content-Type': 'image/png' }, body: await pngBytes() });
  assert.equal(cross.status, 403);
  assert.match(cross.json().error, /requests from http:\/\/attacker\.example are refused/);
  const own = await request(base, '/api/upload', { method: 'POST', headers: { Origin: `http://127.0.0.1:${server.port}`, 'Content-Type': 'image/png' }, body: await pngBytes() });
  assert.equal(own.status, 200);
});

test('restore runs the safety checker: a refused image gets a 422 and no result', async () => {
  const up = (await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: await pngBytes(64, 48) })).json();
  const before = fs.readdirSync(path.join(work, 'items')).length;
  refuseAll = true;
  try {
    const r = await postJson(base, '/api/restore', { upload: up.id, regions: ['box:8,8,32,24'] });
    assert.equal(r.status, 422);
    assert.match(r.json().error, /^upload: refused: the input looks explicit \(test refusal\)/);
  } finally {
    refuseAll = false;
  }
  assert.equal(fs.readdirSync(path.join(work, 'items')).length, before);
  // restore takes box: only
  const faces = await postJson(base, '/api/restore', { upload: up.id, regions: ['faces'] });
  assert.equal(faces.status, 400);
  assert.match(faces.json().error, /not accepted here/);
});

test('without a restorer, restore says why in one line (and the page is told)', async () => {
  const s = await startServer({ runsDir: runs, workDir: path.join(root, 'work2'), restoreNote: 'Restore needs a model: test note.', safety: async () => safety });
  try {
    const info = (await request(s.url, '/api/info')).json();
    assert.deepEqual(info.restore, { available: false, model: null, note: 'Restore needs a model: test note.', detail: null });
    const up = (await request(s.url, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: await pngBytes() })).json();
    const r = await postJson(s.url, '/api/restore', { upload: up.id });
    assert.equal(r.status, 503);
    assert.equal(r.json().error, 'Restore needs a model: test note.');
  } finally {
    await s.close();
  }
});
