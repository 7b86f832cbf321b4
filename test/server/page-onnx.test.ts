// Translate in the page with onnxruntime-web (wasm in headless Chromium): the server exports the generator
// to ONNX on demand (cached in the work folder), the page runs it and the server checks the output before
// the page may show it. The page's result must equal the server's libtorch result (eval mode) within one
// grey level; a result the safety checker refuses must never be shown; the export cache, the one-use
// token and the fallback to the server for a generator the page cannot run are checked over plain HTTP.
// Screenshots go to test-artifacts/serve/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { manualSeed } from '../../src/engine/index.js';
import { readImage, type Raster } from '../../src/image/raster.js';
import { buildGenerator, generatorSpec, saveModel, type GeneratorSpec } from '../../src/models/index.js';
import type { SafetyChecker } from '../../src/safety/checker.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { perturbNorms } from '../export/helpers.js';
import { tempDir } from '../helpers/images.js';
import { byteDifference, serverPixels, shownPixels, skipWithoutChromium as skip, openBrowser } from './browser.js';
import { postJson, request } from './helpers.js';

const PHOTO = path.resolve('assets/demo/boats.jpg');
const SHOTS = path.resolve('test-artifacts/serve');
/** Bytes of the 640×400×3 result that may differ by one grey level (see the parity test). */
const MAX_DIFFERING = 0.01;

const MODELS: Record<string, GeneratorSpec> = {
  // CycleGAN's family: reflection padding, instance norm; pix2pix's: U-Net skips, eval-mode batch norm
  'resnet-instance.safetensors': generatorSpec({ netG: 'resnet_2blocks', ngf: 8, norm: 'instance' }),
  'unet-batch.safetensors': generatorSpec({ netG: 'unet_64', ngf: 4, norm: 'batch', dropout: true }),
  'grey.safetensors': generatorSpec({ netG: 'resnet_2blocks', ngf: 4, norm: 'instance', inputNc: 1, outputNc: 1 }),
};

let root = '', runs = '', server: RunningServer | null = null, browser: Browser | null = null, page: Page, photo: Raster;
const problems: string[] = [];
/** The test's safety policy: 'allow', or refuse every image but the photo itself (so outputs are refused). */
let policy: 'allow' | 'refuse-outputs' = 'allow';
const checked: { width: number; height: number; isPhoto: boolean }[] = [];
const isPhoto = (img: Raster) => img.width === photo.width && img.height === photo.height && img.channels === photo.channels
  && Buffer.from(img.data).equals(Buffer.from(photo.data));
const safety: SafetyChecker = {
  name: 'test policy',
  check(img) {
    const same = isPhoto(img);
    checked.push({ width: img.width, height: img.height, isPhoto: same });
    return policy === 'refuse-outputs' && !same ? { allowed: false, reason: 'test policy: only the photo itself passes' } : { allowed: true };
  },
};

before(async () => {
  if (skip) return;
  root = tempDir('tessera-page-onnx-');
  runs = path.join(root, 'runs');
  fs.mkdirSync(runs);
  fs.mkdirSync(SHOTS, { recursive: true });
  photo = await readImage(PHOTO, 3);
  Object.entries(MODELS).forEach(([name, spec], i) => {
    manualSeed(10 + i);
    const net = perturbNorms(buildGenerator(spec), 20 + i);
    saveModel(path.join(runs, name), net, spec);
    net.dispose();
  });
  server = await startServer({ runsDir: runs, workDir: path.join(root, 'work'), safety: async () => safety });
  ({ browser, page } = await openBrowser(problems));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function openWithPhoto(): Promise<void> {
  problems.length = 0;
  await page.goto(server!.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#file').setInputFiles(PHOTO);
  await page.waitForFunction(() => !!document.getElementById('frame')!.dataset.input);
}

/** Clicks Translate with `model`; resolves when a new result is shown or the status shows an error. */
async function translate(model: string): Promise<{ error: string | null }> {
  const previous = await page.locator('#frame').getAttribute('data-result');
  await page.locator('#model').selectOption(model);
  await page.locator('#do-translate').click();
  await page.waitForFunction((prev) => {
    const id = document.getElementById('frame')!.dataset.result;
    const status = document.getElementById('status')!;
    return (!!id && id !== prev && !status.textContent!.endsWith('…')) || status.classList.contains('error');
  }, previous, { timeout: 120_000 });
  const status = page.locator('#status');
  return { error: await status.evaluate((e) => e.classList.contains('error')) ? await status.textContent() : null };
}

test('translate runs in the page on wasm and matches the server\'s libtorch output within one grey level', { skip, timeout: 300_000 }, async () => {
  await openWithPhoto();
  assert.equal(await page.locator('body').getAttribute('data-runtime'), 'wasm', 'headless Chromium with --disable-gpu has no WebGPU adapter');
  assert.match((await page.locator('#runtime').textContent())!, /onnxruntime-web 1\.\d+\.\d+ on wasm \(\d+ threads?\)/);
  for (const [i, model] of ['resnet-instance.safetensors', 'unet-batch.safetensors'].entries()) {
    const { error } = await translate(model);
    assert.equal(error, null, `${model}: ${error}`);
    assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'page (wasm)');
    assert.match((await page.locator('#result-text').textContent())!, /ran in the page \(wasm\)/);
    const href = (await page.locator('#download').getAttribute('href'))!;
    const stored = await serverPixels(server!.url, href);
    const shown = await shownPixels(page);
    assert.deepEqual(byteDifference(shown, stored.rgba).max, 0, `${model}: the page shows the result the server checked and stored`);
    // the server's libtorch in the same (eval) mode on the same upload
    const r = await postJson(server!.url, '/api/translate', { upload: await page.locator('#frame').getAttribute('data-input'), model, mode: 'eval' });
    assert.equal(r.status, 200, r.text);
    const libtorch = await serverPixels(server!.url, r.json().item.url);
    const d = byteDifference(stored.rgb, libtorch.rgb);
    console.log(`${model}: in page (wasm) vs libtorch: max ${d.max} grey level(s), ${d.differing} of ${d.total} bytes differ`);
    assert.ok(d.max <= 1, `${model}: max difference ${d.max} grey levels`);
    assert.ok(d.differing <= MAX_DIFFERING * d.total, `${model}: ${d.differing} of ${d.total} bytes differ`);
    // and the network really changed the image (a pass-through would match trivially)
    assert.ok(byteDifference(stored.rgb, photo).max > 16, `${model}: the output differs from the input`);
    await page.locator('#slider').fill('40');
    await page.screenshot({ path: path.join(SHOTS, `07-translate-in-page-${i + 1}.png`), fullPage: true });
  }
  assert.deepEqual(problems, []);
});

test('a result the safety checker refuses is never shown', { skip, timeout: 300_000 }, async () => {
  await openWithPhoto();
  const items = () => fs.readdirSync(path.join(server!.workDir, 'items')).length;
  const before = items();
  checked.length = 0;
  policy = 'refuse-outputs';
  try {
    const { error } = await translate('resnet-instance.safetensors');
    assert.match(error ?? '', /refused by the safety checker \(test policy/);
  } finally {
    policy = 'allow';
  }
  // the input passed at prepare, then the page's output (not the photo) was checked and refused
  assert.deepEqual(checked.map((c) => c.isPhoto), [true, false]);
  assert.deepEqual([checked[1]!.width, checked[1]!.height], [640, 400]);
  assert.equal(await page.locator('#frame').getAttribute('data-result'), null, 'no result on the stage');
  assert.equal(await page.locator('#result').isHidden(), true);
  assert.equal(await page.locator('#after').isHidden(), true, 'the after canvas was never drawn');
  assert.equal(items(), before, 'the refused image was not stored');
  await page.screenshot({ path: path.join(SHOTS, '08-translate-refused.png'), fullPage: true });
  // the refusal itself is the one failed request the browser reports
  assert.deepEqual(problems, ['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
});

test('a generator the page cannot run (1 channel) runs on the server, and the page says why', { skip, timeout: 300_000 }, async () => {
  await openWithPhoto();
  const { error } = await translate('grey.safetensors');
  assert.equal(error, null, error ?? '');
  const runtime = (await page.locator('#frame').getAttribute('data-runtime'))!;
  assert.match(runtime, /^server \(not in the page: resnet_2blocks takes 1 and gives 1 channels/);
  assert.match((await page.locator('#result-text').textContent())!, /ran on the server \(not in the page/);
  assert.deepEqual(problems, []);
});

test('export cache, one-use token, result size and listed models only', { skip, timeout: 120_000 }, async () => {
  const base = server!.url;
  const up = await request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/jpeg', 'X-File-Name': 'boats.jpg' }, body: fs.readFileSync(PHOTO) });
  const upload = up.json().id as string;
  const model = 'resnet-instance.safetensors';
  const p1 = (await postJson(base, '/api/translate/prepare', { upload, model })).json();
  const p2 = (await postJson(base, '/api/translate/prepare', { upload, model })).json();
  assert.equal(p1.inPage, true);
  assert.equal(p1.onnx, p2.onnx, 'the second prepare reuses the cached export');
  assert.match(p1.onnx, /^\/files\/work\/onnx\/[0-9a-f]{24}\.onnx$/);
  const onnx = await request(base, p1.onnx);
  assert.equal(onnx.status, 200);
  assert.equal(onnx.body.subarray(0, 2).toString('hex'), '0808', 'an ONNX ModelProto (ir_version 8, opset 17\'s, first)');
  // a changed file (a training run swapping its checkpoint) gets a new export
  const file = path.join(runs, model);
  const t = new Date(Date.now() + 5000);
  fs.utimesSync(file, t, t);
  const p3 = (await postJson(base, '/api/translate/prepare', { upload, model })).json();
  assert.notEqual(p3.onnx, p1.onnx);

  const send = (token: string, body: Buffer) => request(base, '/api/translate/result', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Tessera-Token': token }, body });
  const good = Buffer.from(photo.data);
  assert.equal((await send('no-such-token', good)).status, 404);
  const short = await send(p1.token, good.subarray(0, 100));
  assert.equal(short.status, 400);
  assert.match(short.json().error, /100 bytes, expected 640×400×3 = 768000/);
  assert.equal((await send(p1.token, good)).status, 404, 'a token is used once, even by a failed result');
  const ok = await send(p2.token, good);
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await send(p2.token, good)).status, 404, 'a token is used once');
  assert.equal((await send(p3.token, Buffer.concat([good, Buffer.alloc(1)]))).status, 413);

  // only generators listed under --runs: a path, a traversal or a discriminator is no model
  for (const m of ['../runs/resnet-instance.safetensors', path.join(runs, model), 'net_D.safetensors'])
    assert.equal((await postJson(base, '/api/translate/prepare', { upload, model: m })).status, 404, m);
  const grey = (await postJson(base, '/api/translate/prepare', { upload, model: 'grey.safetensors' })).json();
  assert.deepEqual(Object.keys(grey).sort(), ['inPage', 'reason']);
});
