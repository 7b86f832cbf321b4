// A small zip reader for PyTorch archives: central directory, stored and deflated entries, zip64 sizes.
// Reads from a buffer in memory (checkpoints are loaded whole anyway).
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's bytes (inflated when deflated). */
  read(): Buffer;
}

const EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOCATOR = 0x07064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

export function isZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

export function readZip(buf: Buffer, source = 'zip'): Map<string, ZipEntry> {
  const fail = (why: string): never => { throw new Error(`${source}: not a readable zip archive (${why})`); };
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (after an optional comment).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) fail('no end-of-central-directory record');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === EOCD64_LOCATOR) {
    const at = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== EOCD64) fail('bad zip64 end record');
    count = Number(buf.readBigUInt64LE(at + 32));
    cdOffset = Number(buf.readBigUInt64LE(at + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) fail(`bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    let compSize = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64: the 0xffffffff fields are given, in order, in extra field 0x0001.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = buf.readUInt16LE(e), len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) { size = Number(buf.readBigUInt64LE(q)); q += 8; }
        if (compSize === 0xffffffff) { compSize = Number(buf.readBigUInt64LE(q)); q += 8; }
        if (local === 0xffffffff) { local = Number(buf.readBigUInt64LE(q)); q += 8; }
      }
      e += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (method !== 0 && method !== 8) fail(`entry ${name} uses compression method ${method} (only stored and deflate are supported)`);
    const read = (): Buffer => {
      if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) fail(`entry ${name} has no local header`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      if (start + compSize > buf.length) fail(`entry ${name} runs past the end of the file`);
      const raw = buf.subarray(start, start + compSize);
      const out = method === 0 ? raw : zlib.inflateRawSync(raw);
      if (out.length !== size) fail(`entry ${name} is ${out.length} bytes, its header says ${size}`);
      return out;
    };
    entries.set(name, { name, read });
  }
  return entries;
}
