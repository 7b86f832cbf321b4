/** a mod n in [0, n), for negative a too (JavaScript's % keeps the sign of a): grid phases and offsets. */
export const mod = (a: number, n: number): number => ((a % n) + n) % n;
