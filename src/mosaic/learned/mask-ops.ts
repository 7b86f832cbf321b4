// Small operations on single-channel maps and binary masks: threshold, dilation, and bounding boxes of
// connected components.
import type { ScoredBox } from './types.js';

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
 * Bounding boxes of 4-connected components of a mask; each box's score is the largest `map` value inside
 * it (1 when no map is given). Components smaller than minArea pixels are dropped.
 */
export function componentBoxes(mask: Uint8Array, width: number, height: number, map?: Float32Array, minArea = 1): ScoredBox[] {
  const label = new Int32Array(mask.length);
  const boxes: ScoredBox[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    next++;
    let x0 = width, y0 = height, x1 = -1, y1 = -1, area = 0, best = map ? -Infinity : 1;
    stack.push(start);
    label[start] = next;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width, y = (i - x) / width;
      area++;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      if (map && map[i] > best) best = map[i];
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
      for (const n of neighbours) if (n >= 0 && mask[n] && !label[n]) { label[n] = next; stack.push(n); }
    }
    if (area >= minArea) boxes.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1, score: best });
  }
  return boxes;
}
