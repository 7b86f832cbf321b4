// Greedy non-maximum suppression: keep the best box, drop the ones overlapping it, repeat.
import type { ScoredBox } from './types.js';

type Rect = { x: number; y: number; width: number; height: number };

export function boxIou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export function nonMaxSuppression<T extends ScoredBox>(boxes: T[], iouThreshold: number, maxBoxes = Infinity): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const b of sorted) {
    if (kept.length >= maxBoxes) break;
    if (kept.every((k) => boxIou(k, b) <= iouThreshold)) kept.push(b);
  }
  return kept;
}
