// A small seeded PRNG of our own (sfc32) whose whole state is four integers, so data order,
// augmentation and the image pool come back exactly on resume (Math.random cannot be saved).

export type RngState = [number, number, number, number];

export class Rng {
  #s: Uint32Array;

  constructor(seed: number | RngState = 0) {
    if (Array.isArray(seed)) {
      this.#s = Uint32Array.from(seed);
      return;
    }
    // splitmix32 spreads any integer seed over the four words; then warm up.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.#s = Uint32Array.of(next(), next(), next(), next());
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.#s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] inclusive (like Python's random.randint). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  /** Fisher-Yates permutation of 0..n-1. */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }

  state(): RngState {
    return [...this.#s] as RngState;
  }

  setState(s: RngState): void {
    this.#s = Uint32Array.from(s);
  }
}

/** A generator for one (seed, stream, index) triple: counter-based draws that need no saved history. */
export function rngFor(seed: number, ...keys: number[]): Rng {
  let h = seed >>> 0;
  for (const k of keys) h = Math.imul(h ^ (k >>> 0), 0x9e3779b1) ^ (h >>> 13) ^ Math.imul(k + 0x7f4a7c15, 0x85ebca6b);
  return new Rng(h >>> 0);
}
