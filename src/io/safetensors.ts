// safetensors: an 8-byte little-endian header length, a JSON header (dtype, shape, byte offsets per
// tensor, plus string `__metadata__`), then raw little-endian data. Read and write, atomically.
import { native } from '../engine/native.js';
import { Tensor, viewBytesAs, type DType } from '../engine/index.js';
import { readFileNamed, writeFileAtomic } from './atomic.js';

const TO_ST: Record<DType, string> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32',
  int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};
const FROM_ST = Object.fromEntries(Object.entries(TO_ST).map(([k, v]) => [v, k as DType])) as Record<string, DType>;
const SIZE: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** Serialises tensors (and string metadata) to safetensors bytes, keys sorted as the reference writer does. */
export function encodeSafetensors(tensors: Map<string, Tensor> | Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array[] {
  const entries = [...(tensors instanceof Map ? tensors : Object.entries(tensors))].sort(([a], [b]) => (a < b ? -1 : 1));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const arr = native.toArray(t.handle); // raw bits (bf16/f16 as uint16)
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    header[name] = { dtype: TO_ST[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    chunks.push(bytes);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8); // keep the data 8-byte aligned
  const head = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length));
  return [len, head, ...chunks];
}

export function saveSafetensors(file: string, tensors: Map<string, Tensor> | Record<string, Tensor>, metadata: Record<string, string> = {}): void {
  writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

/** Parses safetensors bytes; `source` names the file in errors. */
export function decodeSafetensors(buf: Uint8Array, source = 'safetensors'): SafetensorsFile {
  const fail = (why: string): never => { throw new Error(`${source}: not a valid safetensors file (${why})`); };
  if (buf.length < 8) fail('shorter than its 8-byte header length');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > buf.length - 8 || n > 100_000_000) fail(`header length ${n} exceeds the file`);
  let header: Record<string, any>;
  try {
    header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 8, n).toString('utf8'));
  } catch {
    return fail('header is not JSON');
  }
  const dataStart = 8 + n;
  const tensors = new Map<string, Tensor>();
  const metadata: Record<string, string> = header.__metadata__ ?? {};
  try {
    for (const [name, info] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const dtype = FROM_ST[info.dtype];
      if (!dtype) fail(`tensor ${name} has unsupported dtype ${info.dtype}`);
      const shape: number[] = info.shape;
      const [begin, end] = info.data_offsets as [number, number];
      const count = shape.reduce((a, b) => a * b, 1);
      if (end - begin !== count * SIZE[dtype!] || dataStart + end > buf.length || begin > end)
        fail(`tensor ${name} has offsets [${begin}, ${end}] that do not fit its shape or the file`);
      // Copy into an aligned buffer of its own: typed arrays need element alignment, and a Node
      // Buffer's slice() is a view on the whole file, not a copy.
      const bytes = new Uint8Array(end - begin);
      bytes.set(buf.subarray(dataStart + begin, dataStart + end));
      tensors.set(name, new Tensor(native.fromArray(viewBytesAs(bytes, dtype!), shape, dtype!)));
    }
  } catch (e) {
    for (const t of tensors.values()) t.dispose();
    throw e;
  }
  return { tensors, metadata };
}

export function loadSafetensors(file: string): SafetensorsFile {
  const buf = readFileNamed(file);
  return decodeSafetensors(buf, file);
}
