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
  const n = transpose ? H : W, m = transpose ? W : H;
  const idx = transpose ? (g: number, r: number) => g * W + r : (g: number, r: number) => r * W + g;
  const map = new Uint8Array(W * H);
  for (let r = 0; r < m - 1; r++) {
    for (let g = 2; g < n - 1; g++) {
      const s = L[idx(g, r)]! - L[idx(g - 1, r)]!;
      const a = Math.abs(s);
      // The codec's own block lattice (JPEG: g ≡ 0 mod 8) makes small jumps: only large ones count there.
      if (a < (g % codecGrid === 0 ? JUMP_TUNING.codecStep : JUMP_TUNING.evStep)) continue;
      const side = Math.max(Math.abs(L[idx(g - 1, r)]! - L[idx(g - 2, r)]!), Math.abs(L[idx(g + 1, r)]! - L[idx(g, r)]!));
      if (a < JUMP_TUNING.evRatio * side) continue;
      const s2 = L[idx(g, r + 1)]! - L[idx(g - 1, r + 1)]!;
      if (Math.abs(s2 - s) > JUMP_TUNING.evCont * a + 1) continue;
      map[idx(g, r)] = 1;
    }
  }
  return map;
}
