// The position-keyed noise field computed from its description (models/position-noise.ts's header), in doubles
// with BigInt for the integer rounds: an independent reference, not the code under test.
import { NOISE_PRIME, NOISE_ROUNDS } from '../../src/models/position-noise.js';

/** The field at (x, y) of the whole input: the key (y mod 2¹⁴)·2¹⁶ + (x mod 2¹⁶), four rounds, Box–Muller. */
export function referenceNoise(x: number, y: number): number {
  const p = BigInt(NOISE_PRIME);
  let h = BigInt(y % 16384) * 65536n + BigInt(x % 65536);
  const u: number[] = [];
  NOISE_ROUNDS.forEach((c, i) => {
    h = (h * h + BigInt(c)) % p;
    if (i >= 2) u.push((Number(h) + 1) / 2 ** 31);
  });
  return Math.sqrt(-2 * Math.log(u[0]!)) * Math.cos(2 * Math.PI * u[1]!);
}
