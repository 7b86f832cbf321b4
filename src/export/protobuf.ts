// A minimal protocol-buffers writer: the four wire types ONNX needs (varint, 64-bit is never used,
// length-delimited, 32-bit float). A message is kept as a list of byte chunks plus its length, so that
// nesting a 200 MB weight tensor into a graph into a model copies it once, at `finish()`.

const WIRE_VARINT = 0, WIRE_LENGTH = 2, WIRE_FIXED32 = 5;

export class ProtoWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;
  /** Small writes (tags, varints, floats) go here until a chunk is appended after them. */
  #scratch: number[] = [];

  get length(): number { return this.#length + this.#scratch.length; }

  /** An integer field (int32, int64, enum, bool); negatives are written as 64-bit two's complement. */
  varint(field: number, value: number | bigint): this {
    this.#tag(field, WIRE_VARINT);
    this.#rawVarint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.#tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.#scratch.push(...b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A length-delimited field; the bytes are referenced, not copied, until `finish()`. */
  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, WIRE_LENGTH);
    this.#rawVarint(value.length);
    this.#append(value);
    return this;
  }

  /** An embedded message. */
  message(field: number, m: ProtoWriter): this {
    this.#tag(field, WIRE_LENGTH);
    this.#rawVarint(m.length);
    m.#flush();
    for (const c of m.#chunks) this.#append(c);
    return this;
  }

  finish(): Uint8Array {
    this.#flush();
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const c of this.#chunks) { out.set(c, at); at += c.length; }
    return out;
  }

  #tag(field: number, wire: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new Error(`protobuf: bad field number ${field}`);
    this.#rawVarint(field * 8 + wire);
  }

  #rawVarint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new Error(`protobuf: ${value} is not a safe integer`);
      if (value >= 0) {
        // 7 bits at a time, low first; division keeps values above 2^31 exact
        while (value > 127) { this.#scratch.push((value % 128) | 128); value = Math.floor(value / 128); }
        this.#scratch.push(value);
        return;
      }
      value = BigInt(value);
    }
    let v = BigInt.asUintN(64, value);
    while (v > 127n) { this.#scratch.push(Number(v & 127n) | 128); v >>= 7n; }
    this.#scratch.push(Number(v));
  }

  #append(c: Uint8Array): void {
    this.#flush();
    if (c.length) { this.#chunks.push(c); this.#length += c.length; }
  }

  #flush(): void {
    if (!this.#scratch.length) return;
    this.#chunks.push(Uint8Array.from(this.#scratch));
    this.#length += this.#scratch.length;
    this.#scratch = [];
  }
}
