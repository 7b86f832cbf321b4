// Greedy non-maximum suppression: keep the best box, drop the ones overlapping it, repeat.
import { boxIou, type ScoredBox } from '../util/box.js';

export function nonMaxSuppression<T extends ScoredBox>(boxes: T[], iouThreshold: number, maxBoxes = Infinity): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const b of sorted) {
    if (kept.length >= maxBoxes) break;
    if (kept.every((k) => boxIou(k, b) <= iouThreshold)) kept.push(b);
  }
  return kept;
}
