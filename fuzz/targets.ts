// What the fuzz campaign and the corpus replay test attack: per parser, its seeds (valid files from the
// project's own writers and PyTorch's), how to parse bytes (disposing what it made), and the one error
// type it may throw. Anything else escaping is a bug.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tensor, tidy } from '../src/engine/index.js';
import { FormatError, RunStateError, SafetensorsError, UnpicklingError, ZipError } from '../src/io/format-error.js';
import { unpickle, type UnpickleHooks } from '../src/io/pickle.js';
import { decodePth } from '../src/io/pth.js';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.js';
import { readZip } from '../src/io/zip.js';
import { decodeRunState } from '../src/train/run-state.js';
import { HttpError, parseJsonBody, parseRange } from '../src/server/http.js';
import { resolveUnder, servedRoot, type ServedRoot } from '../src/server/safe-path.js';
import { checkUpload, sniffFamily, uploadName } from '../src/server/sniff.js';
import { buildZip, pthZip, stateDictPickle, VALID_RUN_STATE } from '../test/helpers/hostile-files.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const fixture = (f: string) => fs.readFileSync(path.join(ROOT, 'test/fixtures', f));

export interface FuzzTarget {
  about: string;
  seeds(): Buffer[];
  parse(bytes: Buffer): void;
  /** The only error class allowed out of parse. */
  error: abstract new (...args: never[]) => Error;
}

const disposeTree = (v: unknown): void => {
  if (v && typeof (v as { dispose?: unknown }).dispose === 'function') (v as { dispose(): void }).dispose();
  else if (v instanceof Map) for (const x of v.values()) disposeTree(x);
  else if (Array.isArray(v)) for (const x of v) disposeTree(x);
};

const PTH_FIXTURES = ['unet_32_batch.pth', 'unet_32_batch.deflated.pth', 'unet_32_batch.legacy.pth', 'resnet_1blocks_oldstats.pth', 'pixel_wrapped.pth', 'evil.pth'];
const handMadePth = () => pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 6, size: [2, 2], offset: 2 }, { key: 'b', storage: '0', numel: 6, size: [2] }]), { 0: new Float32Array(6) });
const pickleOf = (pth: Buffer) => { const z = readZip(pth); return z.get([...z.keys()].find((k) => k.endsWith('data.pkl'))!)!.read(); };

// The pickle target resolves the names a checkpoint uses to inert tokens and "calls" them by returning
// their arguments: the unpickler's own machinery is what is under test.
const tokenHooks: UnpickleHooks = {
  findGlobal: (m, n) => (/^(collections|torch|torch\._utils)$/.test(m) ? { global: `${m}.${n}` } : undefined),
  call: (fn, args) => ((fn as { global?: string }).global === 'collections.OrderedDict' ? new Map() : { called: fn, args }),
  persistentLoad: (pid) => ({ pid }),
};

// The server target: one input is the parts of an upload or file request a client controls, one per line
// (Content-Type, X-File-Name, Range, the path under /files/work/), then the body. Each part goes through
// its parser; a refusal must be an HttpError with a 4xx status, and what is accepted must keep its promise.
let servedDir: ServedRoot | undefined;
function served(): ServedRoot {
  if (!servedDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-fuzz-served-'));
    fs.mkdirSync(path.join(dir, 'root', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'root', 'a.png'), 'a');
    fs.writeFileSync(path.join(dir, 'root', 'sub', 'b.txt'), 'b');
    fs.writeFileSync(path.join(dir, 'secret'), 'outside');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(dir, 'root', 'out-link'));
    fs.symlinkSync(path.join(dir, 'root', 'a.png'), path.join(dir, 'root', 'in-link'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    servedDir = servedRoot('work', path.join(dir, 'root'));
  }
  return servedDir;
}
const broken = (what: string) => { throw new Error(`broken promise: ${what}`); };
function serverRequest(bytes: Buffer): void {
  const text = bytes.toString('latin1'); // what node hands the server for header bytes
  const lines = text.split('\n', 4);
  const [type, nameHeader, rangeHeader, urlPath] = [0, 1, 2, 3].map((i) => lines[i] ?? '');
  const body = bytes.subarray(Math.min(bytes.length, lines.reduce((n, l) => n + l.length + 1, 0)));
  const refusals: HttpError[] = [];
  const refusable = (f: () => void) => {
    try { f(); } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      if (!(e.status >= 400 && e.status < 500) || e.message.includes('\n')) broken(`status ${e.status} / "${e.message}"`);
      refusals.push(e);
    }
  };
  const name = uploadName(nameHeader);
  if (!name || name.length > 120 || /[/\\\0-\x1f\x7f]/.test(name) || name === '.' || name === '..' || /[\ud800-\udbff]$/.test(name)) broken(`upload name ${JSON.stringify(name)}`);
  // as the server routes them: JSON to the API's bodies, anything else to the upload check
  if (/^application\/json\b/i.test(type)) refusable(() => { const v = parseJsonBody(body); if (typeof v !== 'object' || v === null || Array.isArray(v)) broken('a JSON body that is no object'); });
  else refusable(() => {
    const t = checkUpload(type, body.subarray(0, 16), name);
    if (sniffFamily(body.subarray(0, 16)) !== t.family) broken(`accepted ${t.family} for other bytes`);
  });
  const root = served();
  const v = resolveUnder(root, urlPath);
  if ('file' in v) {
    if (!v.file.startsWith(root.real + path.sep) || !fs.statSync(v.file).isFile()) broken(`served ${v.file}`);
  } else if (![400, 403, 404].includes(v.refused)) broken(`path refused with ${v.refused}`);
  const r = parseRange(rangeHeader, 1000);
  if (r && r !== 'unsatisfiable' && !(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end < 1000)) broken(`range ${JSON.stringify(r)}`);
  if (refusals.length) throw refusals[0];
}
const serverSeed = (lines: string[], body: Buffer) => Buffer.concat([Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1'), body]);
const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d4948445200000040000000300802000000', 'hex');

export const TARGETS: Record<string, FuzzTarget> = {
  safetensors: {
    about: 'decodeSafetensors: header, offsets, dtypes, shapes',
    seeds: () => [
      Buffer.concat(tidy(() => encodeSafetensors({ a: tensor([1, 2, 3, 4, 5, 6], [2, 3]), b: tensor([7], [1], { dtype: 'uint8' }), c: tensor([1, 2], [2], { dtype: 'int64' }) }, { 'tessera.arch': '{"netG":"unet_32"}' }))),
      Buffer.concat(tidy(() => encodeSafetensors({ z: tensor([], [0]), h: tensor([0.5, 1], [2]).to('float16') }))),
      fixture('models/forward_pixel_none.safetensors'), fixture('models/pixel_wrapped.expected.safetensors'),
    ],
    parse: (b) => { for (const t of decodeSafetensors(b, 'fuzz.safetensors').tensors.values()) t.dispose(); },
    error: SafetensorsError,
  },
  zip: {
    about: 'readZip and every entry read: directory, zip64, bombs, overlaps',
    seeds: () => [fixture('models/pixel_wrapped.pth'), fixture('models/unet_32_batch.deflated.pth'), handMadePth(),
      buildZip([{ name: 'a/x', data: new Uint8Array(3000).fill(1), deflate: true }, { name: 'a/y', data: Buffer.from('hello') }]).buf],
    parse: (b) => { for (const e of readZip(b, 'fuzz.zip').values()) e.read(); },
    error: ZipError,
  },
  pickle: {
    about: 'unpickle: opcodes, stack, memo, strings, globals',
    seeds: () => [pickleOf(fixture('models/pixel_wrapped.pth')), pickleOf(fixture('models/resnet_1blocks_oldstats.pth')), pickleOf(handMadePth()), pickleOf(fixture('models/evil.pth'))],
    parse: (b) => { unpickle(b, tokenHooks, 'fuzz.pkl'); },
    error: UnpicklingError,
  },
  pth: {
    about: 'decodePth (zip and legacy): the whole import path down to tensors',
    seeds: () => [...PTH_FIXTURES.map((f) => fixture(`models/${f}`)), handMadePth()],
    parse: (b) => disposeTree(decodePth(b, 'fuzz.pth')),
    error: FormatError, // zip, pickle and pth errors all name the file
  },
  'run-state': {
    about: 'decodeRunState: train_state.json',
    seeds: () => [Buffer.from(JSON.stringify(VALID_RUN_STATE, null, 1)), Buffer.from(JSON.stringify({ ...VALID_RUN_STATE, trainer: { ...VALID_RUN_STATE.trainer, recipe: { size: 256 } } }))],
    parse: (b) => { decodeRunState(b, 'fuzz/train_state.json'); },
    error: RunStateError,
  },
  server: {
    about: "the server's upload and request parsing: Content-Type against the bytes, X-File-Name, JSON bodies, file paths, Range",
    seeds: () => [
      serverSeed(['image/png', 'photo.png', 'bytes=0-99', 'sub/b.txt'], PNG_HEAD),
      serverSeed(['application/json', '%2e%2e%2fetc%2fpasswd', 'bytes=-5', '..%2f..%2fsecret'], Buffer.from('{"upload":"abc","regions":["box:1,2,3,4"],"n":[1,[2,{"a":null}]]}')),
      serverSeed(['video/mp4; charset=binary', '..\\..\\x.mp4', 'bytes=5-', 'in-link'], Buffer.from('000000186674797069736f6d0000020069736f6d', 'hex')),
      serverSeed(['video/webm', 'é%E9%ZZ.webm', '', 'out-link'], Buffer.from('1a45dfa3a34286810142f7810142f2810442f381084282847765626d', 'hex')),
    ],
    parse: serverRequest,
    error: HttpError,
  },
};

/** Where inputs that ever failed a target are kept; the replay test reads them all. */
export const corpusDir = (target: string) => path.join(ROOT, 'test/fuzz-corpus', target);

/** Null when `e` is the target's own one-line error (a refusal), else what escaped instead. */
export function unexpected(target: FuzzTarget, e: unknown): string | null {
  if (e instanceof target.error && !e.message.includes('\n')) return null;
  return `${e instanceof Error ? e.constructor.name : typeof e}: ${String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 200)}`;
}

/** Runs one input: null when it passed (parsed, or refused with the target's own error), else why not. */
export function verdict(target: FuzzTarget, bytes: Buffer): string | null {
  try {
    target.parse(bytes);
    return null;
  } catch (e) {
    return unexpected(target, e);
  }
}
