// A mosaic's cell grid and the honest baseline for taking it off: the mean colour of each cell, then
// bicubic interpolation between cell centres. Images here are planar float (C×H×W, any value range),
// the layout networks take, so the same numbers feed training, inference and the evaluation's baseline.
import { mod } from '../util/math.js';

/** Cells `blockW`×`blockH` whose lines sit at x ≡ phaseX (mod blockW), y ≡ phaseY (mod blockH). */
export interface CellGrid { blockW: number; blockH: number; phaseX: number; phaseY: number }

export interface PlanarImage { data: Float32Array; channels: number; width: number; height: number }

/** The cell means of an image: one value per channel and cell, cells counted from `originX/Y` (≤ 0). */
export interface CellMeans {
  data: Float32Array;
  channels: number;
  /** Cells across and down. */
  cols: number;
  rows: number;
  /** Pixel coordinate of the first cell's left / top edge (≤ 0: the first cell may start outside). */
  originX: number;
  originY: number;
  grid: CellGrid;
}


/**
 * Mean of every cell. A cell the mask touches (mask > 0.5) averages only its masked pixels — they carry
 * the mosaic's colour, which pixelate computed over the whole cell — and any other cell averages all its
 * pixels, so cells just outside a region contribute their true means.
 */
export function cellMeans(img: PlanarImage, mask: Float32Array | Uint8Array | null, grid: CellGrid): CellMeans {
  const { data, channels: C, width: W, height: H } = img;
  const { blockW: bw, blockH: bh } = grid;
  if (!(bw >= 1 && bh >= 1)) throw new Error(`cell size must be at least 1 px, got ${bw}×${bh}`);
  // the last grid line at or left of / above pixel 0
  const edgeX = mod(grid.phaseX, bw), edgeY = mod(grid.phaseY, bh);
  const originX = edgeX === 0 ? 0 : edgeX - bw, originY = edgeY === 0 ? 0 : edgeY - bh;
  const cols = Math.ceil((W - originX) / bw), rows = Math.ceil((H - originY) / bh);
  const sumAll = new Float64Array(C * rows * cols), sumIn = new Float64Array(C * rows * cols);
  const nAll = new Uint32Array(rows * cols), nIn = new Uint32Array(rows * cols);
  const thr = mask instanceof Uint8Array ? 127 : 0.5;
  const plane = W * H, nCells = rows * cols;
  const colOf = Int32Array.from({ length: W }, (_, x) => Math.floor((x - originX) / bw)); // each column's cell
  const cellAt = new Int32Array(plane), inMask = new Uint8Array(plane);
  for (let y = 0; y < H; y++) {
    const row = Math.floor((y - originY) / bh) * cols;
    for (let x = 0, p = y * W; x < W; x++, p++) {
      const cell = row + colOf[x]!, inside = !!mask && mask[p]! > thr;
      cellAt[p] = cell; inMask[p] = inside ? 1 : 0;
      nAll[cell]!++;
      if (inside) nIn[cell]!++;
    }
  }
  // channel by channel: each cell's sums still take its pixels in row-major order
  for (let c = 0; c < C; c++) {
    const off = c * nCells, base = c * plane;
    for (let p = 0; p < plane; p++) {
      const v = data[base + p]!, cell = off + cellAt[p]!;
      sumAll[cell] += v;
      if (inMask[p]) sumIn[cell] += v;
    }
  }
  const out = new Float32Array(C * rows * cols);
  for (let cell = 0; cell < rows * cols; cell++) {
    const [s, n] = nIn[cell]! ? [sumIn, nIn[cell]!] : [sumAll, nAll[cell]!];
    for (let c = 0; c < C; c++) out[c * rows * cols + cell] = s[c * rows * cols + cell]! / n;
  }
  return { data: out, channels: C, cols, rows, originX, originY, grid };
}

/** Keys' cubic convolution kernel (a = −0.5, as in PIL and sharp): interpolates, keeps constants. */
function cubicWeights(t: number): [number, number, number, number] {
  const a = -0.5;
  const w = (d: number) => {
    const x = Math.abs(d);
    return x <= 1 ? (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1 : x < 2 ? a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a : 0;
  };
  return [w(t + 1), w(t), w(1 - t), w(2 - t)];
}

/** For each output coordinate: the first of four cell indices (clamped) and their weights. */
function taps(outSize: number, scale: number, origin: number, block: number, cells: number): { idx: Int32Array; w: Float32Array } {
  const idx = new Int32Array(outSize * 4), w = new Float32Array(outSize * 4);
  for (let o = 0; o < outSize; o++) {
    const src = (o + 0.5) / scale; // pixel position in the image the means came from
    const u = (src - origin) / block - 0.5; // in cell units, 0 = centre of cell 0
    const i0 = Math.floor(u);
    const ws = cubicWeights(u - i0);
    for (let k = 0; k < 4; k++) {
      idx[o * 4 + k] = Math.min(cells - 1, Math.max(0, i0 - 1 + k));
      w[o * 4 + k] = ws[k]!;
    }
  }
  return { idx, w };
}

/**
 * Bicubic interpolation of the cell means onto a `width`×`height` image that shows the source at
 * `scale` (output pixel o samples source position (o + 0.5) / scale). Scale 1 gives the baseline at the
 * source's own size; the restorer's canonical scale gives its input.
 */
export function upsampleCells(m: CellMeans, width: number, height: number, scaleX = 1, scaleY = scaleX): PlanarImage {
  const { channels: C, cols, rows } = m;
  const tx = taps(width, scaleX, m.originX, m.grid.blockW, cols);
  const ty = taps(height, scaleY, m.originY, m.grid.blockH, rows);
  const tmp = new Float32Array(rows * width);
  const out = new Float32Array(C * width * height);
  const xi = tx.idx, xw = tx.w, yi = ty.idx, yw = ty.w;
  for (let c = 0; c < C; c++) {
    const cells = m.data.subarray(c * rows * cols, (c + 1) * rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = r * cols;
      for (let x = 0, k = 0; x < width; x++, k += 4) {
        tmp[r * width + x] = 0 + xw[k]! * cells[row + xi[k]!]! + xw[k + 1]! * cells[row + xi[k + 1]!]!
          + xw[k + 2]! * cells[row + xi[k + 2]!]! + xw[k + 3]! * cells[row + xi[k + 3]!]!;
      }
    }
    const dst = out.subarray(c * width * height, (c + 1) * width * height);
    for (let y = 0, k = 0; y < height; y++, k += 4) {
      const r0 = yi[k]! * width, r1 = yi[k + 1]! * width, r2 = yi[k + 2]! * width, r3 = yi[k + 3]! * width;
      const w0 = yw[k]!, w1 = yw[k + 1]!, w2 = yw[k + 2]!, w3 = yw[k + 3]!;
      for (let x = 0, d = y * width; x < width; x++, d++) {
        dst[d] = 0 + w0 * tmp[r0 + x]! + w1 * tmp[r1 + x]! + w2 * tmp[r2 + x]! + w3 * tmp[r3 + x]!;
      }
    }
  }
  return { data: out, channels: C, width, height };
}
