// Seeded random numbers, so every random choice (data order, augmentation, pools, mosaics, synthetic
// training data) is reproducible from a seed. One type, two generators, because saved results depend on
// each one's exact stream:
//   Sfc32       four words of state that a checkpoint saves: training data order, augmentation, image
//               pools, and the detector's synthetic batches (rngFor keys one per step).
//   Mulberry32  one word, seeded per call: pixelate's random style and grid phase, `tessera pairs` and the
//               detector evaluation (the shipped detector's training data and its measured figures).

export abstract class Rng {
  /** Uniform in [0, 1). */
  abstract random(): number;

  /** Uniform integer in [lo, hi] inclusive (like Python's random.randint). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
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
}

export type RngState = [number, number, number, number];

/** sfc32 with saveable state (Math.random cannot be saved). */
export class Sfc32 extends Rng {
  #s: Uint32Array;

  constructor(seed: number | RngState = 0) {
    super();
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

  random(): number {
    return this.nextUint32() / 4294967296;
  }

  state(): RngState {
    return [...this.#s] as RngState;
  }

  setState(s: RngState): void {
    this.#s = Uint32Array.from(s);
  }
}

/** mulberry32: a small generator for one-off seeded streams. */
export class Mulberry32 extends Rng {
  #s: number;

  constructor(seed: number) {
    super();
    this.#s = (seed >>> 0) || 0x9e3779b9;
  }

  random(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A generator for one (seed, stream, index) triple: counter-based draws that need no saved history. */
export function rngFor(seed: number, ...keys: number[]): Sfc32 {
  let h = seed >>> 0;
  for (const k of keys) h = Math.imul(h ^ (k >>> 0), 0x9e3779b1) ^ (h >>> 13) ^ Math.imul(k + 0x7f4a7c15, 0x85ebca6b);
  return new Sfc32(h >>> 0);
}
