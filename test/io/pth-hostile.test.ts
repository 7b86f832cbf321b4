// Hostile .pth files and pickles: refused with the parser's own error (a FormatError naming the file),
// never executed, never allowed to allocate more than the file holds, never recursing without bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tensor, tidy } from '../../src/engine/index.js';
import { FormatError, PthError, UnpicklingError } from '../../src/io/format-error.js';
import { unpickle, type UnpickleHooks } from '../../src/io/pickle.js';
import { loadPthStateDict, readPth } from '../../src/io/pth.js';
import { saveSafetensors } from '../../src/io/safetensors.js';
import { op, pickleBytes, pthZip, stateDictPickle } from '../helpers/hostile-files.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-pth-hostile-'));
let n = 0;
const write = (bytes: Uint8Array) => { const f = path.join(dir, `f${n++}.pth`); fs.writeFileSync(f, bytes); return f; };
const refused = (bytes: Uint8Array, why: RegExp, type: typeof FormatError = FormatError) => {
  const f = write(bytes);
  assert.throws(() => loadPthStateDict(f), (e: unknown) => {
    assert.ok(e instanceof type, `not a ${type.name}: ${String((e as Error).stack)}`);
    assert.ok((e as Error).message.startsWith(`${f}: `), (e as Error).message);
    assert.match((e as Error).message, why);
    return true;
  });
};
const plain: UnpickleHooks = { findGlobal: () => undefined, call: () => assert.fail('never called') };
const unpickleRefused = (ops: string[], why: RegExp) =>
  assert.throws(() => unpickle(pickleBytes(...ops), plain, 'x.pkl'), (e: unknown) => e instanceof UnpicklingError && /^x\.pkl: /.test(e.message) && why.test(e.message));

test('a hand-made state dict reads; its tensors are views into their storage', () => {
  const pkl = stateDictPickle([{ key: 'w', storage: '0', numel: 6, size: [2, 2], offset: 2 }, { key: 'b', storage: '0', numel: 6, size: [2] }]);
  const sd = loadPthStateDict(write(pthZip(pkl, { 0: new Float32Array([0, 1, 2, 3, 4, 5]) })));
  assert.deepEqual(sd.get('w')!.toArray(), [2, 3, 4, 5]);
  assert.deepEqual(sd.get('b')!.toArray(), [0, 1]);
  for (const t of sd.values()) t.dispose();
});

test('sizes, strides and offsets past the storage, or an expansion beyond it, are refused before allocating', () => {
  const storage = { 0: new Float32Array(4) };
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 4, size: [5] }]), storage), /reaches past the end of storage 0/, PthError);
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 4, size: [2], offset: 3 }]), storage), /reaches past/, PthError);
  // stride 0: 2^40 elements from 4 floats
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 4, size: [1 << 20, 1 << 20], stride: [0, 0] }]), storage), /more elements than its storage/, PthError);
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 4, size: [-1] }]), storage), /malformed tensor record/, PthError);
  // a storage declaring more elements than the archive holds
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 2 ** 30, size: [4] }]), storage), /declares 1073741824 elements, more than the file can hold/, PthError);
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '0', numel: 8, size: [8] }]), storage), /storage 0 is shorter than its 8 elements/, PthError);
  refused(pthZip(stateDictPickle([{ key: 'w', storage: '9', numel: 4, size: [4] }]), storage), /storage 9 is missing/, PthError);
  // one storage declared small for the first tensor and large for the second (found by the fuzzer, seed 2):
  // the second was checked against its own record, then read past the storage made for the first
  refused(pthZip(stateDictPickle([{ key: 'a', storage: '0', numel: 2, size: [2] }, { key: 'b', storage: '0', numel: 4, size: [4] }]), storage),
    /storage 0 is declared twice, as 2 float32 and as 4 float32 elements/, PthError);
});

test('many tensors over one storage cannot multiply it past twice the archive', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({ key: `w${i}`, storage: '0', numel: 1024, size: [1024] }));
  refused(pthZip(stateDictPickle(records), { 0: new Float32Array(1024) }), /tensors add up to more than/, PthError);
});

test('cycles, deep nesting and shared-reference blow-ups in the pickle are refused', () => {
  const wrap = (...body: string[]) => pthZip(pickleBytes(op.proto, ...body, op.stop), {});
  // a list that holds itself: [L] where L is memo 0
  refused(wrap(op.emptyList, op.binPut(0), op.binGet(0), op.append), /nests deeper than 64 levels \(or holds a cycle\)|expands to more than/, PthError);
  refused(wrap(op.str('x'.repeat(300)), op.pop, op.emptyList, op.binPut(0), op.binGet(0), op.append), /nests deeper than 64 levels \(or holds a cycle\)/, PthError);
  refused(wrap(op.emptyList, ...Array.from({ length: 200 }, () => op.emptyList + op.append).join('').split('')), /nests deeper|expands to more|holds no tensors/, PthError);
  // each level holds the previous one twice: 2^40 leaves from a few hundred bytes
  const levels = [op.emptyList, op.binPut(0)];
  for (let i = 1; i < 40; i++) levels.push(op.emptyList, op.binGet(i - 1), op.append, op.binGet(i - 1), op.append, op.binPut(i));
  refused(wrap(...levels), /expands to more than \d+ values/, PthError);
});

test('globals outside the allow-list and calls of allowed names that are not callables are refused, never run', () => {
  const marker = path.join(dir, 'ran');
  refused(pthZip(pickleBytes(op.proto, op.global('os', 'system'), op.str(`touch ${marker}`), '\x85', op.reduce, op.stop), {}), /refused global 'os\.system'.*nothing was executed/, UnpicklingError);
  refused(pthZip(pickleBytes(op.proto, op.global('torch', 'FloatStorage'), op.emptyTuple, op.reduce, op.stop), {}), /only OrderedDict and tensor rebuilds may be called/, PthError);
  // a value that no GLOBAL gave (a string, None) is refused by the unpickler before any hook sees it
  refused(pthZip(pickleBytes(op.proto, op.str('x'), op.emptyTuple, op.reduce, op.stop), {}), /REDUCE calls something that is not an allowed global/, UnpicklingError);
  refused(pthZip(pickleBytes(op.proto, 'N', op.emptyTuple, op.reduce, op.stop), {}), /REDUCE calls something that is not an allowed global/, UnpicklingError);
  refused(pthZip(pickleBytes(op.proto, 'N', op.emptyTuple, '\x81', op.stop), {}), /NEWOBJ calls something that is not an allowed global/, UnpicklingError);
  assert.equal(fs.existsSync(marker), false);
});

test('the unpickler refuses stack and memo abuse, bad strings and unknown opcodes', () => {
  unpickleRefused([op.proto, op.stop], /stack underflow/);
  unpickleRefused([op.proto, op.mark, op.stop], /a MARK where a value was expected/);
  unpickleRefused([op.proto, op.mark, op.dup, op.stop], /a MARK where a value was expected/);
  unpickleRefused([op.proto, op.binGet(3), op.stop], /memo 3 read before it was written/);
  unpickleRefused([op.proto, op.emptyDict, op.mark, op.binInt1(1), 'u', op.stop], /a key and no value/);
  unpickleRefused([op.proto, op.binInt1(1), op.binInt1(2), op.setItem, op.stop], /stack underflow|not a dict/);
  unpickleRefused([op.proto, 'X\xff\xff\xff\x7fab', op.stop], /truncated pickle/);
  unpickleRefused([op.proto, '\x8d\xff\xff\xff\xff\xff\xff\xff\xff', op.stop], /truncated pickle/);
  unpickleRefused([op.proto, 'X\x02\x00\x00\x00\xc3\x28', op.stop], /not UTF-8/);
  unpickleRefused([op.proto, 'I1e9\n', op.stop], /not a plain integer/);
  unpickleRefused([op.proto, 'i', op.stop], /unsupported pickle opcode 0x69/);
  unpickleRefused([op.proto, 'K'], /truncated pickle/);
  // a long APPENDS run (push(...items) would overflow the call stack)
  const long = unpickle(pickleBytes(op.proto, op.emptyList, op.mark, 'N'.repeat(300000), op.appends, op.stop), plain);
  assert.equal((long.value as unknown[]).length, 300000);
});

test('tessera import of a safetensors file, or of text, says what the file is', () => {
  const st = path.join(dir, 'model.safetensors');
  tidy(() => saveSafetensors(st, { w: tensor([1], [1]) }));
  assert.throws(() => readPth(st), (e: unknown) => e instanceof PthError && /model\.safetensors: this is a safetensors file, not a PyTorch \.pth/.test(e.message));
  const cli = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../src/cli/main.js'), 'import', st, '-o', path.join(dir, 'out.safetensors')], { encoding: 'utf8' });
  assert.notEqual(cli.status, 0);
  assert.match(cli.stderr, /^tessera: .*model\.safetensors: this is a safetensors file, not a PyTorch \.pth/);
  assert.equal(cli.stderr.trim().split('\n').length, 1);
  refused(Buffer.from('hello'), /neither a zip PyTorch checkpoint nor a legacy one \(it does not start with a pickle stream\)/, PthError);
  refused(Buffer.from('\x80\x02K', 'latin1'), /neither a zip PyTorch checkpoint nor a legacy one \(truncated pickle/, PthError);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
