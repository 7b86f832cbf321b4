// Training samples for the learned mosaic detector, made on the fly: a random crop of a real photo at a
// random scale, a random mask (boxes, ellipses, blobs, sometimes nothing or everything) pixelated with a
// random style, cell size, grid phase and feather, sometimes resized afterwards (cells of fractional
// size), then re-encoded as JPEG or WebP at a random quality, or (whole batches) through H.264. Some
// crops are blurred first: fog, sky and defocused backgrounds are smooth without being mosaics. The
// target is the mask itself: every pixel the censor touched, including cells over flat sky where the
// mosaic changed little. Negatives that look like mosaics without being one: synthetic regular patterns
// painted into the crop (checkerboards, banding, screen doors, brick, blurred pixel art) and photos saved
// as blocky JPEG and enlarged 2–4× (a zoomed screenshot); a mosaic may still fall over either.
import sharp from 'sharp';
import { encodeRaster, jpegRoundTrip, readRaster, resizeRaster, type Raster, type ResizeKernel } from '../image/raster.js';
import { boxesToMask, emptyMask, type Mask } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { crop } from '../image/sheet.js';
import { rngFor, type Rng } from '../util/rng.js';
import type { HostBatch } from './loader.js';
import { h264RoundTrip } from '../video/h264-roundtrip.js';
import { detectorInput, inputChannels, NO_CODEC_GRID, type InputKind } from '../models/mosaic-input.js';
import { shrinkRaster } from '../image/shrink.js';
import { paintHardNegative, type HardNegative } from './hard-negatives.js';

/** Each photo, RGB, at a few widths: crops then show the same scene at different scales. */
export interface PhotoBank { name: string; scales: Raster[] }

const BANK_WIDTHS = [384, 640, 1024, 1600];

export async function loadPhotoBank(files: string[], minSide: number, o: { onBadFile?: (file: string, message: string) => void } = {}): Promise<PhotoBank[]> {
  const bank: PhotoBank[] = [];
  let bad = 0;
  for (const file of files) {
    let photo: Raster;
    try {
      photo = await readRaster(file, file, { animated: 'first-frame' });
    } catch (e) {
      // one broken photo among thousands is left out (told to the caller); without onBadFile it stops the run
      if (!o.onBadFile) throw e;
      o.onBadFile(file, (e as Error).message.split('\n')[0]!);
      bad++;
      continue;
    }
    const rgb = photo.channels === 3 ? photo : await flattenAlpha(photo);
    const scales: Raster[] = [];
    for (const w of BANK_WIDTHS) {
      if (w > rgb.width) break;
      const h = Math.round((rgb.height / rgb.width) * w);
      if (Math.min(w, h) >= minSide) scales.push(await resizeRaster(rgb, w, h));
    }
    if (Math.min(rgb.width, rgb.height) >= minSide && rgb.width < BANK_WIDTHS.at(-1)!) scales.push(rgb);
    if (scales.length) bank.push({ name: file, scales });
  }
  if (!bank.length) {
    throw new Error(bad ? `no training photo can be used: ${bad} of ${files.length} did not decode, the rest are under ${minSide} px on their short side`
      : `no training photo is at least ${minSide} px on its short side`);
  }
  return bank;
}

async function flattenAlpha(r: Raster): Promise<Raster> {
  const { data, info } = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels as 4 } })
    .flatten({ background: '#808080' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

/** A w×h window of a bank photo (RGB), mirrored left to right when `flip` (sheet.ts's crop copies rows as they are). */
function photoCrop(r: Raster, x0: number, y0: number, w: number, h: number, flip: boolean): Raster {
  if (!flip) return crop(r, x0, y0, w, h);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = ((y0 + y) * r.width + x0 + w - 1 - x) * 3, d = (y * w + x) * 3;
      out[d] = r.data[s]!; out[d + 1] = r.data[s + 1]!; out[d + 2] = r.data[s + 2]!;
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}

/** Random censor shapes: 1–3 boxes, ellipses or blobs (unions of discs); sometimes none or the whole crop. */
export function randomMask(rng: Rng, w: number, h: number): Mask {
  const u = rng.random();
  if (u < 0.18) return emptyMask(w, h);
  if (u < 0.24) return boxesToMask(w, h, [{ x: 0, y: 0, w, h }]);
  const m = emptyMask(w, h);
  const shapes = rng.int(1, 3);
  for (let s = 0; s < shapes; s++) {
    const bw = Math.round(w * (0.15 + 0.7 * rng.random())), bh = Math.round(h * (0.15 + 0.7 * rng.random()));
    const x = rng.int(-bw / 4, w - (3 * bw) / 4), y = rng.int(-bh / 4, h - (3 * bh) / 4);
    const kind = rng.random();
    if (kind < 0.6) {
      const b = boxesToMask(w, h, [{ x, y, w: bw, h: bh }]);
      for (let i = 0; i < b.data.length; i++) m.data[i] ||= b.data[i]!;
    } else if (kind < 0.85) {
      fillEllipse(m, x + bw / 2, y + bh / 2, bw / 2, bh / 2);
    } else {
      for (let d = rng.int(2, 5); d > 0; d--) {
        const r = Math.min(bw, bh) * (0.2 + 0.3 * rng.random());
        fillEllipse(m, x + bw * rng.random(), y + bh * rng.random(), r, r);
      }
    }
  }
  return m;
}

function fillEllipse(m: Mask, cx: number, cy: number, rx: number, ry: number): void {
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(m.height, Math.ceil(cy + ry)); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(m.width, Math.ceil(cx + rx)); x++) {
      if (((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1) m.data[y * m.width + x] = 255;
    }
  }
}

const STYLES: readonly MosaicStyle[] = ['mean', 'mean', 'center', 'random', 'rect', 'circle'];

export interface Sample {
  image: Raster;
  mask: Mask;
  /** Made at full size and shrunk: its codec blocks no longer sit on a lattice. */
  shrunk?: boolean;
}

export interface SynthOptions {
  /** Share of crops blurred (Gaussian σ 1–8) before the mosaic. */
  blur?: number;
  /** Leave out the JPEG/WebP re-encoding (the caller re-encodes, e.g. a whole batch through H.264). */
  raw?: boolean;
  /** Share of crops with a synthetic regular pattern painted into a box, outside the target. */
  hardNegatives?: number;
  /** Share of crops taken 2–4× smaller, saved as JPEG q15–60 and enlarged back (blocky, soft, not a mosaic). */
  upscaled?: number;
  /**
   * Share of samples made as a large photo reaches the network: mosaic (cells 5–60 px) and re-encoding at
   * full size, then an area shrink by 0.3–0.5 to the crop (detect/working-scale.ts); no codec grid then.
   */
  shrunk?: number;
  /**
   * Share of crops with cells of 24–40 px as the network sees them (3–5 across the crop): a 60-px mosaic on
   * a photo seen at scale 0.4, or in the coarse look at 0.4 of a ≤ 1024-px photo.
   */
  largeCells?: number;
}

// Unblurred pixel art is left out: its geometry is a mosaic's (flat cells on one lattice).
const NEGATIVE_PATTERNS: readonly HardNegative[] = ['checkerboard', 'steps', 'screen-door', 'brick', 'pixel-art-blurred'];
const ENLARGE_KERNELS: readonly ResizeKernel[] = ['linear', 'cubic', 'mitchell', 'lanczos3'];

/** One size×size training sample; every choice drawn from rng. */
export async function synthSample(bank: PhotoBank[], rng: Rng, size: number, o: SynthOptions = {}): Promise<Sample> {
  // Resizing after pixelation gives cells of fractional size and soft grid lines (a mosaic that was
  // scaled with its picture); the crop is taken at the pre-resize side.
  const shrink = o.shrunk && rng.random() < o.shrunk ? 0.3 + 0.2 * rng.random() : 0;
  // (each draw happens only when its option is on: old runs keep their batches)
  const large = !shrink && !!o.largeCells && rng.random() < o.largeCells;
  const rescale = !shrink && !large && rng.random() < 0.15 ? 0.6 + 0.8 * rng.random() : 1;
  const side = Math.round(size / (shrink || rescale));
  const photo = rng.pick(bank);
  const fits = photo.scales.filter((r) => r.width >= side && r.height >= side);
  const src = fits.length ? rng.pick(fits) : photo.scales.at(-1)!;
  // An enlarged crop starts smaller (the draws happen only when the option is on: old runs keep their batches).
  const enlarge = o.upscaled && rng.random() < o.upscaled ? 2 + 2 * rng.random() : 1;
  const want = Math.max(16, Math.round(side / enlarge));
  const cw = Math.min(want, src.width), ch = Math.min(want, src.height);
  let image = photoCrop(src, rng.int(0, src.width - cw), rng.int(0, src.height - ch), cw, ch, rng.random() < 0.5);
  if (enlarge !== 1) image = await resizeRaster(await jpegRoundTrip(image, rng.int(15, 60)), side, side, rng.pick(ENLARGE_KERNELS));
  else if (cw !== side || ch !== side) image = await resizeRaster(image, side, side);
  if (o.blur && rng.random() < o.blur) image = await blurRaster(image, 1 + 7 * rng.random());
  if (o.hardNegatives && rng.random() < o.hardNegatives) {
    const bw = Math.round(side * (0.25 + 0.6 * rng.random())), bh = Math.round(side * (0.25 + 0.6 * rng.random()));
    const box = { x: rng.int(0, side - bw), y: rng.int(0, side - bh), w: bw, h: bh };
    image = paintHardNegative(image, box, rng.pick(NEGATIVE_PATTERNS), rng.int(0, 2 ** 31));
  }
  let mask = randomMask(rng, side, side);
  // Cell sizes 4–24 px as the network sees them (5–60 before a shrink), small ones more often (log-uniform).
  const [lo, hi] = shrink ? [5, 60] : large ? [24, 40] : [4, 24];
  const block = Math.round(Math.exp(Math.log(lo) + rng.random() * (Math.log(hi) - Math.log(lo))));
  image = pixelate(image, mask, {
    style: rng.pick(STYLES), block, aspect: 1.5 + rng.random(), phase: 'random', seed: rng.int(0, 2 ** 31),
    feather: rng.random() < 0.12 ? rng.int(1, Math.max(1, Math.floor(block / 2))) : 0,
  }).image;
  if (shrink) {
    if (!o.raw) image = await degrade(image, rng);
    return { image: shrinkRaster(image, size, size), mask: resizeMaskNearest(mask, size, size), shrunk: true };
  }
  if (rescale !== 1) {
    image = await resizeRaster(image, size, size);
    mask = resizeMaskNearest(mask, size, size);
  }
  return { image: o.raw ? image : await degrade(image, rng), mask };
}

async function blurRaster(r: Raster, sigma: number): Promise<Raster> {
  const { data, info } = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } })
    .blur(sigma).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

function resizeMaskNearest(m: Mask, w: number, h: number): Mask {
  const out = emptyMask(w, h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(m.height - 1, Math.floor(((y + 0.5) * m.height) / h));
    for (let x = 0; x < w; x++) out.data[y * w + x] = m.data[sy * m.width + Math.min(m.width - 1, Math.floor(((x + 0.5) * m.width) / w))]!;
  }
  return out;
}

/** Re-encoding as met in the wild: JPEG (once or twice), WebP, or none. */
async function degrade(r: Raster, rng: Rng): Promise<Raster> {
  const u = rng.random();
  if (u < 0.1) return r;
  let out = await readRaster(await encodeRaster(r, { format: u < 0.2 ? 'webp' : 'jpeg', quality: rng.int(40, 98) }));
  if (u > 0.9) out = await jpegRoundTrip(out, rng.int(50, 95));
  return out;
}

/** Each sample's options (SynthOptions; `raw` is decided per batch, by `h264`), and the batch's own. */
export interface BatchOptions extends Omit<SynthOptions, 'raw'> {
  inputs: InputKind;
  /** Share of batches re-encoded together through H.264 (x264 CRF 18–30) instead of JPEG/WebP. */
  h264?: number;
}

/** A batch as float tensors' data: inputs [n, C, s, s] (features.ts), targets [n, 1, s, s] in {0, 1}. */
export async function synthBatch(bank: PhotoBank[], rng: Rng, n: number, size: number, o: BatchOptions): Promise<{ x: Float32Array; y: Float32Array }> {
  const px = size * size, C = inputChannels(o.inputs);
  const video = !!o.h264 && rng.random() < o.h264;
  const samples: Sample[] = [];
  for (let b = 0; b < n; b++) samples.push(await synthSample(bank, rng, size, { ...o, raw: video }));
  if (video) {
    // Sides stay even here (size is a multiple of 16), so the frames come back whole.
    const frames = h264RoundTrip(samples.map((s) => s.image), rng.int(18, 30), 'veryfast');
    frames.forEach((f, b) => { samples[b]!.image = f; });
  }
  const x = new Float32Array(n * C * px), y = new Float32Array(n * px);
  samples.forEach(({ image, mask, shrunk }, b) => {
    // The codec's block lattice: 4 for H.264, 8 for JPEG, none after a shrink (as the detector is told at inference).
    x.set(detectorInput(image, o.inputs, shrunk ? NO_CODEC_GRID : video ? 4 : 8), b * C * px);
    for (let i = 0; i < px; i++) y[b * px + i] = mask.data[i]! ? 1 : 0;
  });
  return { x, y };
}

/**
 * The detector's training batches as a batch source of one batch per epoch: batch k is drawn from
 * rngFor(seed, k), so any step can be made again without the ones before it (what resuming needs).
 */
export function synthBatches(bank: PhotoBank[], o: BatchOptions & { seed: number; batch: number; size: number }) {
  const C = inputChannels(o.inputs), s = o.size;
  return {
    batchesPerEpoch: 1,
    async *epoch(k: number, start: number): AsyncGenerator<HostBatch> {
      if (start > 0) return;
      const t0 = performance.now();
      const { x, y } = await synthBatch(bank, rngFor(o.seed, k), o.batch, s, o);
      yield { A: { data: x, shape: [o.batch, C, s, s] }, B: { data: y, shape: [o.batch, 1, s, s] }, paths: [], index: 0, waitMs: performance.now() - t0 };
    },
    close: async () => {},
  };
}
