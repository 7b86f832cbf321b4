// Small operations on single-channel maps and binary masks: threshold, dilation, and bounding boxes of
// connected components (labelled by image/mask.ts).
import { labelComponents } from '../image/mask.js';
import type { ScoredBox } from '../util/box.js';

export function thresholdMap(map: Float32Array, threshold: number): Uint8Array {
  const mask = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) mask[i] = map[i] >= threshold ? 1 : 0;
  return mask;
}

/** Square dilation with radius r (a (2r+1)^2 max filter), done as two 1-D passes. */
export function dilateMask(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return mask.slice();
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let on = 0;
      for (let dx = Math.max(0, x - r); dx <= Math.min(width - 1, x + r) && !on; dx++) on = mask[y * width + dx];
      rows[y * width + x] = on;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      let on = 0;
      for (let dy = Math.max(0, y - r); dy <= Math.min(height - 1, y + r) && !on; dy++) on = rows[dy * width + x];
      out[y * width + x] = on;
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
