// ONNX bench: ms per 256² generator run (eval mode, batch 1) in onnxruntime-node on our exported file
// against the same network in libtorch (the engine), alternating run by run so both see the same load;
// ratio = onnxruntime / libtorch. Also the largest output difference between the two at full size.
// Last row: one whole restore (Restorer.restore against OnnxRestorer.restore: crop, cell means, scale,
// network, blend) of a 256² region with 8-px cells in a 512² photo crop; max_abs there is in grey levels.
import ort from 'onnxruntime-node';
import { getNumThreads, manualSeed, noGrad, randn, tidy } from '../src/engine/index.js';
import { exportNetwork } from '../src/export/index.js';
import { buildGenerator, generatorSpec, type GeneratorSpec } from '../src/models/index.js';
import { censorWithMask } from '../src/censor/censor.js';
import { listPhotos } from '../src/detect/evaluate.js';
import { boxesToMask } from '../src/image/mask.js';
import { readRaster, resizeRaster } from '../src/image/raster.js';
import { crop } from '../src/image/sheet.js';
import { OnnxRestorer, Restorer } from '../src/restore/index.js';
import { median, type BenchOptions } from './report.js';

const CASES: { name: string; spec: GeneratorSpec }[] = [
  { name: 'unet_256 batch (pix2pix) 256²', spec: generatorSpec({ netG: 'unet_256', norm: 'batch', dropout: true }) },
  { name: 'resnet_9blocks instance (CycleGAN) 256²', spec: generatorSpec({ netG: 'resnet_9blocks', norm: 'instance' }) },
  { name: 'restorer_cells_8blocks 256²', spec: generatorSpec({ netG: 'restorer_cells_8blocks', inputNc: 7, ngf: 64 }) },
];

export async function run(o: BenchOptions): Promise<void> {
  const threads = getNumThreads();
  const iters = o.iters ?? 10;
  if (!o.json) console.log(`threads: libtorch ${threads}, onnxruntime intra-op ${threads}; ${iters} runs each after 2 warm-ups\n${'case'.padEnd(42)}${['libtorch_ms', 'onnx_ms', 'ratio', 'max_abs'].map((c) => c.padStart(13)).join('')}`);
  for (const c of CASES) {
    if (o.only && !c.name.includes(o.only)) continue;
    manualSeed(0);
    const net = buildGenerator(c.spec).eval();
    const shape = [1, c.spec.inputNc, 256, 256];
    const session = await ort.InferenceSession.create(exportNetwork(net, { inputChannels: c.spec.inputNc, height: 256, width: 256 }),
      { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const x = randn(shape);
    const feeds = { input: new ort.Tensor('float32', x.data() as Float32Array, shape) };
    const torchRun = () => noGrad(() => tidy(() => net.forward(x).data() as Float32Array));
    const onnxRun = async () => (await session.run(feeds)).output!.data as Float32Array;
    const want = torchRun(), got = await onnxRun();
    let maxAbs = 0;
    for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got[i]! - want[i]!));
    for (let i = 0; i < 2; i++) { torchRun(); await onnxRun(); }
    const tt: number[] = [], ot: number[] = [];
    for (let i = 0; i < iters; i++) {
      let t0 = performance.now(); torchRun(); tt.push(performance.now() - t0);
      t0 = performance.now(); await onnxRun(); ot.push(performance.now() - t0);
    }
    const row = { case: c.name, libtorch_ms: median(tt), onnx_ms: median(ot), ratio: median(ot) / median(tt), max_abs: maxAbs, runs: iters, threads };
    if (o.json) console.log(JSON.stringify(row));
    else console.log(`${c.name.padEnd(42)}${[row.libtorch_ms.toFixed(1), row.onnx_ms.toFixed(1), row.ratio.toFixed(3), maxAbs.toExponential(1)].map((v) => v.padStart(13)).join('')}`);
    x.dispose();
    net.dispose();
    await session.release();
  }
  const name = 'Restorer.restore 256² region (cells_8blocks)';
  if (!o.only || name.includes(o.only)) await restoreRow(name, iters, threads, o);
}

/** The whole restore of one region, libtorch and onnxruntime alternating. */
async function restoreRow(name: string, iters: number, threads: number, o: BenchOptions): Promise<void> {
  const photos = listPhotos();
  if (!photos.length) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const p = await readRaster(photos[0]!);
  const s = 512 / Math.min(p.width, p.height);
  const image = crop(await resizeRaster(p, Math.ceil(p.width * s), Math.ceil(p.height * s)), 0, 0, 512, 512);
  const box = { x: 128, y: 128, w: 256, h: 256 }, mask = boxesToMask(512, 512, [box]);
  const mosaic = censorWithMask(image, mask, { block: 8, phase: 'box' }).image;
  const target = { box, grid: { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 } };
  manualSeed(0);
  const spec = generatorSpec({ netG: 'restorer_cells_8blocks', inputNc: 7, ngf: 64 });
  const torch = new Restorer(buildGenerator(spec), spec, 'default init');
  const onnx = await OnnxRestorer.fromNetwork(torch.net, spec, 'default init');
  const a = torch.restore(mosaic, mask, [target]), b = await onnx.restore(mosaic, mask, [target]);
  let maxAbs = 0;
  for (let i = 0; i < a.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a.data[i]! - b.data[i]!));
  for (let i = 0; i < 2; i++) { torch.restore(mosaic, mask, [target]); await onnx.restore(mosaic, mask, [target]); }
  const tt: number[] = [], ot: number[] = [];
  for (let i = 0; i < iters; i++) {
    let t0 = performance.now(); torch.restore(mosaic, mask, [target]); tt.push(performance.now() - t0);
    t0 = performance.now(); await onnx.restore(mosaic, mask, [target]); ot.push(performance.now() - t0);
  }
  const row = { case: name, libtorch_ms: median(tt), onnx_ms: median(ot), ratio: median(ot) / median(tt), max_abs: maxAbs, runs: iters, threads };
  if (o.json) console.log(JSON.stringify(row));
  else console.log(`${name.padEnd(42)}${[row.libtorch_ms.toFixed(1), row.onnx_ms.toFixed(1), row.ratio.toFixed(3), `${maxAbs} lvl`].map((v) => v.padStart(13)).join('')}`);
  torch.dispose();
  onnx.dispose();
}
