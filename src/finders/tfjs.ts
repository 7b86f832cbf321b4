// TensorFlow.js as a runner for graph models whose weights ship inside npm packages. The wasm backend
// (its .wasm binary ships in @tensorflow/tfjs-backend-wasm) is ~20x faster than the pure-JS cpu backend
// here; TESSERA_TFJS_BACKEND=cpu forces the latter. Nothing is fetched over the network.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as tfTypes from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

export type Tf = typeof tfTypes;
const require = createRequire(import.meta.url);

let ready: Promise<Tf> | null = null;

/** The TF.js core with a backend set up (wasm, else cpu), loaded once on first use. */
export function getTf(): Promise<Tf> {
  ready ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const want = process.env.TESSERA_TFJS_BACKEND ?? 'wasm';
    if (want === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dist + path.sep);
      if (await tf.setBackend('wasm').catch(() => false)) { await tf.ready(); return tf; }
    }
    await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: no usable backend (wasm or cpu)');
    await tf.ready();
    return tf;
  })();
  return ready;
}

export interface GraphArtifacts {
  modelTopology: object;
  weightsManifest: { paths?: string[]; weights: tfTypes.io.WeightsManifestEntry[] }[];
}

export async function loadGraphModel(artifacts: GraphArtifacts, weightData: Uint8Array): Promise<GraphModel> {
  const tf = await getTf();
  const { loadGraphModel: load } = await import('@tensorflow/tfjs-converter');
  const buf = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  return load(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightsManifest.flatMap((g) => g.weights),
    weightData: buf,
  }));
}

/** A graph model saved as model.json + binary shards listed in its weightsManifest. */
export async function loadGraphModelFile(jsonFile: string): Promise<GraphModel> {
  let artifacts: GraphArtifacts;
  try {
    artifacts = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch (e) {
    throw new Error(`${jsonFile}: cannot read model (${(e as Error).message})`);
  }
  const dir = path.dirname(jsonFile);
  const shards = artifacts.weightsManifest.flatMap((g) => g.paths ?? []).map((p) => fs.readFileSync(path.join(dir, p)));
  return loadGraphModel(artifacts, Buffer.concat(shards));
}

/** Root folder of an installed package (works for packages whose `exports` hide package.json). */
export function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
  return dir;
}

/** An RGB uint8 image as a [h, w, 3] float tensor in [0, 255]. */
export function imageTensor(tf: Tf, image: { data: Uint8Array; width: number; height: number }): tfTypes.Tensor3D {
  return tf.tidy(() => tf.cast(tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32'), 'float32'));
}
