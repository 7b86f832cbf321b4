// A smooth start for the mean projection (consistency.ts). The exact projection moves each cell by one
// uniform shift, so wherever the network's cell means are off it leaves a step at every cell edge: on the GAN
// end, whose texture moves cell means by a few grey levels, that step is a visible lattice. Here the gaps are
// closed first by a field that is bilinear between cell centres; the exact projection then closes only what
// is left (the clamp to [−1, 1] and the blend at the region's edge), a fraction of a grey level.
// The `center` and `sample` styles use the same kind of field with its nodes on the cells' centre pixels.

/** The cells' layout in the crop: cell (r, c) spans x0 + c·bw … + bw, y0 + r·bh … + bh (x0, y0 ≤ 0). */
export interface CellLayout { x0: number; y0: number; bw: number; bh: number; cols: number; rows: number }

/**
 * Rounds of the iteration g ← g + ω·(target − cell mean of (out + bilinear(g))). A cell's mean of the bilinear
 * field is between ¼ (a checkerboard of coefficients) and all of its own coefficient, so with ω = 1.5 each round
 * shrinks every gap to at most 5/8 of itself: 8 rounds leave under 3 %.
 */
const ROUNDS = 8, OMEGA = 1.5;

/** Per pixel column (or row): the two cell indices around it and the weight of the second. */
function axisWeights(size: number, origin: number, block: number, cells: number): { lo: Int32Array; hi: Int32Array; t: Float32Array } {
  const lo = new Int32Array(size), hi = new Int32Array(size), t = new Float32Array(size);
  for (let x = 0; x < size; x++) {
    const u = (x + 0.5 - origin) / block - 0.5, j = Math.floor(u);
    lo[x] = Math.max(0, Math.min(cells - 1, j)); hi[x] = Math.max(0, Math.min(cells - 1, j + 1));
    t[x] = u - j;
  }
  return { lo, hi, t };
}

type AxisWeights = ReturnType<typeof axisWeights>;

/** The field at pixel p: g (one coefficient per cell, row-major, `cols` wide) interpolated bilinearly. */
function bilinear(g: Float64Array, p: number, width: number, cols: number, xs: AxisWeights, ys: AxisWeights): number {
  const x = p % width, y = (p - x) / width, tx = xs.t[x]!, ty = ys.t[y]!;
  const r0 = ys.lo[y]! * cols, r1 = ys.hi[y]! * cols;
  return (1 - ty) * ((1 - tx) * g[r0 + xs.lo[x]!]! + tx * g[r0 + xs.hi[x]!]!) + ty * ((1 - tx) * g[r1 + xs.lo[x]!]! + tx * g[r1 + xs.hi[x]!]!);
}

/**
 * Adds to `out` (planar, `width` × `height`, 3 channels) a field bilinear between cell centres whose mean over
 * each constrained cell's pixels `pixels[at[k] .. at[k + 1])` meets `targets[3k + ch]` (NaN: a cell left free,
 * its coefficient kept at 0). `cell[k]` is cell k's index r·cols + c in `layout`. Pixels of free cells get the
 * field too, so a free cell between constrained ones blends into them.
 */
export function addSmoothCorrection(out: Float32Array, width: number, height: number, layout: CellLayout,
  cell: Int32Array, pixels: Int32Array, at: Int32Array, targets: Float64Array): void {
  const count = cell.length, plane = width * height, { cols } = layout;
  const xs = axisWeights(width, layout.x0, layout.bw, cols), ys = axisWeights(height, layout.y0, layout.bh, layout.rows);
  const field = (g: Float64Array, p: number): number => bilinear(g, p, width, cols, xs, ys);
  for (let ch = 0; ch < 3; ch++) {
    const base = ch * plane, g = new Float64Array(cols * layout.rows);
    let any = false;
    for (let k = 0; k < count; k++) if (!Number.isNaN(targets[3 * k + ch]!)) any = true;
    if (!any) continue;
    for (let round = 0; round < ROUNDS; round++) {
      const step = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const target = targets[3 * k + ch]!;
        if (Number.isNaN(target)) continue;
        let s = 0;
        for (let i = at[k]!; i < at[k + 1]!; i++) { const p = pixels[i]!; s += out[base + p]! + field(g, p); }
        step[k] = OMEGA * (target - s / (at[k + 1]! - at[k]!));
      }
      for (let k = 0; k < count; k++) g[cell[k]!]! += step[k]!;
    }
    for (let k = 0; k < count; k++) for (let i = at[k]!; i < at[k + 1]!; i++) { const p = pixels[i]!; out[base + p] = out[base + p]! + field(g, p); }
  }
}

/**
 * Adds to `out` the field bilinear between the cells' centre pixels (pixelate's `center` style: column
 * x0 + c·bw + ⌊(bw − 1)/2⌋, the same for rows) that is `gaps[3k + ch]` at cell `cell[k]`'s centre pixel, so
 * that pixel moves by exactly its gap; cells without a gap (NaN) hold 0. Every pixel in `pixels` gets it.
 */
export function addCentreCorrection(out: Float32Array, width: number, height: number, layout: CellLayout,
  cell: Int32Array, pixels: Int32Array, at: Int32Array, gaps: Float64Array): void {
  const count = cell.length, plane = width * height, { cols, bw, bh } = layout;
  // axisWeights puts node j at x0 + j·b + (b − 1)/2; the centre pixel is ⌊(b − 1)/2⌋, half a pixel before for even b
  const xs = axisWeights(width, layout.x0 - ((bw - 1) / 2 - Math.floor((bw - 1) / 2)), bw, cols);
  const ys = axisWeights(height, layout.y0 - ((bh - 1) / 2 - Math.floor((bh - 1) / 2)), bh, layout.rows);
  for (let ch = 0; ch < 3; ch++) {
    const base = ch * plane, g = new Float64Array(cols * layout.rows);
    let any = false;
    for (let k = 0; k < count; k++) { const gap = gaps[3 * k + ch]!; if (!Number.isNaN(gap)) { g[cell[k]!] = gap; any = true; } }
    if (!any) continue;
    for (let i = 0; i < at[count]!; i++) { const p = pixels[i]!; out[base + p] = out[base + p]! + bilinear(g, p, width, cols, xs, ys); }
  }
}
