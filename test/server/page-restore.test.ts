// Restore in the page with onnxruntime-web (wasm in headless Chromium) against `tessera serve --model
// <restorer>`: the server plans the regions and makes the restorer's input tiles, the page runs the
// exported network on them, the server blends the outputs in and runs restore's safety policy. The page's
// result must equal the server's own libtorch restore within one grey level. Over plain HTTP, with the
// server in this process (a test checker and face finder): tiles run by libtorch here give exactly the
// server's /api/restore image (so the split loses nothing), a region where a face appears is left, explicit
// output is refused and stored nowhere, and the token and the outputs' size are checked.
// Screenshots go to test-artifacts/serve/.
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { censorImage, parseRegion } from '../../src/censor/index.js';
import { readImage, writeRaster, type Raster } from '../../src/image/raster.js';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { FACE_REASON, outputCheckWindow, Restorer, type FaceFinder } from '../../src/restore/index.js';
import type { SafetyChecker } from '../../src/safety/checker.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { tempDir } from '../helpers/images.js';
import { byteDifference, serverPixels, shownPixels, skipWithoutChromium as skip, openBrowser, startServe } from './browser.js';
import { postJson, request } from './helpers.js';

const SHOTS = path.resolve('test-artifacts/serve');
const BOX = { x: 120, y: 90, w: 210, h: 170 };
const SPEC = `box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`;

let root = '', model = '', mosaicFile = '', mosaic: Raster;
let child: ChildProcess | null = null, url = '', browser: Browser | null = null, page: Page;
const problems: string[] = [];

before(async () => {
  root = tempDir('tessera-page-restore-');
  fs.mkdirSync(path.join(root, 'runs'));
  fs.mkdirSync(SHOTS, { recursive: true });
  // a small untrained restorer (quick to run, unlike the shipped one), kaiming-initialised so its residual is large
  const spec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  model = path.join(root, 'tiny-restorer.safetensors');
  const net = initWeights(buildGenerator(spec), { type: 'kaiming', seed: 3 });
  saveModel(model, net, spec);
  net.dispose();
  const photo = await readImage(path.resolve('assets/demo/boats.jpg'), 3);
  mosaic = (await censorImage(photo, [parseRegion(SPEC)], { block: 8 })).image;
  mosaicFile = path.join(root, 'boats-mosaic.png');
  await writeRaster(mosaicFile, mosaic);
  if (skip) return;
  ({ child, url } = await startServe(['--runs', path.join(root, 'runs'), '--work', path.join(root, 'work'), '--model', model]));
  ({ browser, page } = await openBrowser(problems));
});

after(async () => {
  await browser?.close();
  if (child) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('restore runs in the page on wasm and matches the server\'s libtorch restore within one grey level', { skip, timeout: 300_000 }, async () => {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#file').setInputFiles(mosaicFile);
  await page.waitForFunction(() => !!document.getElementById('frame')!.dataset.input);
  const bb = (await page.locator('#overlay').boundingBox())!;
  const at = (x: number, y: number) => [bb.x + (x * bb.width) / 640, bb.y + (y * bb.height) / 400] as const;
  await page.mouse.move(...at(BOX.x, BOX.y));
  await page.mouse.down();
  await page.mouse.move(...at(BOX.x + BOX.w / 2, BOX.y + BOX.h / 2), { steps: 5 });
  await page.mouse.move(...at(BOX.x + BOX.w, BOX.y + BOX.h), { steps: 5 });
  await page.mouse.up();
  const spec = (await page.locator('#boxes li').allTextContents()).join(';');
  assert.match(spec, /^box:\d+,\d+,\d+,\d+$/, spec);

  await page.locator('#do-restore').click();
  await page.waitForFunction(() => {
    const status = document.getElementById('status')!;
    return (!!document.getElementById('frame')!.dataset.result && !status.textContent!.endsWith('…')) || status.classList.contains('error');
  }, undefined, { timeout: 180_000 });
  const status = page.locator('#status');
  assert.equal(await status.evaluate((e) => e.classList.contains('error')), false, `status: ${await status.textContent()}`);
  assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'page (wasm)');
  assert.match((await page.locator('#result-text').textContent())!, /Restored: 1 region\(s\), ran in the page \(wasm\)/);
  const stored = await serverPixels(url, (await page.locator('#download').getAttribute('href'))!);
  assert.equal(byteDifference(await shownPixels(page), stored.rgba).max, 0, 'the page shows the result the server checked and stored');

  // the server's own restore (libtorch) of the same upload and region
  const r = await postJson(url, '/api/restore', { upload: await page.locator('#frame').getAttribute('data-input'), regions: [spec] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().regions[0].status, 'restored');
  const libtorch = await serverPixels(url, r.json().item.url);
  const d = byteDifference(stored.rgb, libtorch.rgb);
  console.log(`restore in page (wasm) vs libtorch on the server: max ${d.max} grey level(s), ${d.differing} of ${d.total} bytes differ`);
  assert.ok(d.max <= 1, `max difference ${d.max} grey levels`);
  // the restorer changed the region (so agreeing means something), and nothing outside it
  const m = byteDifference(stored.rgb, mosaic);
  assert.ok(m.max > 16 && m.differing > 1000, `restored vs mosaic: ${JSON.stringify(m)}`);
  await page.locator('#slider').fill('25');
  await page.screenshot({ path: path.join(SHOTS, '09-restore-in-page.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

// ---- over plain HTTP, the server in this process ------------------------------------------------------

test('the page\'s split: server tiles, outputs back, the safety policy on what they restore to', { timeout: 300_000 }, async () => {
  let policy: 'allow' | 'refuse-outputs' | 'refuse-all' = 'allow', face = false;
  const checked: number[] = [];
  const safety: SafetyChecker = {
    name: 'test policy',
    check(img) {
      const input = img.width === 640 && img.height === 400;
      checked.push(img.width);
      return policy === 'refuse-all' || (policy === 'refuse-outputs' && !input) ? { allowed: false, reason: `test policy refuses ${input ? 'inputs' : 'outputs'}` } : { allowed: true };
    },
  };
  const faces: FaceFinder = { find: async (img) => (face ? [{ x: 0, y: 0, w: img.width, h: img.height, score: 0.99 }] : []) };
  const restorer = Restorer.load(model);
  const s: RunningServer = await startServer({ runsDir: path.join(root, 'runs'), workDir: path.join(root, 'work-http'), restorer, restorerLabel: 'tiny', safety: async () => safety, faces });
  try {
    const base = s.url;
    const up = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-File-Name': 'm.png' }, body: fs.readFileSync(mosaicFile) });
    assert.equal(up.status, 200, up.text);
    const upload = up.json().id as string;
    const send = (p: string, token: string, body?: Buffer) => request(base, p, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Tessera-Token': token }, body });
    /** What the page does, with libtorch as its runtime: prepare, fetch the tiles, run, send the outputs. */
    const viaPage = async () => {
      const p = (await postJson(base, '/api/restore/prepare', { upload, regions: [SPEC] })).json();
      assert.equal(p.inPage, true, JSON.stringify(p));
      assert.match(p.onnx, /^\/files\/work\/onnx\/[0-9a-f]{24}\.onnx$/);
      const tiles = await send('/api/restore/tiles', p.token);
      assert.equal(tiles.status, 200);
      const all = new Float32Array(new Uint8Array(tiles.body).buffer);
      let at = 0;
      const outs = (p.tiles as { width: number; height: number }[]).map((t) => {
        const n = 7 * t.width * t.height;
        const y = restorer.runTile({ data: all.slice(at, at + n), width: t.width, height: t.height });
        at += n;
        return Buffer.from(y.buffer, y.byteOffset, y.byteLength);
      });
      assert.equal(at, all.length, 'the tiles are exactly what prepare listed');
      return { p, outputs: Buffer.concat(outs) };
    };

    const { p, outputs } = await viaPage();
    const res = await send('/api/restore/result', p.token, outputs);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json().regions.map((g: { status: string }) => g.status), ['restored']);
    const server = await postJson(base, '/api/restore', { upload, regions: [SPEC] });
    const a = await serverPixels(base, res.json().item.url), b = await serverPixels(base, server.json().item.url);
    assert.deepEqual(byteDifference(a.rgb, b.rgb).max, 0, 'libtorch outputs through the page\'s split give the server\'s restore exactly');
    assert.ok(byteDifference(a.rgb, mosaic).max > 16, 'the region was restored');
    assert.equal((await send('/api/restore/result', p.token, outputs)).status, 404, 'a token is used once');

    // wrong sizes and non-numbers
    const q = await viaPage();
    const short = await send('/api/restore/result', q.p.token, q.outputs.subarray(0, 100));
    assert.equal(short.status, 400);
    assert.match(short.json().error, /100 bytes, expected \d+ \(1 tile outputs of float32\)/);
    const nan = await viaPage();
    nan.outputs.writeFloatLE(Number.NaN, 0);
    assert.match((await send('/api/restore/result', nan.p.token, nan.outputs)).json().error, /not a finite number/);

    // a face appears: the region is left as it was
    face = true;
    const f = await viaPage();
    const left = await send('/api/restore/result', f.p.token, f.outputs);
    face = false;
    assert.equal(left.status, 200, left.text);
    assert.deepEqual(left.json().regions.map((g: { status: string; reason: string }) => [g.status, g.reason]), [['left', FACE_REASON]]);
    assert.equal(byteDifference((await serverPixels(base, left.json().item.url)).rgb, mosaic).max, 0, 'nothing of the region changed');

    // explicit output: refused, and no item is stored
    const items = () => fs.readdirSync(path.join(s.workDir, 'items')).length;
    const e = await viaPage();
    const before = items();
    checked.length = 0;
    policy = 'refuse-outputs';
    const refused = await send('/api/restore/result', e.p.token, e.outputs);
    policy = 'allow';
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json().error, /restores to something explicit \(test policy refuses outputs\)/);
    const window = outputCheckWindow(BOX, 640, 400);
    assert.deepEqual(checked, [window.w, window.w], 'the region\'s window, as restoreImage and the video check it: after restoring, then in the input');
    assert.equal(items(), before, 'nothing stored');

    // explicit input: refused at prepare, before any tile is made
    policy = 'refuse-all';
    const inputRefused = await postJson(base, '/api/restore/prepare', { upload, regions: [SPEC] });
    policy = 'allow';
    assert.equal(inputRefused.status, 422, inputRefused.text);
    assert.match(inputRefused.json().error, /the input looks explicit \(test policy refuses inputs\)/);
    assert.deepEqual(Object.keys(inputRefused.json()).sort(), ['error', 'status'], 'no token, no tiles');
    assert.equal((await send('/api/restore/tiles', 'no-such-token')).status, 404);
  } finally {
    await s.close();
    restorer.dispose();
  }
  // the bicubic baseline runs on the server, and the page is told why
  const bs = await startServer({ runsDir: path.join(root, 'runs'), workDir: path.join(root, 'work-bicubic'), restorer: (await import('../../src/restore/index.js')).bicubicRestorer, safety: async () => safety });
  try {
    const up = await request(bs.url, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-File-Name': 'm.png' }, body: fs.readFileSync(mosaicFile) });
    const p = (await postJson(bs.url, '/api/restore/prepare', { upload: up.json().id, regions: [SPEC] })).json();
    assert.deepEqual(p, { inPage: false, reason: 'the bicubic baseline runs no network' });
  } finally {
    await bs.close();
  }
});

test('the detail dial over HTTP: /api/info offers it for a pair, the restore routes take it, the page\'s export holds the mixed weights', { timeout: 300_000 }, async () => {
  const { tinyRestorerPair, tinyRestorerFile } = await import('../helpers/restorers.js');
  const allow: SafetyChecker = { name: 'allow', check: () => ({ allowed: true }) };
  const faces: FaceFinder = { find: async () => [] };
  const restorer = Restorer.load(tinyRestorerPair().pair);
  const s = await startServer({ runsDir: path.join(root, 'runs'), workDir: path.join(root, 'work-detail'), restorer, restorerLabel: 'pair', safety: async () => allow, faces });
  try {
    const base = s.url;
    assert.equal((await request(base, '/api/info')).json().restore.detail, 0);
    const up = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-File-Name': 'm.png' }, body: fs.readFileSync(mosaicFile) });
    const upload = up.json().id as string;
    const pixels = async (body: Record<string, unknown>) => {
      const r = await postJson(base, '/api/restore', { upload, regions: [SPEC], ...body });
      assert.equal(r.status, 200, r.text);
      return (await serverPixels(base, r.json().item.url)).rgb;
    };
    const [d0, d1] = [await pixels({ detail: 0 }), await pixels({ detail: 1 })];
    assert.ok(byteDifference(d0, d1).max > 0, 'the two ends differ');
    assert.equal(byteDifference(await pixels({}), d0).max, 0, 'no detail: the default (0)');
    assert.ok(byteDifference(await pixels({ detail: 1, style: 'none' }), await pixels({ detail: 1, style: 'mean' })).max > 0, 'style none skips the projection');
    assert.equal((await postJson(base, '/api/restore', { upload, regions: [SPEC], detail: 2 })).status, 400);
    // the page's split at detail 1: its own export, and libtorch at detail 1 on the tiles gives /api/restore's image
    const p = (await postJson(base, '/api/restore/prepare', { upload, regions: [SPEC], detail: 1 })).json();
    assert.match(p.onnx, /^\/files\/work\/onnx\/[0-9a-f]{24}-d1\.onnx$/);
    const send = (route: string, body?: Buffer) => request(base, route, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Tessera-Token': p.token }, body });
    const all = new Float32Array(new Uint8Array((await send('/api/restore/tiles')).body).buffer);
    restorer.useDetail(1);
    let at = 0;
    const outs = (p.tiles as { width: number; height: number }[]).map((t) => {
      const y = restorer.runTile({ data: all.slice(at, (at += 7 * t.width * t.height)), width: t.width, height: t.height });
      return Buffer.from(y.buffer, y.byteOffset, y.byteLength);
    });
    // the export the page runs holds detail 1's weights: onnxruntime on the first tile gives libtorch's output
    const ort = (await import('onnxruntime-node')).default;
    const session = await ort.InferenceSession.create(path.join(s.workDir, 'onnx', path.basename(p.onnx)));
    const t0 = p.tiles[0] as { width: number; height: number }, x = all.slice(0, 7 * t0.width * t0.height);
    const y = (await session.run({ input: new ort.Tensor('float32', x, [1, 7, t0.height, t0.width]) })).output!.data as Float32Array;
    const want = new Float32Array(outs[0]!.buffer, outs[0]!.byteOffset, outs[0]!.byteLength / 4);
    assert.ok(y.every((v, i) => Math.abs(v - want[i]!) <= 1e-4), 'the export is detail 1');
    await session.release();
    const res = await send('/api/restore/result', Buffer.concat(outs));
    assert.equal(res.status, 200, res.text);
    assert.equal(byteDifference((await serverPixels(base, res.json().item.url)).rgb, d1).max, 0);
  } finally {
    await s.close();
    restorer.dispose();
  }
  // a single-set restorer refuses a detail other than 0
  const one = Restorer.load(tinyRestorerFile());
  const t = await startServer({ runsDir: path.join(root, 'runs'), workDir: path.join(root, 'work-one'), restorer: one, safety: async () => allow, faces });
  try {
    assert.equal((await request(t.url, '/api/info')).json().restore.detail, null);
    const up = await request(t.url, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png', 'X-File-Name': 'm.png' }, body: fs.readFileSync(mosaicFile) });
    const r = await postJson(t.url, '/api/restore', { upload: up.json().id, regions: [SPEC], detail: 0.5 });
    assert.equal(r.status, 400);
    assert.match(r.json().error, /needs a restorer pair file/);
  } finally {
    await t.close();
    one.dispose();
  }
});
