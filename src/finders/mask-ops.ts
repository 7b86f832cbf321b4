// Small operations on single-channel maps and binary masks: threshold, dilation, and bounding boxes of
// connected components (labelled by image/mask.ts).
import { labelComponents } from '../image/mask.js';
import type { ScoredBox } from '../util/box.js';

export function thresholdMap(map: Float32Array, threshold: number): Uint8Array {
  const mask = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) mask[i] = map[i] >= threshold ? 1 : 0;
  return mask;
}

/** Square dilation with radius r (a (2r+1)^2 max filter), done as two 1-D passes: rows, then columns. */
export function dilateMask(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return mask.slice();
  return maxPass(maxPass(mask, width, height, 1, width, r), height, width, width, 1, r);
}

/** The 1-D max filter of radius r along each of `lines` lines of n values (`step` apart, lines `gap` apart). */
function maxPass(src: Uint8Array, n: number, lines: number, step: number, gap: number, r: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let l = 0; l < lines; l++) {
    for (let i = 0; i < n; i++) {
      let on = 0;
      for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r) && !on; j++) on = src[l * gap + j * step]!;
      out[l * gap + i * step] = on;
    }
  }
  return out;
}

/**
 * Bounding boxes of 4-connected components of a 0/1 mask; each box's score is the largest `map` value
 * inside its component (1 when no map is given). Components smaller than minArea pixels are dropped.
 */
export function componentBoxes(mask: Uint8Array, width: number, height: number, map?: Float32Array, minArea = 1): ScoredBox[] {
  const { labels, boxes } = labelComponents({ data: mask, width, height });
  const area = new Float64Array(boxes.length + 1), best = new Float64Array(boxes.length + 1).fill(map ? -Infinity : 1);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i]!;
    if (!k) continue;
    area[k]++;
    if (map && map[i]! > best[k]!) best[k] = map[i]!;
  }
  return boxes.flatMap((b, i) => (area[i + 1]! >= minArea ? [{ ...b, score: best[i + 1]! }] : []));
}
