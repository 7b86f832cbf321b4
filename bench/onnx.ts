// ONNX bench: ms per 256² generator run (eval mode, batch 1) in onnxruntime-node on our exported file
// against the same network in libtorch (the engine), alternating run by run so both see the same load;
// ratio = onnxruntime / libtorch. Also the largest output difference between the two at full size.
import ort from 'onnxruntime-node';
import { getNumThreads, manualSeed, noGrad, randn, tidy } from '../src/engine/index.js';
import { exportNetwork } from '../src/export/index.js';
import { buildGenerator, generatorSpec, type GeneratorSpec } from '../src/models/index.js';
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
}
