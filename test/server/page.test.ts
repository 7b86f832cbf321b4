// The page of `tessera serve` in a real browser: Debian's Chromium driven by playwright-core against the
// CLI's server. Upload a photo, draw a box, censor, detect, restore (the bicubic baseline), translate
// with a generator from the runs folder; each result shown in the page must be the server's pixels, and
// the server's must be what the library computes here. The dashboard must show a live chart and a sample
// grid of a tiny training run. Screenshots go to test-artifacts/serve/.
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { censorImage, parseRegion } from '../../src/censor/index.js';
import { findMosaicRegions } from '../../src/detect/index.js';
import { readImage, type Raster } from '../../src/image/raster.js';
import { MOSAIC_STYLES } from '../../src/image/pixelate.js';
import { registryNetworks, runTraining } from '../../src/train/index.js';
import { Translator } from '../../src/translate/index.js';
import { makeAlignedDataset, tempDir } from '../helpers/images.js';
import { byteDifference, serverPixels as serverPixelsAt, shownPixels as shownPixelsOf, skipWithoutChromium, openBrowser, startServe } from './browser.js';

const PHOTO = path.resolve('assets/demo/boats.jpg');
const SHOTS = path.resolve('test-artifacts/serve');
const skip = skipWithoutChromium;

let root = '', runs = '', url = '', server: ChildProcess | null = null, browser: Browser | null = null, page: Page;
const problems: string[] = [];

before(async () => {
  if (skip) return;
  root = tempDir('tessera-page-');
  runs = path.join(root, 'runs');
  fs.mkdirSync(runs);
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ child: server, url } = await startServe(['--runs', runs, '--work', path.join(root, 'work'), '--model', 'bicubic']));
  ({ browser, page } = await openBrowser(problems));
});

after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const shownPixels = () => shownPixelsOf(page);
const serverPixels = (itemUrl: string) => serverPixelsAt(url, itemUrl);

const resultUrl = () => page.locator('#download').getAttribute('href') as Promise<string>;

/** Waits for a new result id on the stage (a censor, restore or translate finished). */
async function nextResult(previous: string | undefined): Promise<void> {
  await page.waitForFunction((prev) => {
    const id = document.getElementById('frame')!.dataset.result;
    const status = document.getElementById('status')!;
    return (!!id && id !== prev && !status.textContent!.endsWith('…')) || status.classList.contains('error');
  }, previous, { timeout: 120_000 });
  const status = page.locator('#status');
  assert.equal(await status.evaluate((e) => e.classList.contains('error')), false, `status: ${await status.textContent()}`);
}

function assertSamePixels(a: Raster, b: Raster, what: string): void {
  assert.deepEqual([a.width, a.height, a.channels], [b.width, b.height, b.channels], `${what}: size`);
  const differ = a.data.findIndex((v, i) => v !== b.data[i]);
  if (differ >= 0) {
    let max = 0, n = 0;
    a.data.forEach((v, i) => { const d = Math.abs(v - b.data[i]!); if (d) n++; max = Math.max(max, d); });
    console.log(`${what}: ${n} bytes differ, max ${max}; first ${a.data.slice(differ, differ + 6)} vs ${b.data.slice(differ, differ + 6)}`);
  }
  assert.equal(differ, -1, `${what}: first differing byte at ${differ}`);
}

test('upload, draw a box, censor, detect, restore: the page shows the server\'s pixels', { skip, timeout: 300_000 }, async () => {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  // the cell and style widgets offer what /api/censor takes (CENSOR_CELL_OPTIONS, through /api/info)
  assert.deepEqual(await page.locator('#block').evaluate((e: HTMLInputElement) => [e.min, e.max, e.placeholder]), ['1', '4096', 'auto']);
  assert.deepEqual(await page.locator('#style option').allTextContents(), [...MOSAIC_STYLES]);
  assert.equal(await page.locator('#style').inputValue(), 'mean');
  await page.locator('#file').setInputFiles(PHOTO);
  await page.waitForFunction(() => !!document.getElementById('frame')!.dataset.input);
  // drag a box on the overlay, in image pixels (120, 90) → (330, 260) of the 640×400 photo
  const bb = (await page.locator('#overlay').boundingBox())!;
  const at = (x: number, y: number) => [bb.x + (x * bb.width) / 640, bb.y + (y * bb.height) / 400] as const;
  await page.mouse.move(...at(120, 90));
  await page.mouse.down();
  await page.mouse.move(...at(220, 180), { steps: 5 });
  await page.mouse.move(...at(330, 260), { steps: 5 });
  await page.mouse.up();
  const spec = (await page.locator('#boxes li').allTextContents()).join(';');
  assert.match(spec, /^box:1(19|20|21),(89|90|91),(209|210|211),(169|170|171)$/, `the drawn box: ${spec}`);

  await page.locator('#do-censor').click();
  await nextResult(undefined);
  const censoredUrl = await resultUrl();
  const shown = await shownPixels();
  const fromServer = await serverPixels(censoredUrl);
  assertSamePixels(shown, fromServer.rgba, 'censor: page vs server');
  const photo = await readImage(PHOTO, 3);
  const expected = await censorImage(photo, [parseRegion(spec)]);
  assertSamePixels(fromServer.rgb, expected.image, 'censor: server vs censorImage');
  assert.notDeepEqual(fromServer.rgb.data, photo.data, 'the censor changed pixels');
  await page.screenshot({ path: path.join(SHOTS, '01-censor.png'), fullPage: true });

  // the censored result becomes the input, and the detector finds the mosaic where the box was
  const censoredId = await page.locator('#frame').getAttribute('data-result');
  await page.locator('#use-result').click();
  await page.waitForFunction((id) => document.getElementById('frame')!.dataset.input === id, censoredId);
  await page.locator('#do-detect').click();
  await page.waitForFunction(() => document.getElementById('frame')!.dataset.detected !== undefined, undefined, { timeout: 120_000 });
  const listed = await page.locator('#regions li').allTextContents();
  const found = findMosaicRegions(expected.image).regions;
  assert.equal(listed.length, found.length, `page lists ${listed.join(' | ')}`);
  assert.ok(found.length >= 1, 'the detector found the mosaic');
  found.forEach((g, i) => assert.ok(listed[i]!.startsWith(`${g.x},${g.y} ${g.w}×${g.h}`), `${listed[i]} vs ${JSON.stringify(g)}`));
  const [bx, by, bw, bh] = spec.slice(4).split(',').map(Number) as [number, number, number, number];
  const overlap = (g: { x: number; y: number; w: number; h: number }) =>
    Math.max(0, Math.min(g.x + g.w, bx + bw) - Math.max(g.x, bx)) * Math.max(0, Math.min(g.y + g.h, by + bh) - Math.max(g.y, by)) / (bw * bh);
  assert.ok(found.some((g) => overlap(g) > 0.8), 'a found region covers the censored box');
  assert.equal(await page.locator('#overlay rect.found').count(), found.length, 'the found regions are outlined');
  await page.screenshot({ path: path.join(SHOTS, '02-detect.png'), fullPage: true });

  // restore with the bicubic baseline (the server runs with --model bicubic) in the drawn box
  await page.locator('#do-restore').click();
  await nextResult(censoredId ?? undefined);
  const restoredShown = await shownPixels();
  const restored = await serverPixels(await resultUrl());
  assertSamePixels(restoredShown, restored.rgba, 'restore: page vs server');
  const W = 640;
  let inside = 0, outsideSame = true;
  for (let y = 0; y < 400; y++) for (let x = 0; x < W; x++) {
    const p = (y * W + x) * 3;
    const same = [0, 1, 2].every((k) => restored.rgb.data[p + k] === expected.image.data[p + k]);
    if (x >= bx && x < bx + bw && y >= by && y < by + bh) { if (!same) inside++; } else if (!same) outsideSame = false;
  }
  assert.ok(outsideSame, 'restore kept every pixel outside the region');
  assert.ok(inside > bw * bh * 0.3, `restore changed ${inside} pixels of the region`);
  await page.locator('#slider').fill('30');
  await page.screenshot({ path: path.join(SHOTS, '03-restore.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('the dashboard shows a live loss chart and sample grids of a tiny run; translate uses its generator', { skip, timeout: 300_000 }, async () => {
  await page.goto(`${url}#train`);
  await page.waitForSelector('#runs-status:has-text("No runs")');
  // a few steps of a small pix2pix run written into the runs folder while the page watches
  const data = path.join(root, 'data');
  await makeAlignedDataset(data, 4, 32, 32);
  const nets = { netG: 'resnet_6blocks', netD: 'pixel', ngf: 4, ndf: 4, nLayersD: 1, norm: 'batch' as const, dropout: false, initType: 'normal' as const, initGain: 0.02, inputNc: 3, outputNc: 3 };
  const { networks, saveNetwork } = registryNetworks('pix2pix', nets);
  const out = path.join(runs, 'pix2pix-tiny');
  await runTraining({
    model: 'pix2pix', outDir: out, seed: 3, networks, saveNetwork, iters: 6, sampleEvery: 2, saveEvery: 0,
    data: { dataDir: data, direction: 'AtoB', inputNc: 3, outputNc: 3, maxDatasetSize: Infinity, serialBatches: true, batchSize: 1, workers: 1,
      transform: { preprocess: 'none', loadSize: 32, cropSize: 32, flip: false } },
    trainer: { lr: 2e-4 },
    schedule: { policy: 'linear', nEpochs: 1, nEpochsDecay: 1 },
    options: { networks: nets },
  });
  const card = page.locator('.run[data-run="pix2pix-tiny"]');
  await card.locator('[data-fact="step"]:has-text("6 / 6")').waitFor({ timeout: 30_000 });
  const lines = fs.readFileSync(path.join(out, 'loss_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const keys = Object.keys(lines[0]).filter((k) => !['iteration', 'epoch', 'lr', 'dataMs', 'stepMs'].includes(k));
  for (const k of keys) {
    const pts = await card.locator(`polyline[data-loss="${k}"]`).getAttribute('points');
    assert.equal(pts?.trim().split(' ').length, lines.length, `${k}: one chart point per logged step`);
  }
  assert.match((await card.locator('[data-fact="it/s"]').textContent())!, /it\/s: \d/);
  // the newest sample grid is shown and loaded
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.run[data-run="pix2pix-tiny"] img.latest');
    return !!img && img.complete && img.naturalWidth > 0 && img.src.endsWith('0000006.png');
  }, undefined, { timeout: 30_000 });
  assert.equal(await card.locator('.thumbs img').count(), 3);
  await page.screenshot({ path: path.join(SHOTS, '04-dashboard.png'), fullPage: true });

  // translate: the generator of that run is offered, and the page shows what the server computed
  await page.goto(`${url}#work`);
  await page.waitForSelector('body[data-ready="true"]');
  const model = 'pix2pix-tiny/checkpoints/latest/net_G.safetensors';
  // the page was open before the run wrote its checkpoint: coming back to the work tab lists it
  await page.waitForFunction((m) => [...document.querySelectorAll('#model option')].some((o) => o.textContent === m), model);
  assert.deepEqual(await page.locator('#model option').allTextContents(), [model]);
  const previousInput = await page.locator('#frame').getAttribute('data-input');
  await page.locator('#file').setInputFiles(PHOTO);
  await page.waitForFunction((prev) => { const id = document.getElementById('frame')!.dataset.input; return !!id && id !== prev; }, previousInput);
  // eval mode (the default) runs in the page with onnxruntime-web; the server's libtorch in eval mode is the
  // reference, within one grey level (float rounding between the runtimes moves a value across a .5 boundary)
  await page.locator('#do-translate').click();
  await nextResult(undefined);
  assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'page (wasm)');
  const shown = await shownPixels();
  const fromServer = await serverPixels(await resultUrl());
  assertSamePixels(shown, fromServer.rgba, 'translate: page vs the checked result the server stored');
  const photo = await readImage(PHOTO, 3);
  const te = Translator.load(path.join(runs, ...model.split('/')), { mode: 'eval' });
  try {
    const d = byteDifference(fromServer.rgb, te.translate([photo])[0]!);
    assert.ok(d.max <= 1, `in page vs libtorch (eval): max ${d.max} grey levels`);
  } finally {
    te.dispose();
  }
  await page.screenshot({ path: path.join(SHOTS, '05-translate.png'), fullPage: true });

  // the reference mode (batch statistics) has no ONNX form: the server runs it, exactly as Translator does
  const inPageId = await page.locator('#frame').getAttribute('data-result');
  await page.locator('#reference-mode').check();
  await page.locator('#do-translate').click();
  await nextResult(inPageId ?? undefined);
  assert.equal(await page.locator('#frame').getAttribute('data-runtime'), 'server');
  const shownRef = await shownPixels();
  const fromServerRef = await serverPixels(await resultUrl());
  assertSamePixels(shownRef, fromServerRef.rgba, 'translate (reference): page vs server');
  const t = Translator.load(path.join(runs, ...model.split('/')));
  try {
    assertSamePixels(fromServerRef.rgb, t.translate([photo])[0]!, 'translate (reference): server vs Translator');
  } finally {
    t.dispose();
  }
  await page.screenshot({ path: path.join(SHOTS, '06-translate-reference.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
