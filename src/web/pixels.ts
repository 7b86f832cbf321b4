// Canvas pixels ↔ the network's tensors, computed exactly as the server does it (image/tensor.ts and
// translate/pad.ts), so the in-page input is bit for bit the libtorch input: x / 127.5 − 1 in float32,
// reflection padding to the side multiple split evenly (several reflections for a pad wider than the
// image, replication once a side is one pixel), and back: clamp, (x + 1) · 127.5, round half to even.

/** Source index of each padded row or column, following reflectPad's steps for both axes together. */
export function padIndices(height: number, width: number, multiple: number): { rows: number[]; cols: number[]; top: number; left: number } {
  const ph = Math.ceil(height / multiple) * multiple - height, pw = Math.ceil(width / multiple) * multiple - width;
  const top = Math.floor(ph / 2), left = Math.floor(pw / 2);
  let rows = Array.from({ length: height }, (_, i) => i), cols = Array.from({ length: width }, (_, i) => i);
  let [l, r, t, b] = [left, pw - left, top, ph - top];
  const reflect = (a: number[], before: number, after: number) =>
    [...a.slice(1, before + 1).reverse(), ...a, ...a.slice(a.length - 1 - after, a.length - 1).reverse()];
  const replicate = (a: number[], before: number, after: number) =>
    [...Array<number>(before).fill(a[0]!), ...a, ...Array<number>(after).fill(a[a.length - 1]!)];
  while (l + r + t + b > 0) {
    if (cols.length === 1 || rows.length === 1) {
      rows = replicate(rows, t, b);
      cols = replicate(cols, l, r);
      break;
    }
    const step = [Math.min(l, cols.length - 1), Math.min(r, cols.length - 1), Math.min(t, rows.length - 1), Math.min(b, rows.length - 1)] as const;
    cols = reflect(cols, step[0], step[1]);
    rows = reflect(rows, step[2], step[3]);
    l -= step[0]; r -= step[1]; t -= step[2]; b -= step[3];
  }
  return { rows, cols, top, left };
}

/** RGBA canvas bytes → [1, 3, H', W'] float32 in [−1, 1], padded to `multiple`. */
export function rgbaToInput(rgba: Uint8ClampedArray, width: number, height: number, multiple: number): { data: Float32Array; dims: number[]; top: number; left: number } {
  const { rows, cols, top, left } = padIndices(height, width, multiple);
  const H = rows.length, W = cols.length, plane = H * W;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < H; y++) {
    const src = rows[y]! * width;
    for (let x = 0; x < W; x++) {
      const p = (src + cols[x]!) * 4;
      for (let c = 0; c < 3; c++) data[c * plane + y * W + x] = Math.fround(Math.fround(rgba[p + c]! / 127.5) - 1);
    }
  }
  return { data, dims: [1, 3, H, W], top, left };
}

/** Round half to even, as torch.round. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v), d = v - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
}

/** [1, 3, H', W'] in [−1, 1] → RGB bytes of the width × height window at (top, left). */
export function outputToRgb(out: Float32Array, dims: number[], top: number, left: number, width: number, height: number): Uint8Array<ArrayBuffer> {
  const [, c, H, W] = dims as [number, number, number, number];
  if (c !== 3) throw new Error(`the network gave ${c} channels, not 3`);
  if (H < top + height || W < left + width) throw new Error(`the network gave ${W}×${H}, smaller than the ${width}×${height} image`);
  const plane = H * W, rgb = new Uint8Array(new ArrayBuffer(width * height * 3));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const q = (y + top) * W + x + left;
    for (let k = 0; k < 3; k++) {
      const v = Math.fround(Math.fround(Math.min(1, Math.max(-1, out[k * plane + q]!)) + 1) * 127.5);
      rgb[(y * width + x) * 3 + k] = roundHalfEven(v);
    }
  }
  return rgb;
}
