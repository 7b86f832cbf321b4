// Web bench: ms per 256² generator run (eval mode, batch 1) in the page — onnxruntime-web on wasm in
// headless Chromium (playwright-core, the test flags), through the page's own session code on the bench
// page of `tessera serve` — and in onnxruntime-node, against libtorch (the engine), on the same exported
// file and input, alternating run by run so all three see the same load. Ratios are over libtorch; the
// largest output difference of each runtime from libtorch is shown too. A second Chromium with the GPU
// process on and --enable-unsafe-webgpu gives the page a WebGPU adapter (SwiftShader's Vulkan, on the CPU):
// the swiftshdr_ms column times onnxruntime-web's WebGPU backend there (page asked for it with
// ?backend=webgpu, as the page takes a software adapter only when asked), for the restorer only: unet_256
// took over ten minutes to load and run once on SwiftShader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { getNumThreads, manualSeed, noGrad, randn, tidy } from '../src/engine/index.js';
import { exportNetwork } from '../src/export/index.js';
import { buildGenerator, generatorSpec, type GeneratorSpec } from '../src/models/index.js';
import { startServer } from '../src/server/server.js';
import { median, type BenchOptions } from './report.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WEBGPU_FLAGS = [...FLAGS.filter((f) => f !== '--disable-gpu'), '--enable-unsafe-webgpu'];

const CASES: { name: string; spec: GeneratorSpec; webgpu?: boolean }[] = [
  { name: 'unet_256 batch (pix2pix) 256²', spec: generatorSpec({ netG: 'unet_256', norm: 'batch', dropout: true }) },
  { name: 'resnet_9blocks instance (CycleGAN) 256²', spec: generatorSpec({ netG: 'resnet_9blocks', norm: 'instance' }) },
  { name: 'restorer_cells_8blocks 256²', spec: generatorSpec({ netG: 'restorer_cells_8blocks', inputNc: 7, ngf: 64 }), webgpu: true },
];

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

export async function run(o: BenchOptions): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (scripts/setup.sh installs the chromium package)`);
  const threads = getNumThreads();
  const iters = o.iters ?? 3;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-web-'));
  const server = await startServer({ runsDir: root, workDir: path.join(root, '.work'), safety: async () => { throw new Error('the bench checks nothing'); } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const gpuBrowser = await chromium.launch({ executablePath: CHROMIUM, args: WEBGPU_FLAGS, headless: true });
  try {
    const open = async (b: typeof browser, query = '') => {
      const pg = await b.newPage();
      await pg.goto(new URL(`/bench.html${query}`, server.url).href);
      await pg.waitForSelector('body[data-ready="true"]');
      return pg;
    };
    const page = await open(browser), gpuPage = await open(gpuBrowser, '?backend=webgpu');
    if (!o.json) console.log(`threads: libtorch ${threads}, onnxruntime-node intra-op ${threads}; ${iters} runs each after 1 warm-up, alternating\n`
      + `${'case'.padEnd(42)}${['libtorch_ms', 'node_ms', 'page_ms', 'swiftshdr_ms', 'node/lt', 'page/lt', 'page_max_abs', 'gpu_max_abs'].map((c) => c.padStart(13)).join('')}  page runtime`);
    for (const c of CASES) {
      if (o.only && !c.name.includes(o.only)) continue;
      manualSeed(0);
      const net = buildGenerator(c.spec).eval();
      const shape = [1, c.spec.inputNc, 256, 256];
      const bytes = exportNetwork(net, { inputChannels: c.spec.inputNc, height: 256, width: 256 });
      const file = `${c.spec.netG}.onnx`;
      fs.writeFileSync(path.join(root, file), bytes);
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
      const x = randn(shape);
      const input = x.data() as Float32Array;
      const feeds = { input: new ort.Tensor('float32', input, shape) };
      const torchRun = () => noGrad(() => tidy(() => net.forward(x).data() as Float32Array));
      const nodeRun = async () => (await session.run(feeds)).output!.data as Float32Array;
      // the page opens the model and runs it once (its warm-up); its output is compared with libtorch's
      const want = torchRun();
      type Loaded = { backend: string; threads: number; version: string; output: number[] };
      const load = (pg: typeof page) => pg.evaluate(([url, data, dims]) => (window as any).tesseraBench.load(url, data, dims),
        [`/files/runs/${file}`, Array.from(input), shape] as const) as Promise<Loaded>;
      const inPage = await load(page), onGpu = c.webgpu ? await load(gpuPage) : null;
      if (onGpu && onGpu.backend !== 'webgpu') throw new Error(`the WebGPU page ran on ${onGpu.backend}`);
      const nodeMax = maxAbs(await nodeRun(), want), pageMax = maxAbs(inPage.output, want), gpuMax = onGpu ? maxAbs(onGpu.output, want) : NaN;
      const tt: number[] = [], nt: number[] = [], pt: number[] = [], gt: number[] = [];
      for (let i = 0; i < iters; i++) {
        let t0 = performance.now(); torchRun(); tt.push(performance.now() - t0);
        t0 = performance.now(); await nodeRun(); nt.push(performance.now() - t0);
        pt.push(...await page.evaluate((n) => (window as any).tesseraBench.time(n), 1) as number[]);
        if (onGpu) gt.push(...await gpuPage.evaluate((n) => (window as any).tesseraBench.time(n), 1) as number[]);
      }
      const row = {
        case: c.name, libtorch_ms: median(tt), onnx_node_ms: median(nt), page_ms: median(pt), swiftshader_webgpu_ms: gt.length ? median(gt) : NaN,
        node_ratio: median(nt) / median(tt), page_ratio: median(pt) / median(tt), node_max_abs: nodeMax, page_max_abs: pageMax, webgpu_max_abs: gpuMax,
        page_backend: inPage.backend, page_threads: inPage.threads, onnxruntime_web: inPage.version, runs: iters, threads,
      };
      if (o.json) console.log(JSON.stringify(row));
      else console.log(`${c.name.padEnd(42)}${[row.libtorch_ms.toFixed(1), row.onnx_node_ms.toFixed(1), row.page_ms.toFixed(1), row.swiftshader_webgpu_ms.toFixed(1), row.node_ratio.toFixed(2), row.page_ratio.toFixed(2), pageMax.toExponential(1), gpuMax.toExponential(1)].map((v) => v.padStart(13)).join('')}  ${inPage.backend}, ${inPage.threads} thread(s), onnxruntime-web ${inPage.version}`);
      x.dispose();
      net.dispose();
      await session.release();
    }
  } finally {
    await gpuBrowser.close();
    await browser.close();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
