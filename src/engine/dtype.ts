// Element types and the typed arrays that carry them across the addon boundary.

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
export type Device = 'cpu' | `cuda` | `cuda:${number}`;

export type TypedArray =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | BigInt64Array;

/** The dtype a typed array holds when none is named (Uint16Array needs one: bfloat16 or float16). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof BigInt64Array) return 'int64';
  throw new TypeError('a Uint16Array needs an explicit dtype (bfloat16 or float16)');
}

/** Converts plain numbers into the typed array the addon wants for `dtype`. */
export function arrayFor(values: ArrayLike<number>, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32': return Float32Array.from(values);
    case 'float64': return Float64Array.from(values);
    case 'int32': return Int32Array.from(values);
    case 'int16': return Int16Array.from(values);
    case 'int8': return Int8Array.from(values);
    case 'uint8': case 'bool': return Uint8Array.from(values);
    case 'int64': return BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v))));
    case 'bfloat16': return bf16FromFloat32(Float32Array.from(values));
    case 'float16': throw new TypeError('make float16 tensors from float32 with .to("float16")');
    default: throw new TypeError(`unknown dtype ${JSON.stringify(dtype)} (one of float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool)`);
  }
}

/** Rounds float32 to bfloat16 bits (round to nearest even), as PyTorch does. */
export function bf16FromFloat32(f: Float32Array): Uint16Array {
  const u = new Uint32Array(f.buffer, f.byteOffset, f.length);
  const out = new Uint16Array(f.length);
  for (let i = 0; i < u.length; i++) {
    const x = u[i]!;
    if ((x & 0x7fffffff) > 0x7f800000) out[i] = 0x7fc0; // NaN
    else out[i] = (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
  }
  return out;
}

export function float32FromBf16(b: Uint16Array): Float32Array {
  const u = new Uint32Array(b.length);
  for (let i = 0; i < b.length; i++) u[i] = b[i]! << 16;
  return new Float32Array(u.buffer);
}

export function isFloating(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}

/** Views raw little-endian bytes (own, aligned buffer) as the typed array the addon expects for `dtype`. */
export function viewBytesAs(bytes: Uint8Array, dtype: DType): TypedArray {
  const b = bytes.buffer, o = bytes.byteOffset, n = bytes.byteLength;
  switch (dtype) {
    case 'float32': return new Float32Array(b, o, n / 4);
    case 'float64': return new Float64Array(b, o, n / 8);
    case 'float16': case 'bfloat16': return new Uint16Array(b, o, n / 2);
    case 'int64': return new BigInt64Array(b, o, n / 8);
    case 'int32': return new Int32Array(b, o, n / 4);
    case 'int16': return new Int16Array(b, o, n / 2);
    case 'int8': return new Int8Array(b, o, n);
    case 'uint8': case 'bool': return bytes;
  }
}
