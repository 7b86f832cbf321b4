// Bilinear resampling of uint8 RGB frames straight into the float network input, in JS: far less work
// than turning a whole 1080p frame into a float tensor and resizing it there.

/**
 * Resizes to outW x outH with TF's `alignCorners = true` convention (corner pixels map onto corner
 * pixels), as nsfwjs feeds its classifier; values are scaled by `scale`.
 */
export function resizeAlignCorners(image: { data: Uint8Array; width: number; height: number }, outW: number, outH: number, scale: number): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(outW * outH * 3);
  const fy = outH > 1 ? (height - 1) / (outH - 1) : 0, fx = outW > 1 ? (width - 1) / (outW - 1) : 0;
  for (let oy = 0; oy < outH; oy++) {
    const sy = oy * fy, y0 = Math.floor(sy), y1 = Math.min(height - 1, y0 + 1), ty = sy - y0;
    for (let ox = 0; ox < outW; ox++) {
      const sx = ox * fx, x0 = Math.floor(sx), x1 = Math.min(width - 1, x0 + 1), tx = sx - x0;
      const a = (y0 * width + x0) * 3, b = (y0 * width + x1) * 3, c = (y1 * width + x0) * 3, d = (y1 * width + x1) * 3;
      const o = (oy * outW + ox) * 3;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k] + (data[b + k] - data[a + k]) * tx;
        const bottom = data[c + k] + (data[d + k] - data[c + k]) * tx;
        out[o + k] = (top + (bottom - top) * ty) * scale;
      }
    }
  }
  return out;
}
