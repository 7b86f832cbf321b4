// The WebGPU path of ort-session.ts: Debian's headless Chromium exposes a WebGPU adapter when started with
// --enable-unsafe-webgpu and without --disable-gpu — SwiftShader's Vulkan on the CPU (a "fallback" adapter,
// vendor google, architecture swiftshader). The page does not pick a software adapter by itself (wasm is far
// faster), so it is opened with ?backend=webgpu; onnxruntime-web's WebGPU execution provider then runs the
// exported networks, restore and translate must say they ran on webgpu (a silent fall back to wasm would
// fail here) and match the server's libtorch results within one grey level. Screenshots go to
// test-artifacts/serve/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { censorImage, parseRegion } from '../../src/censor/index.js';
import { manualSeed } from '../../src/engine/index.js';
import { readImage, writeRaster, type Raster } from '../../src/image/raster.js';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { Restorer } from '../../src/restore/index.js';
import type { SafetyChecker } from '../../src/safety/checker.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { perturbNorms } from '../export/helpers.js';
import { tempDir } from '../helpers/images.js';
import { byteDifference, FLAGS, serverPixels, shownPixels, skipWithoutChromium as skip, openBrowser } from './browser.js';
import { postJson } from './helpers.js';

/** The CI flags, but with the GPU process on (SwiftShader) and WebGPU allowed on Linux. */
export const WEBGPU_FLAGS = [...FLAGS.filter((f) => f !== '--disable-gpu'), '--enable-unsafe-webgpu'];
const SHOTS = path.resolve('test-artifacts/serve');
const BOX = { x: 120, y: 90, w: 210, h: 170 };
const SPEC = `box:${BOX.x},${BOX.y},${BOX.w},${BOX.h}`;
const GENERATOR = 'unet-batch.safetensors';

let root = '', mosaicFile = '', server: RunningServer | null = null, restorer: Restorer | null = null, browser: Browser | null = null, page: Page;
let mosaic: Raster;
const problems: string[] = [];
const allow: SafetyChecker = { name: 'test', check: () => ({ allowed: true }) };

before(async () => {
  if (skip) return;
  root = tempDir('tessera-page-webgpu-');
  const runs = path.join(root, 'runs');
  fs.mkdirSync(runs);
  fs.mkdirSync(SHOTS, { recursive: true });
  const gspec = generatorSpec({ netG: 'unet_64', ngf: 4, norm: 'batch', dropout: true });
  manualSeed(11);
  const g = perturbNorms(buildGenerator(gspec), 21);
  saveModel(path.join(runs, GENERATOR), g, gspec);
  g.dispose();
  const rspec = generatorSpec({ netG: 'restorer_unet_64', inputNc: 7, outputNc: 3, ngf: 8, norm: 'batch', dropout: false });
  const model = path.join(root, 'tiny-restorer.safetensors');
  const r = initWeights(buildGenerator(rspec), { type: 'kaiming', seed: 3 });
  saveModel(model, r, rspec);
  r.dispose();
  restorer = Restorer.load(model);
  mosaic = (await censorImage(await readImage(path.resolve('assets/demo/boats.jpg'), 3), [parseRegion(SPEC)], { block: 8 })).image;
  mosaicFile = path.join(root, 'boats-mosaic.png');
  await writeRaster(mosaicFile, mosaic);
  server = await startServer({ runsDir: runs, workDir: path.join(root, 'work'), restorer, restorerLabel: 'tiny', safety: async () => allow, faces: { find: async () => [] } });
  ({ browser, page } = await openBrowser(problems, WEBGPU_FLAGS));
});

after(async () => {
  await browser?.close();
  await server?.close();
  restorer?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function waitForResult(previous: string | null): Promise<void> {
  await page.waitForFunction((prev) => {
    const id = document.getElementById('frame')!.dataset.result;
    const status = document.getElementById('status')!;
    return (!!id && id !== prev && !status.textContent!.endsWith('…')) || status.classList.contains('error');
  }, previous, { timeout: 240_000 });
  const status = page.locator('#status');
  assert.equal(await status.evaluate((e) => e.classList.contains('error')), false, `status: ${await status.textContent()}`);
}

test('headless Chromium gives a WebGPU adapter (SwiftShader); restore and translate run on it and match libtorch', { skip, timeout: 600_000 }, async () => {
  // by itself the page keeps to wasm on a software adapter, and says why
  await page.goto(server!.url);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('body').getAttribute('data-runtime'), 'wasm');
  assert.match((await page.locator('#runtime').textContent())!, /on wasm .*the only WebGPU adapter is a software one \(swiftshader\), slower than wasm/);
  await page.goto(new URL('/?backend=webgpu', server!.url).href);
  await page.waitForSelector('body[data-ready="true"]');
  const adapter = await page.evaluate(async () => {
    const a = await (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info: { vendor: string; architecture: string } } | null> } }).gpu.requestAdapter();
    return a && { vendor: a.info.vendor, architecture: a.info.architecture };
  });
  assert.deepEqual(adapter, { vendor: 'google', architecture: 'swiftshader' });
  assert.equal(await page.locator('body').getAttribute('data-runtime'), 'webgpu');
  assert.match((await page.locator('#runtime').textContent())!, /onnxruntime-web 1\.\d+\.\d+ on webgpu, asked for WebGPU \(\?backend=webgpu\) on a software adapter \(swiftshader\)/);
  await page.locator('#file').setInputFiles(mosaicFile);
  await page.waitForFunction(() => !!document.getElementById('frame')!.dataset.input);
  const upload = (await page.locator('#frame').getAttribute('data-input'))!;

  // translate (eval mode: what the page runs)
  await page.locator('#model').selectOption(GENERATOR);
  await page.locator('#do-translate').click();
  await waitForResult(null);
  assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'page (webgpu)');
  const translated = await serverPixels(server!.url, (await page.locator('#download').getAttribute('href'))!);
  assert.equal(byteDifference(await shownPixels(page), translated.rgba).max, 0);
  const t = await postJson(server!.url, '/api/translate', { upload, model: GENERATOR, mode: 'eval' });
  const dt = byteDifference(translated.rgb, (await serverPixels(server!.url, t.json().item.url)).rgb);
  console.log(`translate on webgpu vs libtorch: max ${dt.max}, ${dt.differing} of ${dt.total} bytes differ`);
  assert.ok(dt.max <= 1, `translate: max ${dt.max} grey levels`);
  assert.ok(byteDifference(translated.rgb, mosaic).max > 16, 'the generator changed the image');
  await page.screenshot({ path: path.join(SHOTS, '10-translate-webgpu.png'), fullPage: true });

  // restore the drawn region
  const bb = (await page.locator('#overlay').boundingBox())!;
  const at = (x: number, y: number) => [bb.x + (x * bb.width) / 640, bb.y + (y * bb.height) / 400] as const;
  await page.mouse.move(...at(BOX.x, BOX.y));
  await page.mouse.down();
  await page.mouse.move(...at(BOX.x + BOX.w, BOX.y + BOX.h), { steps: 8 });
  await page.mouse.up();
  const spec = (await page.locator('#boxes li').allTextContents()).join(';');
  const previous = await page.locator('#frame').getAttribute('data-result');
  await page.locator('#do-restore').click();
  await waitForResult(previous);
  assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'page (webgpu)');
  const restored = await serverPixels(server!.url, (await page.locator('#download').getAttribute('href'))!);
  const r = await postJson(server!.url, '/api/restore', { upload, regions: [spec] });
  assert.equal(r.status, 200, r.text);
  const dr = byteDifference(restored.rgb, (await serverPixels(server!.url, r.json().item.url)).rgb);
  console.log(`restore on webgpu vs libtorch: max ${dr.max}, ${dr.differing} of ${dr.total} bytes differ`);
  assert.ok(dr.max <= 1, `restore: max ${dr.max} grey levels`);
  assert.ok(byteDifference(restored.rgb, mosaic).max > 16, 'the restorer changed the region');
  await page.locator('#slider').fill('25');
  await page.screenshot({ path: path.join(SHOTS, '11-restore-webgpu.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
