// PyTorch checkpoint import (`torch.save` of a state dict), read without running any of its code:
// the zip format (`<name>/data.pkl` + `<name>/data/<key>` storages, PyTorch ≥ 1.6) and the legacy
// stream format (magic, protocol, sys info, the pickle, storage keys, raw storages). The pickle goes
// through the restricted unpickler: only OrderedDict, tensor/parameter rebuilds and storage types pass.
import { native } from '../engine/native.js';
import { call, Tensor, tidy, viewBytesAs, type DType } from '../engine/index.js';
import { readFileNamed } from './atomic.js';
import { unpickle, type UnpickleHooks } from './pickle.js';
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
  const bad = (why: string): never => { throw new Error(`${source}: ${why}`); };
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
        if (!(storage instanceof StorageRef) || typeof offset !== 'number' || !Array.isArray(size) || !Array.isArray(stride))
          bad('malformed tensor record');
        return new TensorRef(storage as StorageRef, offset as number, size as number[], stride as number[]);
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

function storageFromPid(source: string) {
  return (pid: unknown[]): StorageRef => {
    const [, type, key, , numel] = pid;
    if (!(type instanceof StorageType)) throw new Error(`${source}: storage of an unknown type`);
    return new StorageRef(String(key), type.dtype, Number(numel));
  };
}

/** Builds tensors for every TensorRef in the tree (dicts become Maps), copying out of the raw storages. */
function materialise(tree: unknown, storageBytes: (ref: StorageRef) => Uint8Array, source: string): unknown {
  const storages = new Map<string, Tensor>();
  const storageTensor = (ref: StorageRef): Tensor => {
    let t = storages.get(ref.key);
    if (!t) {
      const bytes = storageBytes(ref);
      const size = ITEM_SIZE[ref.dtype];
      if (bytes.length < ref.numel * size) throw new Error(`${source}: storage ${ref.key} is shorter than its ${ref.numel} elements`);
      const copy = Uint8Array.prototype.slice.call(bytes, 0, ref.numel * size); // an aligned copy (Buffer#slice would alias)
      t = new Tensor(native.fromArray(viewBytesAs(copy, ref.dtype), [ref.numel], ref.dtype));
      storages.set(ref.key, t);
    }
    return t;
  };
  const walk = (v: unknown): unknown => {
    if (v instanceof TensorRef) {
      const need = v.size.reduce((a, d, i) => a + (d - 1) * v.stride[i]!, v.offset + 1);
      if (v.size.some((d) => d === 0))
        return new Tensor(native.fromArray(viewBytesAs(new Uint8Array(0), v.storage.dtype), v.size, v.storage.dtype));
      if (need > v.storage.numel) throw new Error(`${source}: a tensor reaches past the end of storage ${v.storage.key}`);
      return tidy(() => call('aten::as_strided', [storageTensor(v.storage), v.size, v.stride, v.offset]).contiguous().clone());
    }
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x)]));
    if (Array.isArray(v)) return v.map(walk);
    return v;
  };
  try {
    return walk(tree);
  } finally {
    for (const t of storages.values()) t.dispose();
  }
}

/** Reads a torch.save file into plain values: Maps for dicts, arrays for lists/tuples, Tensors for tensors. */
export function readPth(file: string): unknown {
  const buf = readFileNamed(file);
  return isZip(buf) ? readZipPth(buf, file) : readLegacyPth(buf, file);
}

function readZipPth(buf: Buffer, file: string): unknown {
  const entries = readZip(buf, file);
  const pkl = [...entries.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) throw new Error(`${file}: a zip without <name>/data.pkl, so not a PyTorch checkpoint`);
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = entries.get(`${prefix}byteorder`);
  if (order && order.read().toString().trim() !== 'little') throw new Error(`${file}: big-endian checkpoints are not supported`);
  const { value } = unpickle(entries.get(pkl)!.read(), stateDictHooks(file, storageFromPid(file)), file);
  return materialise(value, (ref) => {
    const e = entries.get(`${prefix}data/${ref.key}`);
    if (!e) throw new Error(`${file}: storage ${ref.key} is missing from the archive`);
    return e.read();
  }, file);
}

function readLegacyPth(buf: Buffer, file: string): unknown {
  const plain: UnpickleHooks = {
    findGlobal: () => undefined,
    call: () => { throw new Error(`${file}: unexpected call in the header`); },
  };
  let r;
  try {
    r = unpickle(buf, plain, file);
  } catch (e) {
    throw new Error(`${file}: neither a zip PyTorch checkpoint nor a legacy one (${(e as Error).message.replace(`${file}: `, '')})`);
  }
  if (r.value !== LEGACY_MAGIC) throw new Error(`${file}: not a PyTorch checkpoint (bad magic number)`);
  const proto = unpickle(buf, plain, file, r.end);
  if (proto.value !== 1001) throw new Error(`${file}: unsupported legacy protocol ${String(proto.value)}`);
  const sysInfo = unpickle(buf, plain, file, proto.end);
  const info = sysInfo.value instanceof Map ? sysInfo.value : new Map();
  if (info.get('little_endian') === false) throw new Error(`${file}: big-endian checkpoints are not supported`);
  // Legacy persistent ids: ('storage', type, key, location, numel, view_metadata).
  const main = unpickle(buf, stateDictHooks(file, (pid) => {
    if (pid[5] !== null && pid[5] !== undefined) throw new Error(`${file}: storage views are not supported`);
    return storageFromPid(file)(pid);
  }), file, sysInfo.end);
  const keys = unpickle(buf, plain, file, main.end);
  if (!Array.isArray(keys.value)) throw new Error(`${file}: malformed storage key list`);
  // Then each storage in that order: an int64 element count and the raw little-endian bytes.
  const offsets = new Map<string, [number, number]>();
  let p = keys.end;
  const refs = collectStorages(main.value);
  for (const key of keys.value as string[]) {
    if (p + 8 > buf.length) throw new Error(`${file}: truncated storage ${key}`);
    const numel = Number(buf.readBigInt64LE(p));
    const ref = refs.get(key);
    if (!ref) throw new Error(`${file}: storage ${key} has no tensor`);
    const len = numel * ITEM_SIZE[ref.dtype];
    offsets.set(key, [p + 8, p + 8 + len]);
    p += 8 + len;
  }
  return materialise(main.value, (ref) => {
    const o = offsets.get(ref.key);
    if (!o || o[1] > buf.length) throw new Error(`${file}: storage ${ref.key} is missing or truncated`);
    return buf.subarray(o[0], o[1]);
  }, file);
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
  if (!out.size) throw new Error(`${file}: holds no tensors`);
  // Unwrap {'state_dict': {...}} and DataParallel's 'module.' prefix (other heads are real module names).
  for (const head of ['state_dict.', 'module.']) {
    if (![...out.keys()].every((k) => k.startsWith(head))) continue;
    const inner = [...out].map(([k, t]) => [k.slice(head.length), t] as const);
    out.clear();
    for (const [k, t] of inner) out.set(k, t);
  }
  return out;
}
