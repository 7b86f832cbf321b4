// Mosaic detection with the learned network: the image shrunk to a working scale (working-scale.ts) →
// per-pixel probabilities, brought back to the native size → mask (threshold, specks dropped, enclosed
// holes filled) → regions, each with the cell grid its lines pile up on, measured on the native pixels
// (region-grid.ts), each kept only when its geometry is a mosaic's (verify.ts). Large images run in
// overlapping tiles so memory stays bounded; each tile keeps only its centre, which saw enough context.
import { autocast, F, hasNativeBf16, noGrad, tensor, tidy } from '../engine/index.js';
import { lumaWithin, type Raster } from '../image/raster.js';
import type { DetectResult, MosaicRegion } from './analytic.js';
import { runMeans } from '../image/mask-runs.js';
import { clearComponents, dropSmallComponents, fillHoles, labelComponents, maskArea, maskAtLeast } from '../image/mask.js';
import { crop } from '../image/sheet.js';
import { cropFeatures, detectorInput, edgeMaps, NO_CODEC_GRID, type EdgeMaps } from '../models/mosaic-input.js';
import type { MosaicNet } from '../models/mosaic-net.js';
import type { Box } from '../util/box.js';
import { loadMosaicNet, shippedDetectorFile } from '../models/mosaic-weights.js';
import { latticeCropBox, measureRegionLattice } from './region-grid.js';
import { FRAME_VERIFIER, looksLikeMosaic, regionFeatures, SHIPPED_VERIFIER, type MosaicVerifier, type RegionFeatures } from './verify.js';
import { shrinkRaster, upsampleBilinear, workingScale } from './working-scale.js';
import { coarseLookScale, FINE_PASS_BELOW_SCALE, finePassWindows, raiseInWindow, raiseWhereSure } from './fine-pass.js';

export interface LearnedDetectOptions {
  /** Weights file; default the shipped assets/mosaic-detector.safetensors. */
  weights?: string;
  /** Probability from which a pixel is mosaic. */
  threshold?: number;
  /** Codec block lattice (8 for JPEG, 4 for H.264), kept out of the cell-size estimate. */
  codecGrid?: number;
  /**
   * Keep only regions whose mean probability reaches this. A censored region is found with near
   * certainty (≥ 0.9 on almost every pixel); fog or sky the network is unsure of scatters over 0.1–1.
   */
  minConfidence?: number;
  /** Long side, in pixels, the network runs at (larger images are shrunk to it); default WORKING_SIZE. */
  workingSize?: number;
  /** A forced scale in (0, 1] instead (1: the native size). */
  scale?: number;
  /**
   * The network's arithmetic: 'auto' (default) is bf16 where the CPU computes it in hardware (about
   * twice as fast at 720p; probabilities within 0.015 of fp32's), else fp32.
   */
  precision?: 'auto' | 'fp32' | 'bf16';
  /**
   * The geometry check after the network (verify.ts): a region is kept only when its cells are flat (or
   * one disc) on its lattice. Default the shipped rule; false turns the stage off (the detector before it).
   */
  verify?: MosaicVerifier | false;
  /** Called with each region the network kept, its features and the verdict (for fitting the rule). */
  onRegionFeatures?: (box: Box, features: RegionFeatures, kept: boolean) => void;
  /**
   * Look again at native size where a shrunk pass was unsure (fine-pass.ts): cells too small for the
   * working scale. Default on; it runs only when the image is shrunk to scale ≤ 0.5.
   */
  finePass?: boolean;
  /** Look again at a smaller scale for cells too large for the working scale (fine-pass.ts `coarseLookScale`). Default on. */
  coarseLook?: boolean;
  /**
   * Called as the work goes (a 2560-px image at --scale 1 runs for seconds): step `done` of `total`,
   * where the steps are the input features, each tile through the network, and the regions' grids.
   */
  onProgress?: (done: number, total: number) => void;
  /** Called as each stage of the work ends (a bench times them: bench/detect-parts.ts). */
  onStage?: (stage: DetectStage) => void;
}

/** The detector's stages, in the order they run (the second looks only where they apply). */
export const DETECT_STAGES = ['shrink', 'edge maps', 'network', 'coarse look', 'upsample', 'fine windows', 'fine pass', 'mask', 'grids', 'verify'] as const;
export type DetectStage = (typeof DETECT_STAGES)[number];

const TILE = 768; // tile centre side, pixels
const MARGIN = 96; // context on each side of a tile's centre (the default network sees ~150 px)
// Pixel threshold and region gate, chosen on held-out training photos (docs/mosaic-detector.md), never on
// the evaluation photos: 0.6 / 0.85 for the session-7 weights; 0.6 / 0.75 for session 8's, which flag far
// less texture (validation: mean IoU 0.868 → 0.895, clean area 0.00% → 0.06%).
const THRESHOLD = 0.6;
const MIN_CONFIDENCE = 0.75;
/** Default working size (long side): see docs/mosaic-detector.md for how it was chosen. */
export const WORKING_SIZE = 1024;

let cached: { file: string; net: MosaicNet } | null = null;

/** The network for a weights file, loaded once per process. */
export function mosaicNetFor(file = shippedDetectorFile()): MosaicNet {
  if (cached?.file !== file) {
    cached?.net.dispose();
    cached = { file, net: loadMosaicNet(file).net };
  }
  return cached.net;
}

/** The tiles' starts along a side of n pixels. */
function tileStarts(n: number, tile: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < n; s += tile) out.push(s);
  return out;
}

/** How many tiles mosaicProbability runs on a W×H image. */
export const tileCount = (W: number, H: number, tile = TILE): number => tileStarts(W, tile).length * tileStarts(H, tile).length;

/**
 * Probability of mosaic per pixel, row-major W×H; tiles of `tile` px (plus context) bound the memory.
 * `onTile(k)` after the k-th tile (1-based) of tileCount(W, H, tile).
 */
export function mosaicProbability(net: MosaicNet, image: Raster, codecGrid = 8, tile = TILE, maps?: EdgeMaps, onTile?: (k: number) => void): Float32Array {
  const { width: W, height: H } = image;
  const features = detectorInput(image, net.spec.inputs, codecGrid, maps);
  const prob = new Float32Array(W * H);
  let k = 0;
  for (const cy of tileStarts(H, tile)) for (const cx of tileStarts(W, tile)) {
    // Centre [cx, cx+tw) × [cy, cy+th), read with MARGIN of context where the image has it.
    const tw = Math.min(tile, W - cx), th = Math.min(tile, H - cy);
    const x0 = Math.max(0, cx - MARGIN), y0 = Math.max(0, cy - MARGIN);
    const x1 = Math.min(W, cx + tw + MARGIN), y1 = Math.min(H, cy + th + MARGIN);
    const p = tileProbability(net, features, W, H, x0, y0, x1 - x0, y1 - y0);
    for (let y = cy; y < cy + th; y++) {
      const src = (y - y0) * (x1 - x0) + (cx - x0);
      prob.set(p.subarray(src, src + tw), y * W + cx);
    }
    onTile?.(++k);
  }
  return prob;
}

function tileProbability(net: MosaicNet, features: Float32Array, W: number, H: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const input = cropFeatures(features, W, H, x0, y0, w, h);
  const C = input.length / (w * h);
  // Sides up to the network's multiple, by edge replication (cropped off again below).
  const m = net.sideMultiple;
  const pw = (m - (w % m)) % m, ph = (m - (h % m)) % m;
  return noGrad(() => tidy(() => {
    let x = tensor(input, [1, C, h, w]);
    if (pw || ph) x = F.pad2d(x, [0, pw, 0, ph], 'replicate');
    let p = net.forward(x).float().sigmoid();
    if (pw || ph) p = p.slice(2, 0, h).slice(3, 0, w);
    return p.contiguous().data() as Float32Array;
  }));
}

export function detectMosaicLearned(image: Raster, o: LearnedDetectOptions = {}): DetectResult {
  const { width: W, height: H } = image;
  const net = mosaicNetFor(o.weights);
  const codecGrid = o.codecGrid ?? 8;
  const s = workingScale(W, H, o, WORKING_SIZE);
  const w = Math.max(1, Math.round(W * s)), h = Math.max(1, Math.round(H * s));
  const stage = o.onStage ?? (() => {});
  const small = shrinkRaster(image, w, h);
  const native = w === W && h === H;
  stage('shrink');
  // steps: the features, each tile, the regions' grids
  const steps = tileCount(w, h) + 2;
  o.onProgress?.(0, steps);
  const jumps = edgeMaps(small, native ? codecGrid : NO_CODEC_GRID);
  o.onProgress?.(1, steps);
  stage('edge maps');
  const bf16 = o.precision === 'bf16' || ((o.precision ?? 'auto') === 'auto' && hasNativeBf16());
  const onTile = o.onProgress && ((k: number) => o.onProgress!(1 + k, steps));
  const threshold = o.threshold ?? THRESHOLD;
  const minPixels = Math.max(64, (Math.min(W, H) / 40) ** 2);
  const minConfidence = o.minConfidence ?? MIN_CONFIDENCE;
  const probSmall = autocast(() => mosaicProbability(net, small, native ? codecGrid : NO_CODEC_GRID, TILE, jumps, onTile), bf16);
  stage('network');
  // The coarse look works at the working scale (a 720p frame's map is 512×288, not 1280×720).
  const c = (o.coarseLook ?? true) ? coarseLookScale(s, W, H) : null;
  if (c !== null) {
    const cw = Math.round(W * c), ch = Math.round(H * c);
    const coarse = autocast(() => mosaicProbability(net, shrinkRaster(small, cw, ch), NO_CODEC_GRID, TILE), bf16);
    raiseWhereSure(probSmall, upsampleBilinear(coarse, cw, ch, w, h), w, h, threshold, Math.max(16, minPixels * s * s), minConfidence);
    stage('coarse look');
  }
  const prob = upsampleBilinear(probSmall, w, h, W, H);
  stage('upsample');
  if ((o.finePass ?? true) && s <= FINE_PASS_BELOW_SCALE) {
    const windows = finePassWindows(prob, W, H, minPixels, codecGrid);
    stage('fine windows');
    for (const box of windows) {
      const window = crop(image, box.x, box.y, box.w, box.h);
      raiseInWindow(prob, W, box, autocast(() => mosaicProbability(net, window, codecGrid, TILE), bf16));
    }
    stage('fine pass');
  }
  const mask = maskAtLeast(prob, W, H, threshold);
  // Censored regions are at least a few cells; specks are texture the network half-believed.
  dropSmallComponents(mask, minPixels);
  fillHoles(mask);
  const { labels, boxes, runs } = labelComponents(mask);
  stage('mask');
  let regions: MosaicRegion[] = [];
  if (boxes.length) {
    const { mean } = runMeans(runs, prob, W);
    const keep = boxes.map((_, i) => mean[i]! >= minConfidence);
    // Luma where the grids and the verification read it, the kept regions' crops: a whole 1080p frame's
    // cost as much as the grids.
    const L = native ? jumps.L : lumaWithin(image, boxes.flatMap((b, i) => (keep[i] ? [latticeCropBox(b, W, H, codecGrid)] : [])));
    // Cell grids on the native pixels: at the working scale cells are fractional (a 24-px cell at
    // scale 0.53 is 12.8 px), and their integer lattices there came out as multiples of the cell.
    const lattices = boxes.map((b, i) => (keep[i] ? measureRegionLattice({ L, W, H, inside: (p) => labels[p] === i + 1, box: b, codecGrid }) : null));
    const grids = lattices.map((l) => l?.grid ?? null);
    stage('grids');
    // A mosaic has grid lines; a region with none on either axis is smooth, codec-blocked surface (a dark
    // sky at JPEG q60 reads as 8-px cells to the network, but its jumps are the codec's, discounted).
    grids.forEach((g, i) => { if (g && !g.block && !g.blockH) keep[i] = false; });
    // Regular structure repeats too, but its cells are not flat on its lattice (verify.ts); a frame through
    // H.264 (its 4-px codec grid) is judged without the sharpness test.
    const verifier = o.verify ?? (codecGrid === 8 ? SHIPPED_VERIFIER : FRAME_VERIFIER);
    if (verifier || o.onRegionFeatures) lattices.forEach((l, i) => {
      if (!l || !keep[i]) return;
      const f = regionFeatures({ L, W, H, labels, label: i + 1, box: boxes[i]!, confidence: mean[i]! }, l.grid, l.scoreX, l.scoreY, verifier ? (g) => looksLikeMosaic(g, verifier) : undefined);
      const pass = !verifier || looksLikeMosaic(f, verifier);
      o.onRegionFeatures?.(boxes[i]!, f, pass);
      if (!pass) keep[i] = false;
    });
    // one pass clears every dropped region (low confidence, no grid, not a mosaic's geometry) from the mask
    clearComponents(mask, labels, keep);
    regions = boxes.flatMap((b, i) => (keep[i] ? [{ ...b, ...grids[i]! }] : []));
    stage('verify');
  }
  o.onProgress?.(steps, steps);
  return { regions, mask, maskArea: maskArea(mask) };
}
