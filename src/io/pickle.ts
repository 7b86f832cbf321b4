// A restricted unpickler. It interprets the pickle opcodes that a saved state dict uses, and resolves
// globals only through an allow-list given by the caller; any other global (os.system, builtins.eval, …)
// is refused the moment it is named. Nothing in the stream is ever executed: "calls" are evaluated by
// the caller's handlers for the allowed names only. Every opcode pushes at most one value, so the
// stack and memo stay within the stream's length; structures can still share or cycle through the memo,
// which their consumer must bound (pth.ts does).
import { strictUtf8, UnpicklingError } from './format-error.js';

/** A global the caller allowed, e.g. collections.OrderedDict; what `value` is is up to the caller. */
export interface PickleGlobal { module: string; name: string; value: unknown }

export interface UnpickleHooks {
  /** Returns the value for an allowed global, or undefined to refuse it. */
  findGlobal(module: string, name: string): unknown;
  /** Applies an allowed callable (from findGlobal) to its arguments (REDUCE / NEWOBJ). */
  call(fn: unknown, args: unknown[]): unknown;
  /** Resolves a persistent id (PyTorch uses them for tensor storages). */
  persistentLoad?(pid: unknown): unknown;
  /** BUILD on an object: sets state (PyTorch: OrderedDict._metadata); default ignores it. */
  build?(obj: unknown, state: unknown): unknown;
}

export { UnpicklingError };

/** A dict in the pickle: keys may be strings or numbers, order is kept. */
export type PickleDict = Map<unknown, unknown>;

const MARK = Symbol('mark');

export interface UnpickleResult { value: unknown; end: number }

/** Unpickles one object starting at `offset`; returns it and the offset just after STOP. */
export function unpickle(buf: Uint8Array, hooks: UnpickleHooks, source = 'pickle', offset = 0): UnpickleResult {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = offset;
  const fail = (why: string): never => { throw new UnpicklingError(source, why); };
  const need = (n: number) => { if (p + n > buf.length) fail(`truncated pickle at byte ${p}`); };
  const u8 = () => { need(1); return buf[p++]!; };
  const u16 = () => { need(2); const v = view.getUint16(p, true); p += 2; return v; };
  const u32 = () => { need(4); const v = view.getUint32(p, true); p += 4; return v; };
  const i32 = () => { need(4); const v = view.getInt32(p, true); p += 4; return v; };
  const bytes = (n: number) => { need(n); const b = buf.subarray(p, p + n); p += n; return b; };
  const utf8 = (n: number) => strictUtf8(bytes(n)) ?? fail(`a string at byte ${p - n} is not UTF-8`);
  const line = () => {
    const end = buf.indexOf(0x0a, p);
    if (end < 0) fail('unterminated text line');
    const s = Buffer.from(buf.subarray(p, end)).toString('latin1');
    p = end + 1;
    return s;
  };
  // A MARK is bookkeeping, never a value: popping one as a value is a malformed stream.
  const pop = () => {
    if (!stack.length) fail(`stack underflow at byte ${p - 1}`);
    const v = stack.pop();
    if (v === MARK) fail(`a MARK where a value was expected at byte ${p - 1}`);
    return v;
  };
  const top = () => {
    const v = stack.length ? stack[stack.length - 1] : fail(`stack underflow at byte ${p - 1}`);
    if (v === MARK) fail(`a MARK where a value was expected at byte ${p - 1}`);
    return v;
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('no MARK on the stack');
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  // what findGlobal gave: the only values REDUCE / NEWOBJ may call (a None, a number or a string on the
  // stack is refused here, so no hook ever sees one as a callable)
  const callables = new Set<unknown>();
  const global = (module: string, name: string) => {
    const v = hooks.findGlobal(module, name);
    if (v === undefined)
      fail(`refused global '${module}.${name}': only tensors, storages and ordered dicts may be loaded (the file may be malicious; nothing was executed)`);
    callables.add(v);
    return v;
  };
  const setItems = (d: unknown, kv: unknown[]) => {
    if (!(d instanceof Map)) fail('SETITEM on something that is not a dict');
    if (kv.length % 2) fail('SETITEMS with a key and no value');
    for (let i = 0; i + 1 < kv.length; i += 2) (d as PickleDict).set(kv[i], kv[i + 1]);
  };
  const appendItems = (l: unknown, items: unknown[]) => {
    if (!Array.isArray(l)) fail('APPEND on something that is not a list');
    for (const v of items) (l as unknown[]).push(v); // not push(...items): a long run would overflow the call stack
  };

  for (;;) {
    const at = p;
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: bytes(8); break; // FRAME: a length hint only
      case 0x2e: return { value: pop(), end: p }; // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { // LONG1: little-endian two's complement
        const b = bytes(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (b.length && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: { need(8); stack.push(view.getFloat64(p, false)); p += 8; break; } // BINFLOAT (big-endian)
      case 0x49: { // INT (text, protocol 0): also True/False as 01/00
        const s = line();
        if (!/^[-+]?\d{1,18}L?$/.test(s)) fail(`INT ${JSON.stringify(s.slice(0, 20))} is not a plain integer`);
        stack.push(s === '01' ? true : s === '00' ? false : Number(s.replace('L', '')));
        break;
      }
      case 0x58: stack.push(utf8(u32())); break; // BINUNICODE
      case 0x8c: stack.push(utf8(u8())); break; // SHORT_BINUNICODE
      case 0x8d: { need(8); const n = Number(view.getBigUint64(p, true)); p += 8; stack.push(utf8(n)); break; } // BINUNICODE8
      case 0x55: stack.push(Buffer.from(bytes(u8())).toString('latin1')); break; // SHORT_BINSTRING
      case 0x54: stack.push(Buffer.from(bytes(u32())).toString('latin1')); break; // BINSTRING
      case 0x43: stack.push(bytes(u8())); break; // SHORT_BINBYTES
      case 0x42: stack.push(bytes(u32())); break; // BINBYTES
      case 0x29: stack.push([]); break; // EMPTY_TUPLE (tuples are arrays)
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { const kv = popMark(); const d = new Map(); setItems(d, kv); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(), k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems(top(), kv); break; } // SETITEMS
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) fail(`memo ${i} read before it was written`);
        stack.push(memo.get(i));
        break;
      }
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: case 0x81: { // REDUCE, NEWOBJ: only allowed globals can be on the stack to be called
        const args = pop(), fn = pop();
        if (!callables.has(fn)) fail(`${op === 0x52 ? 'REDUCE' : 'NEWOBJ'} calls something that is not an allowed global (refused; nothing was executed)`);
        if (!Array.isArray(args)) fail('call arguments are not a tuple');
        stack.push(hooks.call(fn, args as unknown[]));
        break;
      }
      case 0x62: { const state = pop(); const obj = pop(); stack.push(hooks.build ? hooks.build(obj, state) : obj); break; } // BUILD
      case 0x51: { // BINPERSID
        if (!hooks.persistentLoad) fail('persistent ids are not allowed here');
        stack.push(hooks.persistentLoad!(pop()));
        break;
      }
      default:
        fail(`unsupported pickle opcode 0x${op.toString(16)} at byte ${at} (refused; only plain data, tensors and ordered dicts are read)`);
    }
  }
}
