// Builders for hand-made parser inputs: a safetensors file from any header, a zip archive whose fields
// a test can then overwrite, a pickle from opcodes, and a minimal .pth state dict around them.
import zlib from 'node:zlib';

/** 8-byte length + header text (or object, as JSON) + data bytes; `declaredLength` overrides the length. */
export function safetensorsBytes(header: string | object, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Buffer {
  const head = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(declaredLength ?? BigInt(head.length));
  return Buffer.concat([len, head, data]);
}

export interface ZipInput { name: string; data: Uint8Array; deflate?: boolean }
/** A zip plus where each entry's central and local headers start, for tests that corrupt fields. */
export interface BuiltZip { buf: Buffer; central: number[]; local: number[]; eocd: number }

/** A plain zip (no zip64, CRCs left 0: the reader does not check them). */
export function buildZip(entries: ZipInput[]): BuiltZip {
  const parts: Buffer[] = [];
  const local: number[] = [];
  const records: { name: Buffer; method: number; comp: number; size: number; at: number }[] = [];
  let at = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? zlib.deflateRawSync(e.data) : Buffer.from(e.data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(e.deflate ? 8 : 0, 8);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(e.data.length, 22);
    h.writeUInt16LE(name.length, 26);
    local.push(at);
    records.push({ name, method: e.deflate ? 8 : 0, comp: body.length, size: e.data.length, at });
    parts.push(h, name, body);
    at += 30 + name.length + body.length;
  }
  const cdStart = at;
  const central: number[] = [];
  for (const r of records) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(r.method, 10);
    c.writeUInt32LE(r.comp, 20);
    c.writeUInt32LE(r.size, 24);
    c.writeUInt16LE(r.name.length, 28);
    c.writeUInt32LE(r.at, 42);
    central.push(at);
    parts.push(c, r.name);
    at += 46 + r.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(at - cdStart, 12);
  end.writeUInt32LE(cdStart, 16);
  parts.push(end);
  return { buf: Buffer.concat(parts), central, local, eocd: at };
}

/** Pickle opcodes (protocol 2) for building streams by hand. */
export const op = {
  proto: '\x80\x02', stop: '.', mark: '(', tuple: 't', emptyDict: '}', emptyList: ']', setItem: 's', append: 'a',
  appends: 'e', reduce: 'R', binPersId: 'Q', newFalse: '\x89', emptyTuple: ')', dup: '2', pop: '0',
  binInt1: (n: number) => `K${String.fromCharCode(n)}`,
  binInt: (n: number) => { const b = Buffer.alloc(4); b.writeInt32LE(n); return `J${b.toString('latin1')}`; },
  str: (s: string) => { const b = Buffer.from(s, 'utf8'); const l = Buffer.alloc(4); l.writeUInt32LE(b.length); return `X${l.toString('latin1')}${b.toString('latin1')}`; },
  global: (module: string, name: string) => `c${module}\n${name}\n`,
  binPut: (i: number) => `q${String.fromCharCode(i)}`,
  binGet: (i: number) => `h${String.fromCharCode(i)}`,
  ints: (xs: number[]) => `(${xs.map((x) => op.binInt(x)).join('')}t`,
};

export const pickleBytes = (...ops: string[]) => Buffer.from(ops.join(''), 'latin1');

export interface TensorRecord { key: string; storage: string; numel: number; offset?: number; size: number[]; stride?: number[] }

/** The pickle torch.save writes for {key: tensor, …} with FloatStorage storages. */
export function stateDictPickle(tensors: TensorRecord[]): Buffer {
  const body = tensors.map((t) => {
    const stride = t.stride ?? t.size.map((_, i) => t.size.slice(i + 1).reduce((a, b) => a * b, 1));
    return op.str(t.key) + op.global('torch._utils', '_rebuild_tensor_v2') + op.mark
      + op.mark + op.str('storage') + op.global('torch', 'FloatStorage') + op.str(t.storage) + op.str('cpu') + op.binInt(t.numel) + op.tuple + op.binPersId
      + op.binInt(t.offset ?? 0) + op.ints(t.size) + op.ints(stride) + op.newFalse
      + op.global('collections', 'OrderedDict') + op.emptyTuple + op.reduce + op.tuple + op.reduce + op.setItem;
  }).join('');
  return pickleBytes(op.proto, op.emptyDict, body, op.stop);
}

/** A zip .pth: archive/data.pkl plus archive/data/<storage> float32 bytes for each storage. */
export function pthZip(pickle: Buffer, storages: Record<string, Float32Array>): Buffer {
  return buildZip([
    { name: 'archive/data.pkl', data: pickle },
    ...Object.entries(storages).map(([k, f]) => ({ name: `archive/data/${k}`, data: new Uint8Array(f.buffer, f.byteOffset, f.byteLength) })),
  ]).buf;
}

/** A train_state.json as the loop writes it (pix2pix, one optimizer, one pool). */
export const VALID_RUN_STATE = {
  format: 'tessera-train-state/1', epoch: 1, batchInEpoch: 2, iteration: 12, model: 'pix2pix',
  options: { lambdaL1: 100, epochLoss: { sum: 3.5, count: 2 } },
  scheduler: { epoch: 1, factor: 1, best: null, badEpochs: 0 },
  data: { seed: 7, epoch: 1, batchInEpoch: 2 },
  trainer: {
    optimizers: { G: { lr: 0.0002, betas: [0.5, 0.999], eps: 1e-8, weightDecay: 0, steps: [12, 12, 0] } },
    pools: { A: { rng: [1, 2, 3, 4294967295], count: 3 } },
  },
  networks: { G: 'net_G.safetensors', D: 'net_D.safetensors' },
};
