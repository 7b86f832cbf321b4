// PyTorch checkpoint import (`torch.save` of a state dict), read without running any of its code:
// the zip format (`<name>/data.pkl` + `<name>/data/<key>` storages, PyTorch ≥ 1.6) and the legacy
// stream format (magic, protocol, sys info, the pickle, storage keys, raw storages). The pickle goes
// through the restricted unpickler: only OrderedDict, tensor/parameter rebuilds and storage types pass.
// Every number the pickle gives (storage sizes, tensor sizes, strides, offsets) is checked against the
// bytes the file really holds before anything is allocated, and the value tree is bounded in depth and
// in size (the memo can share one list many times over, or make it hold itself).
import { native } from '../engine/native.js';
import { call, Tensor, tidy, viewBytesAs, type DType } from '../engine/index.js';
import { readFileNamed } from './atomic.js';
import { FormatError, PthError } from './format-error.js';
import { unpickle, type UnpickleHooks } from './pickle.js';
import { MAX_HEADER_BYTES } from './safetensors.js';
import { isZip, readZip } from './zip.js';

const STORAGE_DTYPES: Record<string, DType> = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool',
};
const ITEM_SIZE: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const MAX_DIMS = 64;
/** Deepest nesting of dicts/lists a checkpoint may have (real ones: 2–4). */
export const MAX_TREE_DEPTH = 64;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

class StorageType { constructor(readonly dtype: DType) {} }
class StorageRef { constructor(readonly key: string, readonly dtype: DType, readonly numel: number) {} }
/** A tensor described by the pickle, materialised once its storage bytes are known. */
class TensorRef {
  constructor(readonly storage: StorageRef, readonly offset: number, readonly size: number[], readonly stride: number[]) {}
}

const ORDERED_DICT = Symbol('collections.OrderedDict');
const REBUILD_TENSOR = Symbol('torch._utils._rebuild_tensor_v2');
const REBUILD_PARAMETER = Symbol('torch._utils._rebuild_parameter');

/** The allow-list: everything a state dict needs, nothing else. */
function stateDictHooks(source: string, storageFromPid: (pid: unknown[]) => StorageRef): UnpickleHooks {
  const bad = (why: string): never => { throw new PthError(source, why); };
  return {
    findGlobal(module, name) {
      if (module === 'collections' && name === 'OrderedDict') return ORDERED_DICT;
      if (module === 'torch._utils' && name === '_rebuild_tensor_v2') return REBUILD_TENSOR;
      if (module === 'torch._utils' && name === '_rebuild_parameter') return REBUILD_PARAMETER;
      if (module === 'torch' && STORAGE_DTYPES[name]) return new StorageType(STORAGE_DTYPES[name]!);
      return undefined;
    },
    call(fn, args) {
      if (fn === ORDERED_DICT) return new Map();
      if (fn === REBUILD_TENSOR) {
        const [storage, offset, size, stride] = args;
        if (!(storage instanceof StorageRef) || !isCount(offset) || !Array.isArray(size) || !Array.isArray(stride)
          || size.length !== stride.length || size.length > MAX_DIMS || !size.every(isCount) || !stride.every(isCount))
          return bad('malformed tensor record (sizes, strides and offset must be non-negative integers)');
        return checkedTensorRef(new TensorRef(storage, offset, size, stride), bad);
      }
      if (fn === REBUILD_PARAMETER) return args[0];
      return bad('only OrderedDict and tensor rebuilds may be called');
    },
    persistentLoad(pid) {
      if (!Array.isArray(pid) || pid[0] !== 'storage') bad('unknown persistent id');
      return storageFromPid(pid as unknown[]);
    },
    build(obj) { return obj; }, // OrderedDict._metadata (module versions): not needed
  };
}

/**
 * A tensor may only read elements its storage has, and no more elements than the storage holds: a
 * stride-0 "expansion" would let a few bytes of file become gigabytes of memory.
 */
function checkedTensorRef(t: TensorRef, bad: (why: string) => never): TensorRef {
  if (t.size.some((d) => d === 0)) return t;
  const numel = t.size.reduce((a, d) => a * BigInt(d), 1n);
  const reach = t.size.reduce((a, d, i) => a + BigInt(d - 1) * BigInt(t.stride[i]!), BigInt(t.offset) + 1n);
  if (reach > BigInt(t.storage.numel)) bad(`a tensor of size [${t.size}] reaches past the end of storage ${t.storage.key}`);
  if (numel > BigInt(t.storage.numel)) bad(`a tensor of size [${t.size}] has more elements than its storage ${t.storage.key} (${t.storage.numel})`);
  return t;
}

/** `maxBytes`: what the file can hold at most; a storage declaring more is refused before any read. */
function storageFromPid(source: string, maxBytes: number) {
  return (pid: unknown[]): StorageRef => {
    const [, type, key, , numel] = pid;
    if (!(type instanceof StorageType)) throw new PthError(source, 'storage of an unknown type');
    if (typeof key !== 'string' && typeof key !== 'number') throw new PthError(source, 'storage key is not a string');
    if (!isCount(numel) || numel * ITEM_SIZE[type.dtype] > maxBytes)
      throw new PthError(source, `storage ${String(key).slice(0, 40)} declares ${String(numel).slice(0, 40)} elements, more than the file can hold`);
    return new StorageRef(String(key), type.dtype, numel);
  };
}

/**
 * Bounds the value tree as its consumers will walk it (shared nodes counted each time they are reached):
 * at most `maxNodes` nodes and MAX_TREE_DEPTH levels. A cycle through the memo fails the depth check.
 */
function checkTree(root: unknown, maxNodes: number, source: string): void {
  const todo: [unknown, number][] = [[root, 0]];
  let nodes = 0;
  while (todo.length) {
    const [v, depth] = todo.pop()!;
    if (++nodes > maxNodes) throw new PthError(source, `the pickle expands to more than ${maxNodes} values (shared references abused?)`);
    if (!(v instanceof Map) && !Array.isArray(v)) continue;
    if (depth >= MAX_TREE_DEPTH) throw new PthError(source, `the pickle nests deeper than ${MAX_TREE_DEPTH} levels (or holds a cycle)`);
    for (const x of v instanceof Map ? v.values() : v) todo.push([x, depth + 1]);
  }
}

/**
 * Builds tensors for every TensorRef in the tree (dicts become Maps), copying out of the raw storages.
 * `maxBytes` caps the tensors made in all (tied weights may read one storage twice; more is abuse).
 */
function materialise(tree: unknown, storageBytes: (ref: StorageRef) => Uint8Array, source: string, maxBytes: number): unknown {
  const storages = new Map<string, Tensor>();
  const declared = new Map<string, StorageRef>();
  const made: Tensor[] = [];
  let bytesMade = 0;
  const storageTensor = (ref: StorageRef): Tensor => {
    // every tensor was checked against the storage its own record declares: one key declared twice with
    // another type or size would let a tensor checked against the larger one read past the smaller
    const first = declared.get(ref.key);
    if (first && (first.dtype !== ref.dtype || first.numel !== ref.numel))
      throw new PthError(source, `storage ${ref.key} is declared twice, as ${first.numel} ${first.dtype} and as ${ref.numel} ${ref.dtype} elements`);
    declared.set(ref.key, ref);
    let t = storages.get(ref.key);
    if (!t) {
      const bytes = storageBytes(ref);
      const size = ITEM_SIZE[ref.dtype];
      if (bytes.length < ref.numel * size) throw new PthError(source, `storage ${ref.key} is shorter than its ${ref.numel} elements`);
      const copy = Uint8Array.prototype.slice.call(bytes, 0, ref.numel * size); // an aligned copy (Buffer#slice would alias)
      t = new Tensor(native.fromArray(viewBytesAs(copy, ref.dtype), [ref.numel], ref.dtype));
      storages.set(ref.key, t);
    }
    return t;
  };
  // outside tidy: a storage made inside it would be disposed before the next tensor that shares it
  const viewOf = (storage: Tensor, v: TensorRef) => tidy(() => call('aten::as_strided', [storage, v.size, v.stride, v.offset]).contiguous().clone());
  const walk = (v: unknown): unknown => {
    if (v instanceof TensorRef) { // its sizes were checked against the storage by checkedTensorRef
      bytesMade += v.size.reduce((a, d) => a * d, ITEM_SIZE[v.storage.dtype]);
      if (bytesMade > maxBytes) throw new PthError(source, `its tensors add up to more than ${maxBytes} bytes, more than its storages can explain`);
      const t = v.size.some((d) => d === 0)
        ? new Tensor(native.fromArray(viewBytesAs(new Uint8Array(0), v.storage.dtype), v.size, v.storage.dtype))
        : viewOf(storageTensor(v.storage), v);
      made.push(t);
      return t;
    }
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x)]));
    if (Array.isArray(v)) return v.map(walk);
    return v;
  };
  try {
    return walk(tree);
  } catch (e) {
    for (const t of made) t.dispose();
    throw e;
  } finally {
    for (const t of storages.values()) t.dispose();
  }
}

/** Reads a torch.save file into plain values: Maps for dicts, arrays for lists/tuples, Tensors for tensors. */
export function readPth(file: string): unknown {
  return decodePth(readFileNamed(file), file);
}

/** readPth on bytes in memory; `file` names them in errors (a FormatError). */
export function decodePth(buf: Buffer, file = 'pth'): unknown {
  if (looksLikeSafetensors(buf))
    throw new PthError(file, 'this is a safetensors file, not a PyTorch .pth; tessera reads safetensors directly (load it with --model / loadSafetensors, no import needed)');
  return isZip(buf) ? readZipPth(buf, file) : readLegacyPth(buf, file);
}

/** An 8-byte header length that fits the file, then '{': safetensors, which users do pass to import. */
function looksLikeSafetensors(buf: Buffer): boolean {
  if (buf.length < 10) return false;
  const n = buf.readBigUInt64LE(0);
  return n <= BigInt(Math.min(buf.length - 8, MAX_HEADER_BYTES)) && buf[8] === 0x7b;
}

function readZipPth(buf: Buffer, file: string): unknown {
  const entries = readZip(buf, file);
  const pkl = [...entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) throw new PthError(file, 'a zip without <name>/data.pkl, so not a PyTorch checkpoint');
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = entries.get(`${prefix}byteorder`);
  if (order && order.read().toString().trim() !== 'little') throw new PthError(file, 'big-endian checkpoints are not supported');
  // No storage can hold more than the largest entry; no tensor set more than all entries twice over.
  const sizes = [...entries.values()].map((e) => e.size);
  const pickle = entries.get(pkl)!.read();
  const { value } = unpickle(pickle, stateDictHooks(file, storageFromPid(file, Math.max(0, ...sizes))), file);
  checkTree(value, pickle.length, file);
  return materialise(value, (ref) => {
    const e = entries.get(`${prefix}data/${ref.key}`);
    if (!e) throw new PthError(file, `storage ${ref.key} is missing from the archive`);
    return e.read();
  }, file, 2 * sizes.reduce((a, b) => a + b, 0));
}

function readLegacyPth(buf: Buffer, file: string): unknown {
  const plain: UnpickleHooks = {
    findGlobal: () => undefined,
    call: () => { throw new PthError(file, 'unexpected call in the header'); },
  };
  const neither = (why: string) => new PthError(file, `neither a zip PyTorch checkpoint nor a legacy one (${why})`);
  // A legacy file opens with a pickled magic number: a protocol-2 stream.
  if (buf[0] !== 0x80) throw neither('it does not start with a pickle stream');
  let r;
  try {
    r = unpickle(buf, plain, file);
  } catch (e) {
    throw e instanceof FormatError ? neither(e.why) : e;
  }
  if (r.value !== LEGACY_MAGIC) throw new PthError(file, 'not a PyTorch checkpoint (bad magic number)');
  const proto = unpickle(buf, plain, file, r.end);
  if (proto.value !== 1001) throw new PthError(file, `unsupported legacy protocol ${String(proto.value).slice(0, 40)}`);
  const sysInfo = unpickle(buf, plain, file, proto.end);
  const info = sysInfo.value instanceof Map ? sysInfo.value : new Map();
  if (info.get('little_endian') === false) throw new PthError(file, 'big-endian checkpoints are not supported');
  // Legacy persistent ids: ('storage', type, key, location, numel, view_metadata).
  const main = unpickle(buf, stateDictHooks(file, (pid) => {
    if (pid[5] !== null && pid[5] !== undefined) throw new PthError(file, 'storage views are not supported');
    return storageFromPid(file, buf.length)(pid);
  }), file, sysInfo.end);
  checkTree(main.value, buf.length, file);
  const keys = unpickle(buf, plain, file, main.end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string') || new Set(keys.value).size !== keys.value.length)
    throw new PthError(file, 'malformed storage key list (not distinct strings)');
  // Then each storage in that order: an int64 element count and the raw little-endian bytes.
  const offsets = new Map<string, [number, number]>();
  let p = keys.end;
  const refs = collectStorages(main.value);
  for (const key of keys.value as string[]) {
    if (p + 8 > buf.length) throw new PthError(file, `truncated storage ${key}`);
    const ref = refs.get(key);
    if (!ref) throw new PthError(file, `storage ${key} has no tensor`);
    const numel = buf.readBigInt64LE(p);
    if (numel < 0n || numel * BigInt(ITEM_SIZE[ref.dtype]) > BigInt(buf.length - p - 8))
      throw new PthError(file, `storage ${key} declares ${numel} elements, past the end of the file`);
    const len = Number(numel) * ITEM_SIZE[ref.dtype];
    offsets.set(key, [p + 8, p + 8 + len]);
    p += 8 + len;
  }
  return materialise(main.value, (ref) => {
    const o = offsets.get(ref.key);
    if (!o || o[1] > buf.length) throw new PthError(file, `storage ${ref.key} is missing or truncated`);
    return buf.subarray(o[0], o[1]);
  }, file, 2 * buf.length);
}

function collectStorages(v: unknown, out = new Map<string, StorageRef>()): Map<string, StorageRef> {
  if (v instanceof TensorRef) out.set(v.storage.key, v.storage);
  else if (v instanceof Map) for (const x of v.values()) collectStorages(x, out);
  else if (Array.isArray(v)) for (const x of v) collectStorages(x, out);
  return out;
}

/**
 * The state dict in a .pth: its tensors by key. Accepts a bare state dict or one nested under a key
 * ('state_dict', 'model', …: nested dicts are flattened with dots); a DataParallel 'module.' prefix is dropped.
 */
export function loadPthStateDict(file: string): Map<string, Tensor> {
  const tree = readPth(file);
  const out = new Map<string, Tensor>();
  const visit = (v: unknown, prefix: string) => {
    if (v instanceof Tensor) out.set(prefix, v);
    else if (v instanceof Map) for (const [k, x] of v) visit(x, prefix ? `${prefix}.${String(k)}` : String(k));
  };
  visit(tree, '');
  if (!out.size) throw new PthError(file, 'holds no tensors');
  // Unwrap {'state_dict': {...}} and DataParallel's 'module.' prefix (other heads are real module names).
  for (const head of ['state_dict.', 'module.']) {
    if (![...out.keys()].every((k) => k.startsWith(head))) continue;
    const inner = [...out].map(([k, t]) => [k.slice(head.length), t] as const);
    out.clear();
    for (const [k, t] of inner) out.set(k, t);
  }
  return out;
}
