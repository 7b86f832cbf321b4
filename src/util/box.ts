// The one box type, in pixels: {x, y, w, h} (finders' boxes may be fractional), and the few things done
// with boxes everywhere: overlap, growing, whole-pixel cover, union, the words for one in a message.

export interface Box { x: number; y: number; w: number; h: number }

/** A box as people write it in messages: x,y w×h. */
export const describeBox = (b: Box) => `${b.x},${b.y} ${b.w}×${b.h}`;

/** A detection: a box with its confidence. */
export type ScoredBox = Box & { score: number };

/** Intersection over union (0 when both are empty). */
export function boxIou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w), y1 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Grows a box by `frac` of its size on every side, clipped to the image when one is given. */
export function growBox<B extends Box>(b: B, frac: number, image?: { width: number; height: number }): B {
  const lo = image ? 0 : -Infinity;
  const x0 = Math.max(lo, b.x - b.w * frac), y0 = Math.max(lo, b.y - b.h * frac);
  const x1 = Math.min(image?.width ?? Infinity, b.x + b.w * (1 + frac)), y1 = Math.min(image?.height ?? Infinity, b.y + b.h * (1 + frac));
  return { ...b, x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Whole-pixel boxes covering fractional ones outward, clipped to the image; empty ones dropped. */
export function pixelBoxes<B extends Box>(boxes: B[], width: number, height: number): Box[] {
  return boxes.map((b) => {
    const x0 = Math.max(0, Math.floor(b.x)), y0 = Math.max(0, Math.floor(b.y));
    const x1 = Math.min(width, Math.ceil(b.x + b.w)), y1 = Math.min(height, Math.ceil(b.y + b.h));
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }).filter((b) => b.w > 0 && b.h > 0);
}

/** The union of two boxes (either may be null). */
export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a || !b) return a ?? b;
  const x0 = Math.min(a.x, b.x), y0 = Math.min(a.y, b.y);
  return { x: x0, y: y0, w: Math.max(a.x + a.w, b.x + b.w) - x0, h: Math.max(a.y + a.h, b.y + b.h) - y0 };
}
