// safetensors: an 8-byte little-endian header length, a JSON header (dtype, shape, byte offsets per
// tensor, plus string `__metadata__`), then raw little-endian data. Read and write, atomically.
import { native } from '../engine/native.js';
import { Tensor, viewBytesAs, type DType } from '../engine/index.js';
import { readFileNamed, writeFileAtomic } from './atomic.js';
import { SafetensorsError, strictUtf8 } from './format-error.js';
import { parseStrictJson } from './strict-json.js';

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

/** The reference reader's cap: a header past this is refused before it is read. */
export const MAX_HEADER_BYTES = 100_000_000;

interface TensorEntry { name: string; dtype: DType; shape: number[]; begin: number; end: number }

/**
 * Checks the header against the format and the file, the way the reference reader does: known dtypes,
 * shapes of non-negative integers whose byte size equals the offsets, offsets that tile the data
 * section exactly (no gaps, no overlap, nothing past the end), string metadata. Nothing is allocated
 * before this passes, so a small file cannot ask for a large buffer.
 */
function checkHeader(buf: Uint8Array, fail: (why: string) => never): { entries: TensorEntry[]; metadata: Record<string, string>; dataStart: number } {
  if (buf.length < 8) fail('shorter than its 8-byte header length');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);
  if (n > BigInt(buf.length - 8)) fail(`header length ${n} runs past the end of the ${buf.length}-byte file`);
  const dataStart = 8 + Number(n);
  const text = strictUtf8(buf.subarray(8, dataStart));
  if (text === null) fail('header is not UTF-8');
  if (!text!.startsWith('{')) fail('header is not a JSON object');
  const header = parseStrictJson(text!, (why) => fail(`header: ${why}`), { maxDepth: 4 });
  if (!isRecord(header)) fail('header is not a JSON object');
  const dataLength = buf.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    const what = `tensor "${name.slice(0, 80)}"`;
    if (name === '__metadata__') {
      if (!isRecord(info) || !Object.values(info).every((v) => typeof v === 'string')) fail('__metadata__ is not a map of strings');
      metadata = info as Record<string, string>;
      continue;
    }
    if (!isRecord(info)) fail(`${what} is not described by an object`);
    const { dtype: code, shape, data_offsets: offsets } = info as Record<string, unknown>;
    const dtype = typeof code === 'string' && Object.hasOwn(FROM_ST, code) ? FROM_ST[code]! : fail(`${what} has unsupported dtype ${JSON.stringify(code)?.slice(0, 40)}`);
    if (!Array.isArray(shape) || shape.length > MAX_DIMS || !shape.every(isCount)) fail(`${what} has a shape that is not a list of at most ${MAX_DIMS} non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) fail(`${what} has data_offsets that are not two non-negative integers`);
    const [begin, end] = offsets as [number, number];
    // BigInt: a product of safe integers can overflow 2^53 and compare equal by accident
    const bytes = (shape as number[]).reduce((a, d) => a * BigInt(d), BigInt(SIZE[dtype]));
    if (begin > end || end > dataLength) fail(`${what} has offsets [${begin}, ${end}] outside the ${dataLength}-byte data section`);
    if (bytes !== BigInt(end - begin)) fail(`${what} of shape [${shape}] needs ${bytes} bytes of ${code}, its offsets give ${end - begin}`);
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  // The offsets must tile the data section: an overlap would let two tensors alias, a gap hides bytes.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) fail(`tensor "${e.name.slice(0, 80)}" starts at ${e.begin}, ${e.begin < at ? 'overlapping the tensor before it' : `leaving a gap after byte ${at}`}`);
    at = e.end;
  }
  if (at !== dataLength) fail(`the tensors cover ${at} bytes of a ${dataLength}-byte data section`);
  return { entries, metadata, dataStart };
}

const MAX_DIMS = 64;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses safetensors bytes; `source` names the file in errors (a `SafetensorsError`). */
export function decodeSafetensors(buf: Uint8Array, source = 'safetensors'): SafetensorsFile {
  const fail = (why: string): never => { throw new SafetensorsError(source, `not a valid safetensors file (${why})`); };
  const { entries, metadata, dataStart } = checkHeader(buf, fail);
  const tensors = new Map<string, Tensor>();
  try {
    for (const { name, dtype, shape, begin, end } of entries) {
      // Copy into an aligned buffer of its own: typed arrays need element alignment (offsets need not
      // be aligned), and a Node Buffer's slice() is a view on the whole file, not a copy.
      const bytes = new Uint8Array(end - begin);
      bytes.set(buf.subarray(dataStart + begin, dataStart + end));
      tensors.set(name, new Tensor(native.fromArray(viewBytesAs(bytes, dtype), shape, dtype)));
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
