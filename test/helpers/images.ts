// Small generated image datasets for tests: coloured shapes drawn into raw pixels and saved with sharp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export function tempDir(prefix = 'tessera-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A w×h RGB image: background colour plus a square whose place and colour depend on `k`. */
export function shapeImage(w: number, h: number, k: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  const bg = [(k * 53) % 256, (k * 97) % 256, (k * 31) % 256];
  const fg = [255 - bg[0]!, 255 - bg[1]!, 255 - bg[2]!];
  const s = Math.max(2, Math.floor(Math.min(w, h) / 3));
  const x0 = (k * 7) % (w - s), y0 = (k * 5) % (h - s);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = x >= x0 && x < x0 + s && y >= y0 && y < y0 + s;
      for (let c = 0; c < 3; c++) px[(y * w + x) * 3 + c] = (inside ? fg : bg)[c]!;
    }
  return px;
}

/** Target of a pair: the input with colours inverted (a map a small network can learn). */
export function invert(px: Uint8Array): Uint8Array {
  return px.map((v) => 255 - v);
}

export async function writeImage(file: string, px: Uint8Array, w: number, h: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toFile(file);
}

/** dir/train/NNN.png holding A | B side by side (the pix2pix layout). */
export async function makeAlignedDataset(dir: string, n: number, w: number, h: number): Promise<void> {
  for (let k = 0; k < n; k++) {
    const a = shapeImage(w, h, k + 1), b = invert(a);
    const ab = new Uint8Array(2 * w * h * 3);
    for (let y = 0; y < h; y++) {
      ab.set(a.subarray(y * w * 3, (y + 1) * w * 3), y * 2 * w * 3);
      ab.set(b.subarray(y * w * 3, (y + 1) * w * 3), (y * 2 * w + w) * 3);
    }
    await writeImage(path.join(dir, 'train', `${String(k).padStart(3, '0')}.png`), ab, 2 * w, h);
  }
}

/** dir/trainA and dir/trainB with nA and nB unrelated images (the CycleGAN layout). */
export async function makeUnalignedDataset(dir: string, nA: number, nB: number, w: number, h: number): Promise<void> {
  for (let k = 0; k < nA; k++) await writeImage(path.join(dir, 'trainA', `a${k}.png`), shapeImage(w, h, k + 1), w, h);
  for (let k = 0; k < nB; k++) await writeImage(path.join(dir, 'trainB', `b${k}.png`), invert(shapeImage(w, h, k + 11)), w, h);
}
