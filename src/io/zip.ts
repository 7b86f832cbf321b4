// A small zip reader for PyTorch archives: central directory, stored and deflated entries, zip64 sizes.
// Reads from a buffer in memory (checkpoints are loaded whole anyway). Every entry is checked before
// anything is inflated: its data lies inside the file, before the central directory, overlaps no other
// entry, and its declared size is one deflate could produce from its compressed bytes; inflating
// stops at the declared size. So what an archive can make us allocate is bounded by its own length.
import zlib from 'node:zlib';
import { strictUtf8, ZipError } from './format-error.js';

export interface ZipEntry {
  name: string;
  /** Its declared uncompressed size (checked against the bytes when read). */
  size: number;
  /** The entry's bytes (inflated when deflated). */
  read(): Buffer;
}

export interface ZipLimits {
  /** Most uncompressed bytes all deflated entries together may declare. */
  maxInflatedBytes?: number;
}

const EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOCATOR = 0x07064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
// Deflate cannot expand its input more than ~1032:1; an entry that claims more is lying.
const DEFLATE_MAX_RATIO = 1032;

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

interface Located { name: string; method: number; compSize: number; size: number; local: number; start: number }

export function readZip(buf: Buffer, source = 'zip', limits: ZipLimits = {}): Map<string, ZipEntry> {
  const fail = (why: string): never => { throw new ZipError(source, `not a readable zip archive (${why})`); };
  const maxInflated = limits.maxInflatedBytes ?? 2 ** 31;
  const u64 = (at: number, what: string) => {
    const v = buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} ${v} is not a plausible size or offset`);
    return Number(v);
  };
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (after an optional comment).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) fail('no end-of-central-directory record');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  let cdEnd = eocd;
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === EOCD64_LOCATOR) {
    const at = u64(eocd - 20 + 8, 'zip64 end record offset');
    if (at + 56 > eocd - 20 || buf.readUInt32LE(at) !== EOCD64) fail('bad zip64 end record');
    count = u64(at + 32, 'zip64 entry count');
    cdOffset = u64(at + 48, 'zip64 central directory offset');
    cdEnd = at;
  }
  // Each central entry takes at least 46 bytes: a count the directory cannot hold is refused up front.
  if (cdOffset > cdEnd || count * 46 > cdEnd - cdOffset) fail(`central directory of ${count} entries at ${cdOffset} does not fit the file`);

  const located: Located[] = [];
  const names = new Set<string>();
  let inflated = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdEnd || buf.readUInt32LE(p) !== CENTRAL) fail(`bad central directory entry ${n}`);
    const flags = buf.readUInt16LE(p + 8), method = buf.readUInt16LE(p + 10);
    let compSize = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const extraStart = p + 46 + nameLen, next = extraStart + extraLen + commentLen;
    if (next > cdEnd) fail(`central directory entry ${n} runs past the directory`);
    const name = strictUtf8(buf.subarray(p + 46, extraStart)) ?? fail(`entry ${n} has a name that is not UTF-8`);
    const what = `entry ${JSON.stringify(name.slice(0, 80))}`;
    if (names.has(name)) fail(`duplicate ${what}`);
    names.add(name);
    if (flags & 1) fail(`${what} is encrypted`);
    // zip64: the 0xffffffff fields are given, in order, in extra field 0x0001.
    for (let e = extraStart; e + 4 <= extraStart + extraLen;) {
      const id = buf.readUInt16LE(e), len = buf.readUInt16LE(e + 2);
      const end = e + 4 + len;
      if (end > extraStart + extraLen) fail(`${what} has an extra field past its end`);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (what64: string) => {
          if (q + 8 > end) fail(`${what} has a zip64 field too short for its ${what64}`);
          const v = u64(q, `${what} zip64 ${what64}`);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take('size');
        if (compSize === 0xffffffff) compSize = take('compressed size');
        if (local === 0xffffffff) local = take('header offset');
      }
      e = end;
    }
    p = next;
    if (method !== 0 && method !== 8) fail(`${what} uses compression method ${method} (only stored and deflate are supported)`);
    if (method === 0 && size !== compSize) fail(`${what} is stored but declares ${size} bytes for ${compSize}`);
    if (method === 8) {
      if (size > compSize * DEFLATE_MAX_RATIO + 64) fail(`${what} declares ${size} bytes from ${compSize} compressed, more than deflate can produce (a zip bomb?)`);
      inflated += size;
      if (inflated > maxInflated) fail(`its deflated entries declare more than ${maxInflated} bytes in all`);
    }
    if (local + 30 > cdOffset || buf.readUInt32LE(local) !== LOCAL) fail(`${what} has no local header inside the file`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compSize > cdOffset) fail(`${what} runs past the start of the central directory`);
    located.push({ name, method, compSize, size, local, start });
  }
  // Entries whose bytes overlap are how non-recursive zip bombs multiply one kernel many times over.
  const byOffset = [...located].sort((a, b) => a.local - b.local);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!, cur = byOffset[i]!;
    if (cur.local < prev.start + prev.compSize)
      fail(`entries ${JSON.stringify(prev.name.slice(0, 80))} and ${JSON.stringify(cur.name.slice(0, 80))} overlap`);
  }

  const entries = new Map<string, ZipEntry>();
  for (const e of located) {
    const read = (): Buffer => {
      const raw = buf.subarray(e.start, e.start + e.compSize);
      let out: Buffer;
      try {
        // maxOutputLength: inflation stops at the declared size instead of running on
        out = e.method === 0 ? raw : zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return fail(`entry ${JSON.stringify(e.name.slice(0, 80))} ${code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past its declared ${e.size} bytes` : `does not inflate (${(err as Error).message})`}`);
      }
      if (out.length !== e.size) fail(`entry ${JSON.stringify(e.name.slice(0, 80))} is ${out.length} bytes, its header says ${e.size}`);
      return out;
    };
    entries.set(e.name, { name: e.name, size: e.size, read });
  }
  return entries;
}
