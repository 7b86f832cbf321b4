// Second looks at another scale. Fine: a second look at native size where the shrunk pass was unsure. A large photo is shrunk to scale ≤ 0.4
// for the network (working-scale.ts), where a 6-px mosaic becomes 2.4-px cells, under the 4–24 px the
// network was trained on: it sees them as half-likely texture (mean probability 0.3–0.9 over the region),
// and the region is lost to the threshold. At the native size those cells are in range and JPEG's 8-px
// blocks sit on the codec grid the jump maps discount. The whole photo at native size costs 5–20× the
// shrunk pass, so only windows around the pixels the shrunk pass half-believed are looked at again.
// Coarse: the other way round, cells too large for the working scale (over 24 px there: a 60-px mosaic on a
// 600-px photo seen at native size) come into range at 0.4 of it. That look costs a sixth of the main pass,
// so it runs whole, and adds only regions it is sure of that the main pass did not find or only half-believed
// (under the region gate, which would drop them).
import { maskAtLeast } from '../image/mask.js';
import { maskRuns, runBoxes, runMeans } from '../image/mask-runs.js';
import { boxIou, unionBox, type Box } from '../util/box.js';

/** Scales at or below which the fine pass runs (a 6-px cell is then ≤ 3 px to the network). */
export const FINE_PASS_BELOW_SCALE = 0.5;
/** Shrunk-pass probability from which a pixel is worth a second look. */
export const FINE_PASS_SEED = 0.25;
/** A seed component whose mean probability reaches this is already a confident region: no second look. */
const CONFIDENT = 0.85;
/** Context added around each seed component, native pixels (the network sees ~150 px). */
const WINDOW_MARGIN = 96;
/** Windows together over this share of the image: the second look is skipped (it would cost a native pass). */
const MAX_WINDOW_SHARE = 0.35;

/**
 * The windows (native pixels) to look at again: bounding boxes of the seed components of at least
 * `minPixels` that the shrunk pass is not already sure of (most mosaics), grown by the margin, aligned to the codec grid (so the codec's blocks stay on its
 * lattice in the crop), merged where they overlap. Empty when they would cover too much of the image.
 */
export function finePassWindows(prob: Float32Array, W: number, H: number, minPixels: number, codecGrid: number): Box[] {
  const seeds = maskRuns(maskAtLeast(prob, W, H, FINE_PASS_SEED).data, W, H, true);
  const boxes = runBoxes(seeds), { size, mean } = runMeans(seeds, prob, W);
  const g = codecGrid > 0 && codecGrid < 64 ? codecGrid : 1;
  const unsure = (i: number) => size[i]! >= minPixels && mean[i]! < CONFIDENT;
  let windows = boxes.filter((_, i) => unsure(i)).map((b) => {
    const x0 = Math.max(0, Math.floor((b.x - WINDOW_MARGIN) / g) * g), y0 = Math.max(0, Math.floor((b.y - WINDOW_MARGIN) / g) * g);
    const x1 = Math.min(W, b.x + b.w + WINDOW_MARGIN), y1 = Math.min(H, b.y + b.h + WINDOW_MARGIN);
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  });
  // Overlapping windows become their union's box, until none overlap.
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < windows.length && !merged; i++) for (let j = i + 1; j < windows.length && !merged; j++) {
      if (boxIou(windows[i]!, windows[j]!) > 0) {
        windows[i] = unionBox(windows[i]!, windows[j]!)!;
        windows.splice(j, 1);
        merged = true;
      }
    }
  }
  const area = windows.reduce((s, b) => s + b.w * b.h, 0);
  if (area > MAX_WINDOW_SHARE * W * H) windows = [];
  return windows;
}

/**
 * Raises `prob` (native W×H) to the native-size probabilities `fine` of a window, pixel by pixel: a cell
 * size the shrunk pass could not see is found, and what it did see (large cells, out of range at the
 * native size) is kept.
 */
export function raiseInWindow(prob: Float32Array, W: number, box: Box, fine: Float32Array): void {
  for (let y = 0; y < box.h; y++) for (let x = 0; x < box.w; x++) {
    const p = (box.y + y) * W + box.x + x, f = fine[y * box.w + x]!;
    if (f > prob[p]!) prob[p] = f;
  }
}

/**
 * The scale of the coarse look for an image the network sees at scale s: 0.4 for an image seen at (near)
 * native size, half the working scale for a shrunk one (a 60-px mosaic, 24 px at 0.4, is at the edge of
 * what the network learned; 12 px at 0.2), none when that leaves under 64 px a side or s is in between.
 */
export function coarseLookScale(s: number, W: number, H: number): number | null {
  const c = s >= 0.8 ? 0.4 : s <= 0.5 ? s / 2 : null;
  return c !== null && Math.min(W, H) * c >= 64 ? c : null;
}

/**
 * Raises the main pass's map `prob` to the coarse look's `coarse` (brought to the same W×H) inside the
 * components of coarse ≥ threshold whose mean probability is confident and which the main pass did not find
 * (its mean there under `gate`, the region gate: a region the main pass half-believes, mean 0.6–0.75, is
 * dropped by the gate unless the coarse look lifts it); elsewhere the main pass stands.
 */
export function raiseWhereSure(prob: Float32Array, coarse: Float32Array, W: number, H: number, threshold: number, minPixels: number, gate = threshold): void {
  const sure = maskRuns(maskAtLeast(coarse, W, H, threshold).data, W, H, true);
  if (!sure.components) return; // the coarse look is sure of nothing: the main pass stands everywhere
  const { size, mean } = runMeans(sure, coarse, W), main = runMeans(sure, prob, W).mean;
  // a region the main pass found keeps its own outline (the coarse one is 2–2.5× blurrier)
  const adds = (c: number) => size[c]! >= minPixels && mean[c]! >= CONFIDENT && main[c]! < gate;
  for (let k = 0; k < sure.count; k++) {
    if (!adds(sure.component[k]!)) continue;
    const row = sure.y[k]! * W;
    for (let p = row + sure.x0[k]!; p < row + sure.x1[k]!; p++) if (coarse[p]! > prob[p]!) prob[p] = coarse[p]!;
  }
}
