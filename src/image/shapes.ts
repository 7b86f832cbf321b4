// Filled boxes and ellipses on a one-byte-per-pixel mask: the recorded regions of `tessera pairs`,
// rasterised the same way by the tool that makes the pairs and by the readers that train on them.

export interface Shape { shape: 'box' | 'ellipse'; x: number; y: number; w: number; h: number }

/** Sets every pixel inside one of the shapes (pixel centres, ellipses inscribed in their box) to 255. */
export function drawShapes<M extends { data: Uint8Array; width: number; height: number }>(mask: M, shapes: readonly Shape[]): M {
  const { width: W, height: H } = mask;
  for (const { shape, x, y, w, h } of shapes) {
    for (let yy = Math.max(0, y); yy < Math.min(H, y + h); yy++) for (let xx = Math.max(0, x); xx < Math.min(W, x + w); xx++) {
      const inside = shape === 'box' || ((xx + 0.5 - x - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - y - h / 2) / (h / 2)) ** 2 <= 1;
      if (inside) mask.data[yy * W + xx] = 255;
    }
  }
  return mask;
}
