// Face detection with MediaPipe's BlazeFace (the 256x256 "back camera" variant; the network runs on the
// engine, engine-faces.ts). It predicts, for 896 fixed anchors (a 16x16 grid with 2 anchors per cell and
// an 8x8 grid with 6), a score logit and 16 regressors: box centre offset, box size and 6 keypoints, all
// in input pixels relative to the anchor centre. Here: the input, the anchors and the decoding.
import type { Raster } from '../image/raster.js';
import type { ScoredBox } from '../util/box.js';

export const BLAZEFACE_INPUT = 256;

export type FaceBox = ScoredBox & {
  /** Right eye, left eye, nose, mouth, right ear, left ear (image pixels). */
  keypoints: [number, number][];
};

export interface FaceDetectorOptions {
  /** Minimum face score in [0, 1]; default 0.6. */
  minScore?: number;
  /** Overlap above which the weaker of two faces is dropped; default 0.3. */
  iouThreshold?: number;
  maxFaces?: number;
}

/** Anchor centres in [0, 1] coordinates, in the order the network's outputs use. */
export function blazefaceAnchors(): Float32Array {
  const layers: [number, number][] = [[16, 2], [8, 6]];
  const out = new Float32Array(896 * 2);
  let i = 0;
  for (const [grid, perCell] of layers) {
    for (let row = 0; row < grid; row++) for (let col = 0; col < grid; col++) for (let k = 0; k < perCell; k++) {
      out[i++] = (col + 0.5) / grid;
      out[i++] = (row + 0.5) / grid;
    }
  }
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));

/**
 * Turns raw outputs into boxes in the square letterboxed input's [0, 1] frame.
 * scores: 896 logits; regressors: 896 x 16.
 */
export function decodeBlazeface(scores: Float32Array, regressors: Float32Array, minScore: number): FaceBox[] {
  const anchors = blazefaceAnchors();
  const boxes: FaceBox[] = [];
  for (let i = 0; i < 896; i++) {
    const score = sigmoid(scores[i]);
    if (score < minScore) continue;
    const r = regressors.subarray(i * 16, i * 16 + 16);
    const ax = anchors[2 * i], ay = anchors[2 * i + 1];
    const cx = ax + r[0] / BLAZEFACE_INPUT, cy = ay + r[1] / BLAZEFACE_INPUT;
    const w = r[2] / BLAZEFACE_INPUT, h = r[3] / BLAZEFACE_INPUT;
    const keypoints: [number, number][] = [];
    for (let k = 0; k < 6; k++) keypoints.push([ax + r[4 + 2 * k] / BLAZEFACE_INPUT, ay + r[5 + 2 * k] / BLAZEFACE_INPUT]);
    boxes.push({ x: cx - w / 2, y: cy - h / 2, w, h, score, keypoints });
  }
  return boxes;
}

export function toImagePixels(f: FaceBox, side: number, width: number, height: number): FaceBox {
  const x0 = Math.max(0, f.x * side), y0 = Math.max(0, f.y * side);
  const x1 = Math.min(width, (f.x + f.w) * side), y1 = Math.min(height, (f.y + f.h) * side);
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0), score: f.score, keypoints: f.keypoints.map(([x, y]) => [x * side, y * side]) };
}

/**
 * The network input: the image padded right/bottom to a `side` x `side` square, bilinearly resampled to
 * size x size (pixel centres aligned) and scaled to [-1, 1]; padding is black (-1). Done in JS straight
 * from the uint8 frame: ~20x less work than converting a whole 1080p frame to a float tensor first.
 */
export function letterboxInput(image: Raster, side: number, size: number): Float32Array {
  const out = new Float32Array(size * size * 3).fill(-1);
  const { data, width, height } = image;
  const scale = side / size;
  for (let oy = 0; oy < size; oy++) {
    const sy = Math.max(0, (oy + 0.5) * scale - 0.5);
    if (sy > height - 1 + 0.5) break;
    const y0 = Math.min(height - 1, Math.floor(sy)), y1 = Math.min(height - 1, y0 + 1), ty = Math.min(1, sy - y0);
    for (let ox = 0; ox < size; ox++) {
      const sx = Math.max(0, (ox + 0.5) * scale - 0.5);
      if (sx > width - 1 + 0.5) break;
      const x0 = Math.min(width - 1, Math.floor(sx)), x1 = Math.min(width - 1, x0 + 1), tx = Math.min(1, sx - x0);
      const a = (y0 * width + x0) * 3, b = (y0 * width + x1) * 3, c = (y1 * width + x0) * 3, d = (y1 * width + x1) * 3;
      const o = (oy * size + ox) * 3;
      for (let k = 0; k < 3; k++) {
        const v = (1 - ty) * ((1 - tx) * data[a + k] + tx * data[b + k]) + ty * ((1 - tx) * data[c + k] + tx * data[d + k]);
        out[o + k] = v / 127.5 - 1;
      }
    }
  }
  return out;
}
