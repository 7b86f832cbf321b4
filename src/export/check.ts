// The exported file against the engine: both run the same input, the largest difference comes back.
import ort from 'onnxruntime-node';
import { noGrad, randn, tidy } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { exportFeeds } from './feeds.js';

/** max |onnxruntime − engine| over the outputs for one N(0, 1) input of shape [1, C, H, W] (a noise origin of [0, 0]). */
export async function maxDifferenceFromEngine(net: Module, onnx: Uint8Array, shape: [number, number, number, number]): Promise<number> {
  net.eval();
  const x = randn(shape);
  try {
    const input = x.data() as Float32Array;
    const want = noGrad(() => tidy(() => net.forward(x).data() as Float32Array));
    const session = await ort.InferenceSession.create(onnx);
    try {
      const got = (await session.run(exportFeeds(session, new ort.Tensor('float32', input, shape)))).output!.data as Float32Array;
      if (got.length !== want.length) throw new Error(`onnxruntime gave ${got.length} values, the engine ${want.length}`);
      let d = 0;
      for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - want[i]!));
      return d;
    } finally {
      await session.release();
    }
  } finally {
    x.dispose();
  }
}
