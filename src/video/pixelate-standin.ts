// Stand-in for the mosaic module's frame censor until it lands: mean-colour blocks over boxes, blocks
// aligned to the image grid so a box that moves by a pixel does not reshuffle every block.
import type { TrackBox } from './track.js';

export function pixelateBoxesInPlace(data: Uint8Array, width: number, height: number, boxes: TrackBox[], blockSize: number): void {
  const bs = Math.max(1, Math.round(blockSize));
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x)), y0 = Math.max(0, Math.floor(b.y));
    const x1 = Math.min(width, Math.ceil(b.x + b.width)), y1 = Math.min(height, Math.ceil(b.y + b.height));
    if (x1 <= x0 || y1 <= y0) continue;
    for (let by = Math.floor(y0 / bs) * bs; by < y1; by += bs) {
      for (let bx = Math.floor(x0 / bs) * bs; bx < x1; bx += bs) {
        const cx0 = Math.max(bx, x0), cy0 = Math.max(by, y0), cx1 = Math.min(bx + bs, x1), cy1 = Math.min(by + bs, y1);
        let r = 0, g = 0, bl = 0;
        for (let y = cy0; y < cy1; y++) for (let x = cx0; x < cx1; x++) {
          const i = (y * width + x) * 3;
          r += data[i]; g += data[i + 1]; bl += data[i + 2];
        }
        const n = (cx1 - cx0) * (cy1 - cy0);
        const mr = Math.round(r / n), mg = Math.round(g / n), mb = Math.round(bl / n);
        for (let y = cy0; y < cy1; y++) for (let x = cx0; x < cx1; x++) {
          const i = (y * width + x) * 3;
          data[i] = mr; data[i + 1] = mg; data[i + 2] = mb;
        }
      }
    }
  }
}
