// Masks: one byte per pixel, 0 = keep, 255 = fully censored, values between = partial (soft) coverage.
export interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
}

import type { Box } from '../util/box.js';
import { maskRuns, runBoxes, type MaskRuns } from './mask-runs.js';

export type { Box } from '../util/box.js';

export function emptyMask(width: number, height: number): Mask {
  return { data: new Uint8Array(width * height), width, height };
}

/** Fills each box (clipped to the image) with 255. */
export function boxesToMask(width: number, height: number, boxes: Box[]): Mask {
  const m = emptyMask(width, height);
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x)), y0 = Math.max(0, Math.floor(b.y));
    const x1 = Math.min(width, Math.floor(b.x + b.w)), y1 = Math.min(height, Math.floor(b.y + b.h));
    for (let y = y0; y < y1; y++) m.data.fill(255, y * width + x0, y * width + Math.max(x0, x1));
  }
  return m;
}

export function maskArea(m: Mask): number {
  let n = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i]! > 0) n++;
  return n;
}

/**
 * 4-connected components of nonzero pixels, in scan order: a label per pixel (0 = none, k = component k),
 * each one's bounding box, and the runs they were found on (component k − 1 there: sums over a component
 * read only its pixels, mask-runs runMeans).
 */
export function labelComponents(m: Mask): { labels: Int32Array; boxes: Box[]; runs: MaskRuns } {
  const { width: w, height: h } = m;
  const runs = maskRuns(m.data, w, h, true);
  const labels = new Int32Array(w * h);
  for (let k = 0; k < runs.count; k++) labels.fill(runs.component[k]! + 1, runs.y[k]! * w + runs.x0[k]!, runs.y[k]! * w + runs.x1[k]!);
  return { labels, boxes: runBoxes(runs), runs };
}

/** 255 where `values` (row-major, width × height) is at least `threshold`, else 0. */
export function maskAtLeast(values: Float32Array, width: number, height: number, threshold: number): Mask {
  const m = emptyMask(width, height), d = m.data;
  for (let i = 0; i < d.length; i++) if (values[i]! >= threshold) d[i] = 255;
  return m;
}

/** Clears the pixels of the components of `labels` (labelComponents) whose `keep` entry (index k − 1 for label k) is false. */
export function clearComponents(m: Mask, labels: Int32Array, keep: boolean[]): void {
  if (!keep.includes(false)) return;
  const d = m.data;
  for (let p = 0; p < labels.length; p++) if (labels[p] && !keep[labels[p]! - 1]) d[p] = 0;
}

/** Bounding boxes of the 4-connected components of nonzero pixels, in scan order. */
export function maskComponents(m: Mask): Box[] {
  return labelComponents(m).boxes;
}

export function boundingBox(m: Mask): Box | null {
  let x0 = m.width, y0 = m.height, x1 = -1, y1 = -1;
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if (!m.data[y * m.width + x]) continue;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Intersection over union of the nonzero pixels of two masks of the same size (1 when both are empty). */
export function maskIoU(a: Mask, b: Mask): number {
  let inter = 0, union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const p = a.data[i]! > 0, q = b.data[i]! > 0;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * Inside distance: for each masked pixel, the (chamfer 3-4) distance in pixels to the nearest unmasked
 * pixel or image border; 0 outside. Feathering reads it so the blend fades in from the mask's edge.
 */
export function insideDistance(m: Mask): Float32Array {
  const { width: w, height: h } = m;
  const INF = 1e9;
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = m.data[i] ? INF : 0;
  // a neighbour outside the image counts as outside the mask (distance 0)
  for (let y = 0; y < h; y++) {
    for (let x = 0, i = y * w; x < w; x++, i++) {
      if (!d[i]) continue;
      const l = x > 0 ? d[i - 1]! : 0, u = y > 0 ? d[i - w]! : 0;
      const ul = x > 0 && y > 0 ? d[i - w - 1]! : 0, ur = x < w - 1 && y > 0 ? d[i - w + 1]! : 0;
      d[i] = Math.min(d[i]!, l + 3, u + 3, ul + 4, ur + 4);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1, i = y * w + w - 1; x >= 0; x--, i--) {
      if (!d[i]) continue;
      const r = x < w - 1 ? d[i + 1]! : 0, b = y < h - 1 ? d[i + w]! : 0;
      const br = x < w - 1 && y < h - 1 ? d[i + w + 1]! : 0, bl = x > 0 && y < h - 1 ? d[i + w - 1]! : 0;
      d[i] = Math.min(d[i]!, r + 3, b + 3, br + 4, bl + 4);
    }
  }
  for (let i = 0; i < d.length; i++) d[i] = d[i]! / 3;
  return d;
}

/** Clears 4-connected components with fewer than minPixels pixels (in place). */
export function dropSmallComponents(m: Mask, minPixels: number): void {
  const { width: w, height: h, data } = m;
  const runs = maskRuns(data, w, h, true);
  const size = new Float64Array(runs.components);
  for (let k = 0; k < runs.count; k++) size[runs.component[k]!] += runs.x1[k]! - runs.x0[k]!;
  for (let k = 0; k < runs.count; k++) if (size[runs.component[k]!]! < minPixels) data.fill(0, runs.y[k]! * w + runs.x0[k]!, runs.y[k]! * w + runs.x1[k]!);
}

/**
 * Sets to 255 the 4-connected components of zero pixels that do not touch the border (holes inside
 * regions), and every nonzero pixel, in place: all but the background that reaches the border.
 */
export function fillHoles(m: Mask): void {
  const { width: w, height: h, data } = m;
  const runs = maskRuns(data, w, h, false);
  const outside = new Uint8Array(runs.components);
  for (let k = 0; k < runs.count; k++) {
    if (runs.y[k] === 0 || runs.y[k] === h - 1 || runs.x0[k] === 0 || runs.x1[k] === w) outside[runs.component[k]!] = 1;
  }
  data.fill(255);
  for (let k = 0; k < runs.count; k++) if (outside[runs.component[k]!]) data.fill(0, runs.y[k]! * w + runs.x0[k]!, runs.y[k]! * w + runs.x1[k]!);
}
