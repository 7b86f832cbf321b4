// Taking one mosaic region off: a crop with context around the region is brought to the restorer's
// canonical scale (RESTORER_CELL px per cell), the cell means are measured at the crop's own size and
// interpolated bicubically onto the canonical grid, the network predicts a residual over that baseline,
// the result goes back to the crop's size and is blended into the region. Pixels outside the region are
// never written.
import { noGrad, tensor, tidy } from '../engine/index.js';
import { cellMeans, upsampleCells, type CellGrid, type PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import { cropPlanar, resizePlanar } from '../image/resample.js';
import { buildModel, CellRestorerGenerator, isRestorerGenerator, knownNames, requiredMultiple, restorerInput, RESTORER_CELL, type GeneratorSpec } from '../models/index.js';
import { disposeWeights, loadRestorerWeights, mixWeightsInto, type RestorerWeights } from '../models/restorer-pair.js';
import type { Module } from '../nn/index.js';
import type { NoiseOrigin } from '../models/position-noise.js';
import type { Box, Mask } from '../image/mask.js';
import { shippedAsset } from '../io/assets.js';
import { mod } from '../util/math.js';
import type { OptionSchema } from '../util/option-schema.js';
import { resolveModelFile } from '../models/model-path.js';
import { CELL_STYLES, DEFAULT_CELL_STYLE, featherWeights, judgedStyle, projectOntoCells, type CellStyle } from './consistency.js';

/** A region to restore: where it is (the mask says which pixels) and its cell grid in image pixels. */
export interface RestoreTarget { box: Box; grid: CellGrid }

/** Canonical-scale pixels per network pass; larger crops are tiled with overlap. */
// 640: a 256-px region's crop (384 px with context) plus whole-cell padding takes one pass; at 384 it took four.
const TILE = 640;
const TILE_OVERLAP = 64;

/**
 * The detail dial's default: 0 = the fidelity model (the closest to the truth on average), 1 = the realism
 * model (its GAN fine-tune: texture with the truth's statistics), between them the weights interpolated.
 */
export const DEFAULT_DETAIL = 0;

/** What a restore call may choose: the detail dial (0 to 1) and how the mosaic's cells were made. */
export interface RestoreCall {
  /** 0 = fidelity, 1 = realism (a pair file); default the restorer's own (DEFAULT_DETAIL). */
  detail?: number;
  /** Default the restorer's own ('mean'). */
  style?: CellStyle;
}

/**
 * RestoreCall's options, declared once: `tessera restore`, `demo`, `eval restore` and `serve` render them
 * (cli/commands/restore-options.ts), the server reads a request's from them. detail has no default of its
 * own: the restorer's (DEFAULT_DETAIL with a pair file, 0 with one set).
 */
export const RESTORE_CALL_OPTIONS: OptionSchema = [
  { key: 'detail', flag: '--detail <a>', type: 'share', help: '0 = the fidelity model, 1 = the realism model (a pair file: tessera pack-restorer), between them the weights mixed' },
  { key: 'style', flag: '--style <s>', type: 'choice', choices: CELL_STYLES, default: DEFAULT_CELL_STYLE, help: "how the mosaic's cells were made, which the result is held to: auto (judged per region from the network's result: mean, or sample for point-sampled cells) | mean (the cell's mean colour: GIMP, Photoshop, ffmpeg) | center (its centre pixel: a nearest-neighbour downscale) | sample (one of its pixels, which one unknown: the centre moves half-way to it) | none" },
];

/** assets/mosaic-restorer.safetensors, the shipped pair. A checkout without it is broken: the error says so and names the ways round it. */
export function shippedRestorerFile(): string {
  try {
    return shippedAsset('mosaic-restorer.safetensors', 'the mosaic restorer');
  } catch {
    throw new Error('the mosaic restorer model is missing (no assets/mosaic-restorer.safetensors, which ships with tessera: git checkout -- assets/mosaic-restorer.safetensors): pass --model FILE with a restorer you trained, or --model bicubic for the baseline');
  }
}

/** The crop around a region: the region's box grown by context on every side, clipped to the image. */
export function contextBox(box: Box, grid: CellGrid, width: number, height: number): Box {
  const m = Math.max(2 * Math.max(grid.blockW, grid.blockH), Math.round(0.25 * Math.max(box.w, box.h)));
  const x0 = Math.max(0, box.x - m), y0 = Math.max(0, box.y - m);
  const x1 = Math.min(width, box.x + box.w + m), y1 = Math.min(height, box.y + box.h + m);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Rows and columns of a crop of an 8-bit image as planar floats in [−1, 1] (RGB; alpha dropped). */
export function planarCrop(image: Raster, c: Box): PlanarImage {
  const { width: W, channels: C, data } = image;
  const out = new Float32Array(3 * c.w * c.h), plane = c.w * c.h;
  for (let y = 0; y < c.h; y++) {
    let s = ((c.y + y) * W + c.x) * C;
    for (let d = y * c.w, end = d + c.w; d < end; d++, s += C) {
      if (C < 3) { out[d] = out[plane + d] = out[2 * plane + d] = data[s]! / 127.5 - 1; continue; }
      out[d] = data[s]! / 127.5 - 1;
      out[plane + d] = data[s + 1]! / 127.5 - 1;
      out[2 * plane + d] = data[s + 2]! / 127.5 - 1;
    }
  }
  return { data: out, channels: 3, width: c.w, height: c.h };
}

/** The mask over a crop as 0/1 floats (the restorer's `inside`). */
export function maskCrop(mask: Mask, c: Box): Float32Array {
  const out = new Float32Array(c.w * c.h), m = mask.data;
  for (let y = 0; y < c.h; y++) {
    const from = (c.y + y) * mask.width + c.x;
    for (let x = 0, d = y * c.w; x < c.w; x++, d++) out[d] = m[from + x]! > 127 ? 1 : 0;
  }
  return out;
}

/** A grid in image pixels re-expressed in the pixels of crop `c`. */
export const shifted = (g: CellGrid, c: Box): CellGrid => ({ ...g, phaseX: g.phaseX - c.x, phaseY: g.phaseY - c.y });

/**
 * Writes `restored` (planar [−1, 1], the crop's size) into a copy of the image inside the mask, blended
 * over FEATHER px at the region's inner edge. Every pixel outside the mask keeps its bytes.
 */
export function blendInto(image: Raster, mask: Mask, c: Box, restored: PlanarImage, out: Raster = { ...image, data: new Uint8Array(image.data) }): Raster {
  const { width: W, channels: C } = image;
  // distance 1 for a region pixel next to the outside, so the outermost ring gets 1/FEATHER of the restoration
  const weight = featherWeights(maskCrop(mask, c), c.w, c.h);
  const plane = c.w * c.h, r = restored.data, o = out.data, K = Math.min(3, C);
  for (let y = 0; y < c.h; y++) {
    for (let x = 0, p = y * c.w; x < c.w; x++, p++) {
      const a = weight[p]!;
      if (!a) continue;
      const i = ((c.y + y) * W + c.x + x) * C;
      for (let k = 0; k < K; k++) {
        const v = Math.max(0, Math.min(255, (r[k * plane + p]! + 1) * 127.5));
        o[i + k] = Math.round(o[i + k]! * (1 - a) + v * a);
      }
    }
  }
  return out;
}

/** The baseline: bicubic interpolation of the cell means over the region (a copy of the image). */
export function restoreBicubic(image: Raster, mask: Mask, targets: RestoreTarget[]): Raster {
  let out: Raster = { ...image, data: new Uint8Array(image.data) };
  for (const t of targets) {
    const c = contextBox(t.box, t.grid, image.width, image.height);
    const base = upsampleCells(cellMeans(planarCrop(image, c), maskCrop(mask, c), shifted(t.grid, c)), c.w, c.h);
    out = blendInto(image, mask, c, base, out);
  }
  return out;
}


/**
 * The crop grown by edge replication to start on a grid line and span a whole number of the smaller
 * cell side (so its canonical size is a multiple of RESTORER_CELL); the added pixels are outside the mask.
 */
export function cellAligned(crop: PlanarImage, inside: Float32Array, grid: CellGrid) {
  const { blockW: bw, blockH: bh } = grid, m = Math.min(bw, bh);
  const left = (bw - mod(grid.phaseX, bw)) % bw, top = (bh - mod(grid.phaseY, bh)) % bh;
  const W = Math.ceil((left + crop.width) / m) * m, H = Math.ceil((top + crop.height) / m) * m;
  const C = crop.channels, data = new Float32Array(C * W * H), mask = new Float32Array(W * H);
  const cw = crop.width, ch = crop.height, src = crop.data;
  // each output column's source column, edges replicated
  const sxs = Int32Array.from({ length: W }, (_, x) => Math.min(cw - 1, Math.max(0, x - left)));
  for (let y = 0; y < H; y++) {
    const sy = Math.min(ch - 1, Math.max(0, y - top)), row = sy * cw;
    if (y - top === sy) mask.set(inside.subarray(row, row + cw), y * W + left); // the real pixels (the rest stays 0)
    for (let c = 0; c < C; c++) {
      const from = c * cw * ch + row, to = c * W * H + y * W;
      for (let x = 0; x < W; x++) data[to + x] = src[from + sxs[x]!]!;
    }
  }
  return { crop: { data, channels: C, width: W, height: H }, inside: mask, grid: { ...grid, phaseX: 0, phaseY: 0 }, left, top };
}

export interface RestorerOptions extends RestoreCall {
  /** Canonical-scale pixels per network pass (default TILE); smaller bounds memory, larger saves passes. */
  tile?: number;
}

/**
 * How a restorer's network is fed: inputs padded to `multiple`, at most `tile` canonical pixels a side per
 * pass, cells brought to 8k px for the k in 1…`cellScales` nearest the mosaic's own (restorer_cells' option).
 */
export interface TileGeometry { readonly multiple: number; readonly tile: number; readonly cellScales?: number }

/** The scale a crop goes to: its cells to RESTORER_CELL·k px, the k the network reads that is nearest to their size. */
export function canonicalScale(grid: CellGrid, cellScales: number): number {
  const cell = Math.min(grid.blockW, grid.blockH);
  const k = Math.max(1, Math.min(cellScales, Math.round(cell / RESTORER_CELL)));
  return (RESTORER_CELL * k) / cell;
}

/** The tile size and side multiple of a restorer network, or an error naming `source` for a network that is none. */
export function restorerGeometry(spec: GeneratorSpec, source: string, o: RestorerOptions = {}): Required<TileGeometry> {
  const tile = o.tile ?? TILE;
  if (!(Number.isInteger(tile) && tile >= 2 * TILE_OVERLAP)) throw new Error(`restorer tile must be a whole number ≥ ${2 * TILE_OVERLAP}, got ${tile}`);
  if (!isRestorerGenerator(spec.netG))
    throw new Error(`${source}: holds a ${spec.netG} generator, not a mosaic restorer (${knownNames(['restorer'])})`);
  const cellScales = spec.options?.cellScales;
  return { multiple: requiredMultiple(spec), tile, cellScales: typeof cellScales === 'number' ? cellScales : 1 };
}

/**
 * One network pass: a [1, 7, height, width] input at the canonical scale (edge-padded to the side multiple).
 * `origin`: where it starts in the crop's canonical input, [y, x] ([0, 0] if left out): a network's noise plane
 * is keyed by the pixel's place in the whole crop, so overlapping tiles read the same noise and tiles do not repeat.
 */
export interface NetworkTile { data: Float32Array; width: number; height: number; origin?: NoiseOrigin }

/**
 * A crop made ready for the network: the tiles to run (in any runtime), and where each one's output goes.
 * `finishCrop` takes the outputs ([1, 3, height, width] each, in tile order) back to a restored crop.
 */
export interface CropPlan {
  tiles: NetworkTile[];
  /** Each tile's place in the canonical-scale input: its origin and the real (unpadded) part. */
  places: { x: number; y: number; w: number; h: number }[];
  /** The canonical-scale input's size. */
  canonical: { width: number; height: number };
  /** The cell-aligned crop (canonical output goes back to this size) and the offset of the real crop in it. */
  aligned: { width: number; height: number; left: number; top: number };
  crop: { width: number; height: number };
  /** What finishCrop projects the result onto: the crop as the network saw it, its mask, grid and cell style. */
  cells: { input: PlanarImage; inside: Float32Array; grid: CellGrid; style: CellStyle };
}

/** Where tiles start along one side: one tile when it fits, else steps of TILE − TILE_OVERLAP ending flush. */
function tileStarts(size: number, tile: number): number[] {
  if (size <= tile) return [0];
  const step = tile - TILE_OVERLAP, s: number[] = [];
  for (let p = 0; p + tile < size; p += step) s.push(p);
  s.push(size - tile);
  return s;
}

/**
 * Everything before the network for one crop (planar [−1, 1]) with its mask and grid in crop pixels: out to
 * whole cells first (edge pixels, outside the mask), so that at the canonical scale every cell lies on the
 * 8-px blocks, as it did in training; the canonical-scale 7-channel input; its tiles, padded.
 */
export function planCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid, g: TileGeometry, style: CellStyle = DEFAULT_CELL_STYLE): CropPlan {
  const a = cellAligned(crop, inside, grid);
  const s = canonicalScale(grid, g.cellScales ?? 1);
  const W = Math.round(a.crop.width * s), H = Math.round(a.crop.height * s);
  const base = upsampleCells(cellMeans(a.crop, a.inside, a.grid), W, H, W / a.crop.width, H / a.crop.height);
  // at the canonical scale already (cells of 8k px): no resize, and no copy (restorerInput copies)
  const same = W === a.crop.width && H === a.crop.height;
  const mosaic = same ? a.crop : resizePlanar(a.crop, W, H);
  const maskC = same ? a.inside : resizePlanar({ data: a.inside, channels: 1, width: a.crop.width, height: a.crop.height }, W, H).data;
  const input = restorerInput(mosaic, maskC, a.grid, base);
  const C = 7, M = g.multiple;
  const tiles: NetworkTile[] = [], places: CropPlan['places'] = [];
  for (const ty of tileStarts(H, g.tile)) for (const tx of tileStarts(W, g.tile)) {
    const tw = Math.min(g.tile, W), th = Math.min(g.tile, H);
    const pw = Math.ceil(tw / M) * M, ph = Math.ceil(th / M) * M;
    if (pw === W && ph === H) { // one tile, no padding: the input itself
      tiles.push({ data: input, width: W, height: H, origin: [0, 0] });
      places.push({ x: 0, y: 0, w: W, h: H });
      continue;
    }
    // edge-replicated padding; the mask channel says "outside" there, so the network keeps it as is
    const tile = new Float32Array(C * pw * ph);
    for (let c = 0; c < C; c++) for (let y = 0; y < ph; y++) {
      const d = c * pw * ph + y * pw, src = c * W * H + (ty + Math.min(y, th - 1)) * W + tx;
      if (c === 6 && y >= th) { tile.fill(-1, d, d + pw); continue; }
      tile.set(input.subarray(src, src + tw), d);
      tile.fill(c === 6 ? -1 : input[src + tw - 1]!, d + tw, d + pw);
    }
    tiles.push({ data: tile, width: pw, height: ph, origin: [ty, tx] });
    places.push({ x: tx, y: ty, w: tw, h: th });
  }
  return {
    tiles, places, canonical: { width: W, height: H },
    aligned: { width: a.crop.width, height: a.crop.height, left: a.left, top: a.top }, crop: { width: crop.width, height: crop.height },
    cells: { input: crop, inside, grid, style },
  };
}

/**
 * Everything after the network: the tiles' outputs blended where they overlap, back to the crop's size,
 * then made consistent with the mosaic's cells (consistency.ts; the plan's style, 'none' skips it).
 * A tile's outer quarter-overlap saw a truncated context: it gets no weight where a neighbour covers it;
 * then the two fade across the middle half of the overlap, so seams do not show.
 */
export function finishCrop(plan: CropPlan, outputs: readonly Float32Array[]): PlanarImage {
  const { width: W, height: H } = plan.canonical;
  if (outputs.length !== plan.tiles.length) throw new Error(`restorer: ${outputs.length} tile outputs for ${plan.tiles.length} tiles`);
  let out: Float32Array = new Float32Array(3 * W * H);
  const weight = new Float32Array(plan.places.length > 1 ? W * H : 0);
  const ramp = (d: number) => Math.max(0, Math.min(1, (d + 1 - TILE_OVERLAP / 4) / (TILE_OVERLAP / 2)));
  for (const [i, { x: tx, y: ty, w: tw, h: th }] of plan.places.entries()) {
    const { width: pw, height: ph } = plan.tiles[i]!, result = outputs[i]!;
    if (result.length !== 3 * pw * ph) throw new Error(`restorer: tile ${i} output has ${result.length} values, expected 3×${ph}×${pw}`);
    if (plan.places.length === 1) { // one tile: weight 1 everywhere, its real part is the result
      if (pw === W && ph === H) out = result; // no padding either: the result as it is (cropPlanar copies)
      else for (let c = 0; c < 3; c++) for (let y = 0; y < th; y++) out.set(result.subarray(c * pw * ph + y * pw, c * pw * ph + y * pw + tw), c * W * H + y * W);
      break;
    }
    // a pixel's weight is the smaller of its column's and its row's (doubles, as the sums take them)
    const wx = Float64Array.from({ length: tw }, (_, x) => Math.min(tx ? ramp(x) : 1, tx + tw < W ? ramp(tw - 1 - x) : 1));
    const wy = Float64Array.from({ length: th }, (_, y) => Math.min(ty ? ramp(y) : 1, ty + th < H ? ramp(th - 1 - y) : 1));
    for (let c = -1; c < 3; c++) { // c = −1: the weights themselves
      for (let y = 0; y < th; y++) {
        const p0 = (ty + y) * W + tx, r0 = c * pw * ph + y * pw, wyy = wy[y]!;
        for (let x = 0; x < tw; x++) {
          const wgt = Math.min(wx[x]!, wyy);
          if (c < 0) weight[p0 + x] += wgt;
          else out[c * W * H + p0 + x] += wgt * result[r0 + x]!;
        }
      }
    }
  }
  if (plan.places.length > 1) for (let c = 0; c < 3; c++) for (let p = 0; p < W * H; p++) out[c * W * H + p] /= weight[p]!;
  const { aligned: a, crop } = plan;
  const canonical = { data: out, channels: 3, width: W, height: H };
  const restored = W === a.width && H === a.height ? canonical : resizePlanar(canonical, a.width, a.height);
  const { input, inside, grid, style } = plan.cells;
  return projectOntoCells(cropPlanar(restored, a.left, a.top, crop.width, crop.height), input, inside, grid, style, { inPlace: true });
}

/** The context crop of each target, as the network's pipeline takes it: its box, pixels, mask and grid in crop pixels. */
export function* targetCrops(image: Raster, mask: Mask, targets: RestoreTarget[]) {
  for (const t of targets) {
    const c = contextBox(t.box, t.grid, image.width, image.height);
    yield { c, crop: planarCrop(image, c), inside: maskCrop(mask, c), grid: shifted(t.grid, c) };
  }
}

/** What video restore and the per-region loops call: a restorer of one context crop, in either runtime. */
export interface CropRestorer {
  readonly source: string;
  /** The cell style of a call that names none. */
  readonly style: CellStyle;
  restoreCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid, call?: RestoreCall): PlanarImage | Promise<PlanarImage>;
  dispose(): void;
}

/**
 * `auto` judged from the fidelity end's unprojected result over the crop (one more network pass). Restorers
 * do this for detail other than 0: the realism end's texture hides the evidence (on validation, at detail 1,
 * it judged most point-sampled mosaics averaged). Video settles each track's style this way once, so the
 * choice cannot flip from frame to frame; other styles come back as they are.
 */
export async function fidelityStyle(r: CropRestorer, crop: PlanarImage, inside: Float32Array, grid: CellGrid, call: RestoreCall = {}): Promise<CellStyle> {
  const style = checkStyle(call.style ?? r.style);
  return style === 'auto' ? judgedStyle(await r.restoreCrop(crop, inside, grid, { detail: 0, style: 'none' }), crop, inside, grid) : style;
}

/** A detail value checked against what a restorer holds: one weight set takes 0 only. */
export function checkDetail(detail: number, pair: boolean, source: string): number {
  if (!(Number.isFinite(detail) && detail >= 0 && detail <= 1)) throw new Error(`detail must be between 0 and 1, got ${detail}`);
  if (detail !== 0 && !pair)
    throw new Error(`${source}: holds one weight set, so detail ${detail} has nothing to mix (detail other than 0 needs a restorer pair file: tessera pack-restorer)`);
  return detail;
}

/** The detail a restorer uses when a call names none: the one given, else DEFAULT_DETAIL for a pair and 0 for one set. */
export const defaultDetail = (given: number | undefined, pair: boolean, source: string) =>
  (given === undefined ? (pair ? DEFAULT_DETAIL : 0) : checkDetail(given, pair, source));

export const checkStyle = (style: CellStyle) => {
  if (!CELL_STYLES.includes(style)) throw new Error(`cell style must be ${CELL_STYLES.join(', ')}; got ${style}`);
  return style;
};

/** The network of a restorer file built once, with the file's weight sets kept for mixing (a pair), or none (one set). */
export function loadRestorerNetwork(file: string): { net: Module; spec: GeneratorSpec; weights: RestorerWeights | null } {
  const weights = loadRestorerWeights(file);
  let net: Module | null = null;
  try {
    net = buildModel(weights.spec);
    net.loadStateDict(weights.fidelity, { source: file });
    if (weights.realism) return { net, spec: weights.spec, weights };
    disposeWeights(weights); // one set: the network holds it
    return { net, spec: weights.spec, weights: null };
  } catch (e) {
    net?.dispose();
    disposeWeights(weights);
    throw e;
  }
}

/** The restorer network run by libtorch (the engine); synchronous. `OnnxRestorer` runs the same pipeline through onnxruntime. */
export class Restorer implements CropRestorer, TileGeometry {
  readonly multiple: number;
  readonly tile: number;
  readonly cellScales: number;
  /** The defaults of a call that names none. */
  readonly detail: number;
  readonly style: CellStyle;
  /** The detail the network's weights hold now. */
  private mixed = 0;

  /**
   * `net` holds the fidelity weights; `weights` (a pair file's two sets, owned from here on) lets calls mix
   * them, without it the restorer takes detail 0 only.
   */
  constructor(readonly net: Module, readonly spec: GeneratorSpec, readonly source: string, o: RestorerOptions = {}, private readonly weights: RestorerWeights | null = null) {
    ({ multiple: this.multiple, tile: this.tile, cellScales: this.cellScales } = restorerGeometry(spec, source, o));
    this.detail = defaultDetail(o.detail, this.isPair, source);
    this.style = checkStyle(o.style ?? DEFAULT_CELL_STYLE);
    net.eval();
  }

  /** True for a pair file: fidelity and realism weights, mixed by detail. */
  get isPair(): boolean { return !!this.weights?.realism; }

  /** `model`: a restorer file (one set or a pair), a checkpoint folder or a run folder (resolveModelFile); the shipped one by default. */
  static load(model: string = shippedRestorerFile(), o: RestorerOptions = {}): Restorer {
    const file = resolveModelFile(model, 'generator');
    const { net, spec, weights } = loadRestorerNetwork(file);
    try {
      return new Restorer(net, spec, file, o, weights);
    } catch (e) {
      net.dispose();
      if (weights) disposeWeights(weights);
      throw e;
    }
  }

  /** Puts the weights for `detail` into the network (a no-op when they are there already). */
  useDetail(detail: number): void {
    checkDetail(detail, this.isPair, this.source);
    if (detail === this.mixed || !this.weights) return;
    mixWeightsInto(this.net.stateDict(), this.weights.fidelity, this.weights.realism, detail);
    this.mixed = detail;
  }

  /** Restores every target; returns a new image (the input is not changed). */
  restore(image: Raster, mask: Mask, targets: RestoreTarget[], call: RestoreCall = {}): Raster {
    let out: Raster = { ...image, data: new Uint8Array(image.data) };
    for (const r of targetCrops(image, mask, targets)) out = blendInto(image, mask, r.c, this.restoreCrop(r.crop, r.inside, r.grid, call), out);
    return out;
  }

  /** One crop (planar [−1, 1]) with its mask and grid in crop pixels → the restored crop, same size. */
  restoreCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid, call: RestoreCall = {}): PlanarImage {
    const detail = call.detail ?? this.detail;
    let style = checkStyle(call.style ?? this.style);
    if (style === 'auto' && detail !== 0) style = judgedStyle(this.restoreCrop(crop, inside, grid, { detail: 0, style: 'none' }), crop, inside, grid);
    this.useDetail(detail);
    const plan = planCrop(crop, inside, grid, this, style);
    return finishCrop(plan, plan.tiles.map((t) => this.runTile(t)));
  }

  /** The network on one tile: [1, 7, h, w] → [1, 3, h, w], with the weights of the last detail used (noise read at the tile's origin). */
  runTile(t: NetworkTile): Float32Array {
    return tidy(() => noGrad(() => {
      const x = tensor(t.data, [1, 7, t.height, t.width]);
      const y = this.net instanceof CellRestorerGenerator ? this.net.forward(x, t.origin) : this.net.forward(x);
      return y.data() as Float32Array;
    }));
  }

  dispose(): void {
    this.net.dispose();
    if (this.weights) disposeWeights(this.weights);
  }
}
