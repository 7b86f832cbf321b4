// The shipped weights of the face finder and the classifier (assets/blazeface.safetensors,
// assets/nsfw-mobilenet-v2.safetensors, converted once by scripts/convert-tfjs-models.mjs; licences in
// docs/finders.md). A uint8 tensor listed in `tessera.quantization` is dequantized as TF.js does it
// (w = q · scale + min in double precision, stored as float32), so the weights are TF.js's to the bit.
import { parseStrictJson } from '../io/strict-json.js';
import { loadSafetensors } from '../io/safetensors.js';
import { shippedAsset } from '../io/assets.js';
import { tensor, type Tensor } from '../engine/index.js';
import type { Module } from '../nn/index.js';
import { BlazeFace } from './blazeface.js';
import { MobileNetV2 } from './mobilenet-v2.js';

export const NETWORK_KEY = 'tessera.network';
export const QUANTIZATION_KEY = 'tessera.quantization';

export const shippedBlazeFaceFile = () => shippedAsset('blazeface.safetensors', 'the BlazeFace face finder');
export const shippedClassifierFile = () => shippedAsset('nsfw-mobilenet-v2.safetensors', 'the safety classifier');

/** uint8 q with per-tensor [min, scale] → float32 q · scale + min. */
export function dequantize(q: Uint8Array, min: number, scale: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i]! * scale + min;
  return out;
}

function loadInto<M extends Module>(file: string, network: string, net: M): { net: M; metadata: Record<string, string> } {
  const { tensors, metadata } = loadSafetensors(file);
  const floats = new Map<string, Tensor>();
  try {
    if (metadata[NETWORK_KEY] !== network) throw new Error(`${file}: metadata '${NETWORK_KEY}' is ${JSON.stringify(metadata[NETWORK_KEY] ?? null)}, not '${network}'`);
    const quant = metadata[QUANTIZATION_KEY]
      ? parseStrictJson(metadata[QUANTIZATION_KEY]!, (why) => { throw new Error(`${file}: '${QUANTIZATION_KEY}' is not valid JSON (${why})`); }, { maxDepth: 3 }) as Record<string, unknown>
      : {};
    for (const [key, t] of tensors) {
      if (t.dtype === 'float32') { floats.set(key, t); continue; }
      const mq = quant[key];
      if (t.dtype !== 'uint8' || !Array.isArray(mq) || mq.length !== 2 || !mq.every((v) => typeof v === 'number' && Number.isFinite(v)))
        throw new Error(`${file}: tensor ${key} is ${t.dtype} without a [min, scale] in '${QUANTIZATION_KEY}'`);
      floats.set(key, tensor(dequantize(t.data() as Uint8Array, mq[0] as number, mq[1] as number), t.shape));
    }
    net.loadStateDict(floats, { source: file });
    return { net: net.eval(), metadata };
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    for (const t of tensors.values()) t.dispose();
    for (const t of floats.values()) if (!t.isDisposed) t.dispose();
  }
}

export function loadBlazeFace(file = shippedBlazeFaceFile()): { net: BlazeFace; metadata: Record<string, string> } {
  return loadInto(file, 'blazeface-back-256', new BlazeFace());
}

export function loadNsfwClassifier(file = shippedClassifierFile()): { net: MobileNetV2; metadata: Record<string, string> } {
  return loadInto(file, 'mobilenet-v2-1.4-nsfw', new MobileNetV2(1.4));
}
