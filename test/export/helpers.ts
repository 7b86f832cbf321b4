// Shared by the export tests: networks with weights of a realistic scale (PyTorch's default init, batch
// norm with non-trivial running statistics) and the engine-vs-onnxruntime comparison at several sizes.
import ort from 'onnxruntime-node';
import { empty, manualSeed, noGrad, randn, tidy } from '../../src/engine/index.js';
import { PReLU, type Module } from '../../src/nn/index.js';
import { exportFeeds, exportNetwork, type ExportOptions } from '../../src/export/index.js';

/** Running statistics and affine parameters away from 0/1, so that eval-mode batch norm is really tested. */
export function perturbNorms(net: Module, seed: number): Module {
  manualSeed(seed);
  noGrad(() => {
    for (const [k, t] of net.stateDict()) {
      if (k.endsWith('running_mean')) t.copy_(tidy(() => randn(t.shape).mul(0.3)));
      else if (k.endsWith('running_var')) t.copy_(tidy(() => empty(t.shape).uniform_(0.5, 1.5)));
      else if (/(^|\.)(bn|\d+)\.weight$/.test(k) && t.ndim === 1) t.copy_(tidy(() => randn(t.shape).mul(0.2).add(1)));
      else if (/(^|\.)(bn|\d+)\.bias$/.test(k) && t.ndim === 1) t.add_(tidy(() => randn(t.shape).mul(0.1)));
    }
    // PReLU slopes spread around 0.25 (and below zero), so that a wrong slope, or a slope on the wrong side, shows
    for (const [, m] of net.modules()) if (m instanceof PReLU) m.weight.copy_(tidy(() => empty(m.weight.shape).uniform_(-0.3, 0.6)));
  });
  return net.eval();
}

export interface Parity { size: string; maxAbs: number }

/**
 * Exports `net` (dynamic unless `static` sizes are given) and compares it with the engine at each size
 * [H, W] or [H, W, N] (batch 1 unless given).
 */
export async function parity(net: Module, channels: number, sizes: ([number, number] | [number, number, number])[], o: Partial<ExportOptions> = {}): Promise<Parity[]> {
  net.eval();
  const [h0, w0] = sizes[0]!;
  const bytes = exportNetwork(net, { inputChannels: channels, height: h0, width: w0, dynamic: true, ...o });
  const session = await ort.InferenceSession.create(bytes);
  const out: Parity[] = [];
  try {
    for (const [h, w, n = 1] of sizes) {
      const x = randn([n, channels, h, w]);
      const input = x.data() as Float32Array;
      const { want, shape } = noGrad(() => tidy(() => { const y = net.forward(x); return { want: y.data() as Float32Array, shape: y.shape }; }));
      x.dispose();
      const got = (await session.run(exportFeeds(session, new ort.Tensor('float32', input, [n, channels, h, w])))).output!;
      if (got.dims.join() !== shape.join()) throw new Error(`output shape [${got.dims}] from onnxruntime, [${shape}] from the engine`);
      let d = 0;
      for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs((got.data as Float32Array)[i]! - want[i]!));
      out.push({ size: n === 1 ? `${w}×${h}` : `${n}×${w}×${h}`, maxAbs: d });
    }
  } finally {
    await session.release();
  }
  return out;
}
