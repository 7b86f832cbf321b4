// Connected components of a mask found on runs instead of pixels: each row is cut into runs of pixels on
// one side (nonzero, or zero), runs of adjacent rows whose columns overlap are joined (4-connectivity), and
// union–find keeps the joins. A detector mask of a million pixels has a few thousand runs, and writing a
// component back is one fill per run: the pixel-by-pixel flood fills these replaced (a stack entry and
// four neighbour tests per pixel) were the detector's costliest clean-up at 1080p.
import type { Box } from '../util/box.js';

/** A mask's runs in scan order: run k covers columns [x0[k], x1[k]) of row y[k]. */
export interface MaskRuns {
  count: number;
  y: Int32Array; x0: Int32Array; x1: Int32Array;
  /** Per run its component, numbered 0, 1, … in scan order of each component's first pixel. */
  component: Int32Array;
  components: number;
}

const doubled = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => { const b = new Int32Array(2 * a.length); b.set(a); return b; };

/** The 4-connected components of the nonzero pixels (`nonzero` true) or of the zero pixels (false), as runs. */
export function maskRuns(data: Uint8Array, width: number, height: number, nonzero: boolean): MaskRuns {
  let y = new Int32Array(1024), x0 = new Int32Array(1024), x1 = new Int32Array(1024), parent = new Int32Array(1024);
  let count = 0;
  // A set's root is its earliest run (joins hang the later root under the earlier one), so numbering
  // the roots in run order numbers the components in scan order.
  const root = (k: number) => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const join = (a: number, b: number) => {
    const ra = root(a), rb = root(b);
    if (ra < rb) parent[rb] = ra; else if (rb < ra) parent[ra] = rb;
  };
  let above = 0; // first run of the previous row
  for (let r = 0; r < height; r++) {
    const first = count, row = r * width;
    for (let x = 0; x < width;) {
      while (x < width && (data[row + x] !== 0) !== nonzero) x++;
      if (x === width) break;
      const start = x;
      while (x < width && (data[row + x] !== 0) === nonzero) x++;
      if (count === y.length) { y = doubled(y); x0 = doubled(x0); x1 = doubled(x1); parent = doubled(parent); }
      y[count] = r; x0[count] = start; x1[count] = x; parent[count] = count;
      count++;
    }
    // Runs of both rows are sorted and disjoint: a run of the row above that ends before this run starts
    // touches no later run either.
    for (let b = first, a = above; b < count; b++) {
      while (a < first && x1[a]! <= x0[b]!) a++;
      for (let k = a; k < first && x0[k]! < x1[b]!; k++) join(k, b);
    }
    above = first;
  }
  const component = new Int32Array(count);
  let components = 0;
  for (let k = 0; k < count; k++) {
    const r = root(k);
    component[k] = r === k ? components++ : component[r]!;
  }
  return { count, y: y.subarray(0, count), x0: x0.subarray(0, count), x1: x1.subarray(0, count), component, components };
}

/** Each component's bounding box. */
export function runBoxes(runs: MaskRuns): Box[] {
  const n = runs.components;
  const x0 = new Int32Array(n).fill(2 ** 31 - 1), y0 = new Int32Array(n).fill(2 ** 31 - 1), x1 = new Int32Array(n), y1 = new Int32Array(n);
  for (let k = 0; k < runs.count; k++) {
    const c = runs.component[k]!, y = runs.y[k]!;
    if (runs.x0[k]! < x0[c]!) x0[c] = runs.x0[k]!;
    if (runs.x1[k]! > x1[c]!) x1[c] = runs.x1[k]!;
    if (y < y0[c]!) y0[c] = y;
    y1[c] = y + 1; // runs come in row order
  }
  return Array.from({ length: n }, (_, c) => ({ x: x0[c]!, y: y0[c]!, w: x1[c]! - x0[c]!, h: y1[c]! - y0[c]! }));
}

/**
 * Each component's pixel count and the mean of `values` (the mask's width, row-major) over it, summed in
 * scan order: the same sums as a pass over a label image.
 */
export function runMeans(runs: MaskRuns, values: Float32Array, width: number): { size: Float64Array; mean: Float64Array } {
  const size = new Float64Array(runs.components), mean = new Float64Array(runs.components);
  for (let k = 0; k < runs.count; k++) {
    const c = runs.component[k]!, row = runs.y[k]! * width;
    size[c] += runs.x1[k]! - runs.x0[k]!;
    for (let p = row + runs.x0[k]!; p < row + runs.x1[k]!; p++) mean[c] += values[p]!;
  }
  for (let c = 0; c < runs.components; c++) mean[c] /= size[c]!;
  return { size, mean };
}
