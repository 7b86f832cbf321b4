// Jump maps: where a luma step is isolated across a line and continues along it. Mosaic grid lines are
// made of such jumps; the analytic detector counts them per lattice (detect/lattice.ts) and the learned
// detector reads them as input channels (models/mosaic-input.ts).

/** Thresholds in luma levels, tuned with the analytic detector (detect/tuning.ts spreads them into its T). */
export const JUMP_TUNING = {
  /** Smallest jump counted, and how much larger than the jumps beside it. */
  evStep: 3, evRatio: 1.5,
  /** A jump continues on the next row when the jump there differs by ≤ evCont·|jump| + 1. */
  evCont: 0.35,
  /** On the codec's block lattice re-encoding makes its own small jumps: only jumps this large count. */
  codecStep: 10,
};

/**
 * Jump map: 1 at pixel (g, r) when the jump between pixels g−1 and g of row r (columns of column r with
 * transpose) is isolated and continues on the next row. Stored at that pixel's index, y·W + x.
 */
export function jumpMap(L: Float32Array, W: number, H: number, transpose: boolean, codecGrid: number): Uint8Array {
  // g counts across the lines and r along them: (g, r) is (x, y), or (y, x) with transpose. The pixels go
  // in memory order either way; gs and rs are the steps in L of g + 1 and r + 1.
  const gs = transpose ? W : 1, rs = transpose ? 1 : W;
  const [x0, y0] = transpose ? [0, 2] : [2, 0]; // g from 2 (the test reads g − 2), r to the last line but one
  const map = new Uint8Array(W * H);
  for (let y = y0; y < H - 1; y++) {
    for (let x = x0; x < W - 1; x++) {
      const i = y * W + x, g = transpose ? y : x;
      const s = L[i]! - L[i - gs]!;
      const a = Math.abs(s);
      // The codec's own block lattice (JPEG: g ≡ 0 mod 8) makes small jumps: only large ones count there.
      if (a < (g % codecGrid === 0 ? JUMP_TUNING.codecStep : JUMP_TUNING.evStep)) continue;
      const side = Math.max(Math.abs(L[i - gs]! - L[i - 2 * gs]!), Math.abs(L[i + gs]! - L[i]!));
      if (a < JUMP_TUNING.evRatio * side) continue;
      const s2 = L[i + rs]! - L[i + rs - gs]!;
      if (Math.abs(s2 - s) > JUMP_TUNING.evCont * a + 1) continue;
      map[i] = 1;
    }
  }
  return map;
}
