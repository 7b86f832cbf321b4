// Hostile zip archives: bombs, lying sizes, entries outside the file or on top of each other, zip64
// fields that do not fit, duplicate names. Each is a ZipError naming the file, decided before inflating.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { ZipError } from '../../src/io/format-error.js';
import { readZip } from '../../src/io/zip.js';
import { buildZip } from '../helpers/hostile-files.js';

const refused = (buf: Buffer, why: RegExp, readEntries = false) =>
  assert.throws(() => { const m = readZip(buf, 'bad.zip'); if (readEntries) for (const e of m.values()) e.read(); }, (e: unknown) => {
    assert.ok(e instanceof ZipError, `not a ZipError: ${String(e)}`);
    assert.match(e.message, /^bad\.zip: not a readable zip archive \(/);
    assert.match(e.message, why);
    return true;
  });
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

test('a well-formed archive reads, stored and deflated', () => {
  const z = readZip(buildZip([{ name: 'a', data: bytes(10) }, { name: 'b', data: bytes(5000, 1), deflate: true }]).buf);
  assert.deepEqual([...z.get('a')!.read()], [...bytes(10)]);
  assert.equal(z.get('b')!.read().length, 5000);
});

test('a deflate bomb is refused by its declared ratio, its total, or when it inflates past its declared size', () => {
  const zeros = new Uint8Array(4 << 20); // 4 MiB of zeros deflate to ~4 KB: within deflate's ratio, but...
  const z = buildZip([{ name: 'bomb', data: zeros, deflate: true }]);
  // ... a declared size over ~1032× the compressed bytes is impossible, so a lie
  const lie = Buffer.from(z.buf); lie.writeUInt32LE(0xfffffff0, z.central[0]! + 24);
  refused(lie, /more than deflate can produce/);
  assert.throws(() => readZip(z.buf, 'bad.zip', { maxInflatedBytes: 1 << 20 }), /declare more than 1048576 bytes in all/);
  // declared small, inflates large: inflation stops at the declared size
  const small = Buffer.from(z.buf); small.writeUInt32LE(1000, z.central[0]! + 24);
  refused(small, /inflates past its declared 1000 bytes/, true);
  const garbage = buildZip([{ name: 'x', data: bytes(100), deflate: true }]);
  garbage.buf.fill(0xff, garbage.local[0]! + 31, garbage.local[0]! + 35);
  refused(garbage.buf, /does not inflate|inflates past|is \d+ bytes, its header says/, true);
});

test('entries outside the file, overlapping, duplicated, encrypted or of other methods are refused', () => {
  const z = buildZip([{ name: 'a', data: bytes(10) }, { name: 'b', data: bytes(10) }]);
  const out = Buffer.from(z.buf); out.writeUInt32LE(0x7fff0000, z.central[0]! + 42);
  refused(out, /no local header inside the file/);
  const long = Buffer.from(z.buf); long.writeUInt32LE(5000, z.central[1]! + 20); long.writeUInt32LE(5000, z.central[1]! + 24);
  refused(long, /runs past the start of the central directory/);
  const overlap = Buffer.from(z.buf); overlap.writeUInt32LE(z.local[0]!, z.central[1]! + 42);
  refused(overlap, /overlap/);
  refused(buildZip([{ name: 'a', data: bytes(1) }, { name: 'a', data: bytes(1) }]).buf, /duplicate entry "a"/);
  const enc = Buffer.from(z.buf); enc.writeUInt16LE(1, z.central[0]! + 8);
  refused(enc, /encrypted/);
  const bz = Buffer.from(z.buf); bz.writeUInt16LE(12, z.central[0]! + 10);
  refused(bz, /compression method 12/);
  const stored = Buffer.from(z.buf); stored.writeUInt32LE(9, z.central[0]! + 24);
  refused(stored, /stored but declares 9 bytes for 10/);
  const name = Buffer.from(z.buf); name[z.central[0]! + 46] = 0xff;
  refused(name, /name that is not UTF-8/);
});

test('central directories that do not fit, and zip64 fields that do not add up, are refused', () => {
  const z = buildZip([{ name: 'a', data: bytes(4) }]);
  refused(Buffer.from('not a zip at all, just some text'), /no end-of-central-directory record/);
  const many = Buffer.from(z.buf); many.writeUInt16LE(60000, z.eocd + 10);
  refused(many, /central directory of 60000 entries/);
  const far = Buffer.from(z.buf); far.writeUInt32LE(0x7ffffff0, z.eocd + 16);
  refused(far, /does not fit the file/);
  const nameLen = Buffer.from(z.buf); nameLen.writeUInt16LE(60000, z.central[0]! + 28);
  refused(nameLen, /runs past the directory/);
  // zip64: sizes of 0xffffffff with an extra field too short to hold the real ones
  const z64 = Buffer.from(z.buf); z64.writeUInt32LE(0xffffffff, z.central[0]! + 24);
  refused(z64, /stored but declares 4294967295/);
  // a zip64 locator pointing past the file
  const loc = Buffer.alloc(20); loc.writeUInt32LE(0x07064b50, 0); loc.writeBigUInt64LE(2n ** 62n, 8);
  const eocd = Buffer.from(z.buf.subarray(z.eocd)); eocd.writeUInt16LE(0xffff, 10);
  refused(Buffer.concat([z.buf.subarray(0, z.eocd), loc, eocd]), /not a plausible size|bad zip64 end record/);
});

test('a zip64 extra field shorter than the sizes it stands for is refused, not read past', () => {
  // one entry whose central record says 0xffffffff for both sizes and carries an 8-byte zip64 field
  const name = Buffer.from('a');
  const data = Buffer.from([1, 2, 3, 4]);
  const local = Buffer.alloc(30); local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(1, 26);
  const extra = Buffer.alloc(12); extra.writeUInt16LE(1, 0); extra.writeUInt16LE(8, 2); extra.writeBigUInt64LE(4n, 4);
  const central = Buffer.alloc(46); central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(0xffffffff, 20); central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(1, 28); central.writeUInt16LE(extra.length, 30);
  const cdStart = 30 + 1 + 4;
  const cd = Buffer.concat([central, name, extra]);
  const end = Buffer.alloc(22); end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(cdStart, 16);
  refused(Buffer.concat([local, name, data, cd, end]), /zip64 field too short for its compressed size/);
  assert.ok(zlib); // (deflate is exercised above)
});
