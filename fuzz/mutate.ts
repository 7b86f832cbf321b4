// Mutations of a seed file, each chosen and placed by a seeded generator so input i of a campaign can
// be rebuilt from (seed, i) alone: byte flips, random bytes, truncation, insertion, deletion,
// duplication, splices of two seeds, edits of integers that look like length or offset fields, and
// edits of numbers inside text (JSON).
import { Mulberry32, type Rng } from '../src/util/rng.js';

/** Values that break size arithmetic: zero, one, sign and width edges, just past the file. */
function interesting(rng: Rng, len: number): bigint {
  const pick = rng.int(0, 9);
  if (pick <= 2) return BigInt(len + rng.int(-8, 8) < 0 ? 0 : len + rng.int(-8, 8));
  return rng.pick([0n, 1n, 0x7fn, 0xffn, 0x7fffn, 0xffffn, 0x7fffffffn, 0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 64n - 1n, BigInt(rng.int(0, 1 << 20))]);
}

/** Offsets whose 4-byte little-endian value is a plausible size or offset of this file. */
export function lengthFieldCandidates(buf: Uint8Array): number[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= buf.length && out.length < 4096; i++) {
    const v = view.getUint32(i, true);
    if (v > 0 && v <= buf.length && (v > 255 || i % 4 === 0)) out.push(i);
  }
  return out;
}

export interface Seed { bytes: Buffer; fields: number[] }
export const seed = (bytes: Buffer): Seed => ({ bytes, fields: lengthFieldCandidates(bytes) });

const MUTATIONS = ['flip', 'byte', 'truncate', 'insert', 'delete', 'duplicate', 'splice', 'field', 'field', 'number'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

/** Input `index` of the campaign `campaignSeed` over `seeds`: 1–4 stacked mutations of one seed. */
export function mutant(seeds: Seed[], campaignSeed: number, index: number): { bytes: Buffer; kinds: MutationKind[] } {
  const rng = new Mulberry32((Math.imul(campaignSeed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const s = rng.pick(seeds);
  let b: Buffer = Buffer.from(s.bytes);
  const kinds: MutationKind[] = [];
  for (let n = rng.int(1, 4); n > 0; n--) {
    const kind = rng.pick(MUTATIONS);
    kinds.push(kind);
    b = apply(kind, b, s, seeds, rng);
  }
  return { bytes: b, kinds };
}

function apply(kind: MutationKind, b: Buffer, s: Seed, seeds: Seed[], rng: Rng): Buffer {
  const at = () => rng.int(0, Math.max(0, b.length - 1));
  const span = () => rng.int(1, rng.random() < 0.8 ? 16 : 4096);
  switch (kind) {
    case 'flip': { if (b.length) { const i = at(); b[i] = b[i]! ^ (1 << rng.int(0, 7)); } return b; }
    case 'byte': { if (b.length) b[at()] = rng.int(0, 255); return b; }
    case 'truncate': return b.subarray(0, rng.int(0, b.length));
    case 'insert': {
      const i = rng.int(0, b.length);
      const ins = Buffer.alloc(span(), rng.random() < 0.5 ? 0 : rng.int(0, 255));
      return Buffer.concat([b.subarray(0, i), ins, b.subarray(i)]);
    }
    case 'delete': { const i = at(); return Buffer.concat([b.subarray(0, i), b.subarray(i + span())]); }
    case 'duplicate': { const i = at(); const piece = b.subarray(i, i + span()); return Buffer.concat([b.subarray(0, i), piece, piece, b.subarray(i + piece.length)]); }
    case 'splice': { const o = rng.pick(seeds).bytes; const i = rng.int(0, b.length), j = rng.int(0, o.length); return Buffer.concat([b.subarray(0, i), o.subarray(j)]); }
    case 'field': {
      // a length/offset-looking field of the seed (or any offset), rewritten at width 2, 4 or 8
      const i = s.fields.length && rng.random() < 0.8 ? rng.pick(s.fields) : at();
      const width = rng.pick([2, 4, 4, 8]);
      if (i + width > b.length) return b;
      const v = interesting(rng, b.length) & ((1n << BigInt(8 * width)) - 1n);
      for (let k = 0; k < width; k++) b[i + k] = Number((v >> BigInt(8 * k)) & 0xffn);
      return b;
    }
    case 'number': {
      // a run of ASCII digits (a JSON number, a pickle text INT) replaced by an extreme one
      const digits: number[] = [];
      for (let i = 0; i < b.length && digits.length < 2048; i++) if (b[i]! >= 0x30 && b[i]! <= 0x39 && (i === 0 || b[i - 1]! < 0x30 || b[i - 1]! > 0x39)) digits.push(i);
      if (!digits.length) return b;
      const i = rng.pick(digits);
      let j = i;
      while (j < b.length && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
      const text = rng.pick(['0', '-1', '1e308', '1e999', '9007199254740993', '18446744073709551616', '4294967296', '0.5', String(rng.int(0, 1 << 30)), '-0']);
      return Buffer.concat([b.subarray(0, i), Buffer.from(text), b.subarray(j)]);
    }
  }
}
