// Video jobs on the server: live progress over SSE, the result, and cancel (nothing written); a restore
// job's bundled safety checks on the server's one worker, as the CLI's; and the dashboard's runs watcher (a run's loss lines and sample grids as they are written).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { censorVideo } from '../../src/censor/video.js';
import { parseRegion } from '../../src/inputs/regions.js';
import { makePanZoomClip } from '../../src/restore/flicker.js';
import { bicubicRestorer } from '../../src/restore/index.js';
import { SafetyWorker } from '../../src/restore/safety-worker-client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { RunsWatcher, thin } from '../../src/server/runs.js';
import type { RunUpdate } from '../../src/web/api.js';
import { evaluationPhotos } from '../helpers/photos.js';
import { makeTestVideo, readAllFrames, tempDir } from '../video/helpers.js';
import { postJson, readEvents, request } from './helpers.js';

let dir = '', server: RunningServer, base = '';
let short = '', long = '';

before(async () => {
  dir = tempDir();
  fs.mkdirSync(path.join(dir, 'runs'));
  short = makeTestVideo(path.join(dir, 'short.mp4'), { seconds: 1, audio: false });
  long = makeTestVideo(path.join(dir, 'long.mp4'), { seconds: 20, width: 640, height: 480, audio: false });
  server = await startServer({ runsDir: path.join(dir, 'runs'), workDir: path.join(dir, 'work'), restorer: bicubicRestorer, safety: async () => ({ name: 'test', check: () => ({ allowed: true }) }) });
  base = server.url;
});
after(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const uploadVideo = async (file: string) => {
  const r = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'video/mp4', 'X-File-Name': path.basename(file) }, body: fs.readFileSync(file) });
  assert.equal(r.status, 200, r.text);
  return r.json();
};

test('a video censor job reports progress live and ends with the censored video', async () => {
  const item = await uploadVideo(short);
  assert.deepEqual([item.kind, item.width, item.height, item.frames], ['video', 320, 240, 25]);
  const job = (await postJson(base, '/api/jobs', { kind: 'censor', upload: item.id, regions: ['box:40,30,120,90'] })).json();
  assert.match(job.id, /^[\w-]+$/);
  const events = await readEvents(base, `/api/jobs/${job.id}/events`, (e) => e === 'end');
  const end = events.at(-1)!;
  assert.equal(end.event, 'end');
  assert.equal(end.data.state, 'done', JSON.stringify(end.data));
  assert.equal(end.data.done, 25);
  assert.ok(events.some((e) => e.event === 'progress' && e.data.done > 0 && e.data.done < 25) || events.length >= 2, 'progress came before the end');
  const out = await request(base, end.data.result.url);
  assert.equal(out.status, 200);
  assert.equal(out.headers['content-type'], 'video/mp4');
  const file = path.join(dir, 'got.mp4');
  fs.writeFileSync(file, out.body);
  assert.equal((await readAllFrames(file)).length, 25);
  // a byte range (the <video> element seeks with them)
  const part = await request(base, end.data.result.url, { headers: { Range: 'bytes=0-99' } });
  assert.equal(part.status, 206);
  assert.deepEqual(part.body, out.body.subarray(0, 100));
  assert.equal((await request(base, `/api/jobs/${job.id}`)).json().state, 'done');
  // a finished job cannot be cancelled
  assert.equal((await postJson(base, `/api/jobs/${job.id}/cancel`, {})).status, 409);
});

test('cancelling a running job stops it and writes nothing', async () => {
  const item = await uploadVideo(long);
  const before = fs.readdirSync(path.join(server.workDir, 'items')).length;
  const job = (await postJson(base, '/api/jobs', { kind: 'censor', upload: item.id, regions: ['box:0,0,320,240'] })).json();
  let cancelled = false;
  const events = await readEvents(base, `/api/jobs/${job.id}/events`, (e, d) => {
    if (e === 'progress' && d.done > 0 && !cancelled) { cancelled = true; void postJson(base, `/api/jobs/${job.id}/cancel`, {}); }
    return e === 'end';
  });
  const end = events.at(-1)!.data;
  assert.equal(end.state, 'cancelled', JSON.stringify(end));
  assert.ok(end.done < end.total, `stopped at frame ${end.done} of ${end.total}`);
  assert.equal(end.result, undefined);
  // the job's output folder is gone again: only the upload was added
  assert.equal(fs.readdirSync(path.join(server.workDir, 'items')).length, before);
});

test('restore jobs run the bundled checks on one safety worker for the server\'s life, as the CLI does', async () => {
  // a pan over a photo (testsrc's flat pattern shows no grid once mosaicked), censored on the box
  const box = 'box:96,64,128,96';
  const clean = path.join(dir, 'pan.mp4'), mosaic = path.join(dir, 'mosaic.mp4');
  await makePanZoomClip(evaluationPhotos()[2]!, clean, { width: 320, height: 240, frames: 10 });
  await censorVideo(clean, mosaic, { finders: [parseRegion(box)], block: 8 });
  // every worker started is recorded with the videos it was asked to check
  const started: number[] = [];
  const start = SafetyWorker.start;
  SafetyWorker.start = () => {
    const w = start.call(SafetyWorker), video = w.video.bind(w), k = started.push(0) - 1;
    w.video = (source, owner) => { started[k]!++; return video(source, owner); };
    return w;
  };
  // no checker given: the bundled ones (a server given its own, as the tests above, runs it on this thread)
  const s = await startServer({ runsDir: path.join(dir, 'runs'), workDir: path.join(dir, 'work-bundled'), restorer: bicubicRestorer });
  try {
    const upload = await request(s.url, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'video/mp4', 'X-File-Name': 'mosaic.mp4' }, body: fs.readFileSync(mosaic) });
    assert.equal(upload.status, 200, upload.text);
    for (let k = 0; k < 2; k++) {
      const job = await postJson(s.url, '/api/jobs', { kind: 'restore', upload: upload.json().id, regions: [box] });
      assert.equal(job.status, 200, job.text);
      const end = (await readEvents(s.url, `/api/jobs/${job.json().id}/events`, (e) => e === 'end')).at(-1)!.data;
      assert.equal(end.state, 'done', JSON.stringify(end));
    }
    assert.deepEqual(started, [2], 'one worker, which checked both jobs\' videos');
    // a bad threshold is refused with the request, not by a worker that fails to load
    process.env.TESSERA_SAFETY_THRESHOLD = '2';
    try {
      const bad = await postJson(s.url, '/api/jobs', { kind: 'restore', upload: upload.json().id, regions: [box] });
      assert.equal(bad.status, 422, bad.text);
      assert.match(bad.json().error, /TESSERA_SAFETY_THRESHOLD is "2"/);
    } finally {
      delete process.env.TESSERA_SAFETY_THRESHOLD;
    }
    assert.deepEqual(started, [2]);
  } finally {
    SafetyWorker.start = start;
    await s.close();
  }
});

test('jobs refuse an image, an unknown kind, and a missing job', async () => {
  const photo = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/jpeg' }, body: fs.readFileSync('assets/demo/cups.jpg') });
  const r = await postJson(base, '/api/jobs', { kind: 'censor', upload: photo.json().id, regions: ['box:0,0,8,8'] });
  assert.equal(r.status, 400);
  assert.match(r.json().error, /is an image, this needs a video/);
  assert.equal((await postJson(base, '/api/jobs', { kind: 'paint', upload: 'x', regions: [] })).status, 400);
  assert.equal((await request(base, '/api/jobs/nope/events')).status, 404);
});

test('the runs watcher sends each run in full, then only what was appended; a cut log is sent again', () => {
  const root = tempDir();
  const run = path.join(root, 'exp', 'one');
  fs.mkdirSync(path.join(run, 'samples'), { recursive: true });
  const line = (i: number) => `${JSON.stringify({ iteration: i, epoch: 1, lr: 2e-4, dataMs: 10, stepMs: 40, G_L1: 1 / i })}\n`;
  fs.writeFileSync(path.join(run, 'loss_log.jsonl'), line(1) + line(2));
  fs.writeFileSync(path.join(run, 'run_info.json'), JSON.stringify({ model: 'pix2pix', totalIterations: 10, batchesPerEpoch: 5, startIteration: 0, started: '' }));
  const w = new RunsWatcher(root, (f) => `/files/runs/${path.relative(root, f)}`, 60_000);
  const got: RunUpdate[] = [];
  const stop = w.subscribe((u) => got.push(u));
  assert.equal(got.length, 1);
  assert.equal(got[0]!.run.id, 'exp/one');
  assert.equal(got[0]!.reset, true);
  assert.deepEqual(got[0]!.points.map((p) => p.iteration), [1, 2]);
  assert.deepEqual(got[0]!.run.lossKeys, ['G_L1']);
  // 2 steps of 50 ms: 20 it/s; not running (no lock), so no ETA
  assert.equal(got[0]!.run.itPerSec, 20);
  assert.equal(got[0]!.run.etaSeconds, null);
  assert.equal(got[0]!.run.totalIterations, 10);
  // a half-written line waits; a sample grid appears
  fs.appendFileSync(path.join(run, 'loss_log.jsonl'), line(3) + '{"iteration": 4, "G_');
  fs.writeFileSync(path.join(run, 'samples', '0000003.png'), 'png');
  const next = w.poll().changed;
  assert.equal(next.length, 1);
  assert.equal(next[0]!.reset, false);
  assert.deepEqual(next[0]!.points.map((p) => p.iteration), [3]);
  assert.deepEqual(next[0]!.run.samples, ['/files/runs/exp/one/samples/0000003.png']);
  assert.deepEqual(w.poll().changed, [], 'nothing new, nothing sent');
  // an overwrite starts the log again: sent in full
  fs.writeFileSync(path.join(run, 'loss_log.jsonl'), line(1));
  const cut = w.poll().changed;
  assert.equal(cut[0]!.reset, true);
  assert.deepEqual(cut[0]!.points.map((p) => p.iteration), [1]);
  stop();
  w.close();
  fs.rmSync(root, { recursive: true });
});

test('thin keeps about max points, the first and the last', () => {
  const pts = Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(thin(pts, 20), pts);
  assert.deepEqual(thin(pts, 4), [0, 3, 6, 9]);
  assert.deepEqual(thin(pts, 3), [0, 4, 8, 9]);
});
