// `tessera demo`: the whole job on a few sample photos. Each photo gets a box mosaic through the censor
// library, the mosaic is found again by the detector, restored by the restorer (and by bicubic for
// comparison), and scored inside the censored region; the results go into a grid PNG
// (original | mosaic | bicubic | restored) and a short side-by-side pan clip.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellGrid } from '../image/cells.js';
import { readRaster, writeRaster, type Raster } from '../image/raster.js';
import { contactSheet } from '../image/sheet.js';
import { censorImage } from '../mosaic/censor.js';
import { findMosaicRegions, type FindMosaicOptions } from '../mosaic/find.js';
import type { Box, Mask } from '../mosaic/mask.js';
import type { MosaicStyle } from '../mosaic/pixelate.js';
import { parseRegion } from '../mosaic/regions.js';
import { CANDIDATES, type Candidate } from './evaluate.js';
import type { EvalTableRow } from './eval-table.js';
import { regionScores, type RegionScores } from './metrics.js';
import { writePanClip } from './demo-video.js';
import { Restorer, restoreBicubic, type RestoreTarget } from './restorer.js';

/** A sample photo (a file in assets/demo/) and where the demo puts its mosaic. */
export interface DemoPhoto { file: string; box: Box; block: number; style?: MosaicStyle }

/** Evaluation photos (docs/photos.md), 640×400: never in the training set. Boxes sit on detail. */
export const DEMO_PHOTOS: readonly DemoPhoto[] = [
  { file: 'boats.jpg', box: { x: 160, y: 180, w: 240, h: 140 }, block: 8 },
  { file: 'ladybird.jpg', box: { x: 360, y: 120, w: 200, h: 160 }, block: 12 },
  { file: 'cups.jpg', box: { x: 200, y: 80, w: 240, h: 200 }, block: 16 },
];

export interface DemoOptions {
  /** Where the files go (created); default tessera-demo/ in the working directory. */
  outDir?: string;
  /** Restorer checkpoint; default the shipped one. */
  modelFile?: string;
  /** Photos as paths (absolute, or relative to assets/demo/); default DEMO_PHOTOS. */
  photos?: readonly DemoPhoto[];
  /** Frames of the pan clip (default 60) and its rate (default 24 fps). */
  videoFrames?: number;
  fps?: number;
  detect?: FindMosaicOptions;
  /** What the demo is doing now, for a progress line. */
  onStep?: (what: string, done: number, total: number) => void;
}

export interface DemoCase {
  photo: string;
  block: number;
  box: Box;
  /** The regions the detector found (cell size and phase as it measured them). */
  detected: { box: Box; grid: CellGrid }[];
  /** True when the detector found nothing usable and the censored box was restored instead. */
  usedGivenRegion: boolean;
  scores: Record<Candidate, RegionScores>;
}

export interface DemoResult {
  outDir: string;
  grid: string;
  video: string;
  cases: DemoCase[];
  /** One row per photo and their mean, in the evaluation table's shape. */
  rows: EvalTableRow[];
  videoFrames: number;
  seconds: number;
}

export function demoAssetsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const d = path.join(dir, 'assets', 'demo');
    if (fs.existsSync(d)) return d;
  }
  throw new Error('assets/demo/ not found: the demo photos ship with the repository');
}

async function rgb(file: string): Promise<Raster> {
  const r = await readRaster(file);
  if (r.channels === 3) return r;
  const data = new Uint8Array(r.width * r.height * 3);
  for (let p = 0; p < r.width * r.height; p++) for (let c = 0; c < 3; c++) data[p * 3 + c] = r.data[p * r.channels + c]!;
  return { data, width: r.width, height: r.height, channels: 3 };
}

interface Restored { c: DemoCase; original: Raster; mosaic: Raster; mask: Mask; bicubic: Raster; restored: Raster; grid: CellGrid }

async function restorePhoto(photo: DemoPhoto, file: string, restorer: Restorer, detect: FindMosaicOptions): Promise<Restored> {
  const original = await rgb(file);
  const { x, y, w, h } = photo.box;
  const censored = await censorImage(original, [parseRegion(`box:${x},${y},${w},${h}`)], { block: photo.block, style: photo.style ?? 'mean', phase: 'box' });
  const mod = (a: number) => ((a % photo.block) + photo.block) % photo.block;
  const given: RestoreTarget = { box: photo.box, grid: { blockW: photo.block, blockH: photo.block, phaseX: mod(x), phaseY: mod(y) } };
  const found = findMosaicRegions(censored.image, detect);
  const detected = found.regions.filter((r) => r.block > 0)
    .map((r) => ({ box: { x: r.x, y: r.y, w: r.w, h: r.h }, grid: { blockW: r.block, blockH: r.blockH, phaseX: r.phaseX, phaseY: r.phaseY } }));
  const usedGivenRegion = !detected.length;
  const [mask, targets] = usedGivenRegion ? [censored.mask, [given]] : [found.mask, detected];
  const bicubic = restoreBicubic(censored.image, mask, targets);
  const restored = restorer.restore(censored.image, mask, targets);
  const score = (r: Raster) => regionScores(r, original, censored.mask, photo.box);
  const scores = { mosaic: score(censored.image), bicubic: score(bicubic), restorer: score(restored) };
  return {
    c: { photo: file, block: photo.block, box: photo.box, detected, usedGivenRegion, scores },
    original, mosaic: censored.image, mask: censored.mask, bicubic, restored, grid: given.grid,
  };
}

function tableRows(cases: DemoCase[]): EvalTableRow[] {
  const row = (group: string, cs: DemoCase[]): EvalTableRow => {
    const mean = (k: Candidate, m: keyof RegionScores) => cs.reduce((s, c) => s + Math.min(c.scores[k][m], 99), 0) / cs.length;
    const scores = Object.fromEntries(CANDIDATES.map((k) => [k, { psnr: mean(k, 'psnr'), ssim: mean(k, 'ssim'), gradientRatio: mean(k, 'gradientRatio') }])) as Record<Candidate, RegionScores>;
    return { group, n: cs.length, scores, gainPsnr: scores.restorer.psnr - scores.bicubic.psnr, gainSsim: scores.restorer.ssim - scores.bicubic.ssim };
  };
  return [...cases.map((c) => ({ ...row(`${path.basename(c.photo)} ${c.block} px`, [c]), block: c.block })), row('mean', cases)];
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const outDir = path.resolve(o.outDir ?? 'tessera-demo');
  const photos = o.photos ?? DEMO_PHOTOS;
  if (!photos.length) throw new Error('the demo needs at least one photo');
  const frames = o.videoFrames ?? 60, fps = o.fps ?? 24;
  if (!(Number.isInteger(frames) && frames >= 1)) throw new Error(`videoFrames must be a whole number ≥ 1, got ${frames}`);
  const files = photos.map((p) => (path.isAbsolute(p.file) ? p.file : path.join(demoAssetsDir(), p.file)));
  const restorer = Restorer.load(o.modelFile);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    const done: Restored[] = [];
    for (const [i, p] of photos.entries()) {
      o.onStep?.(`censor, detect, restore ${path.basename(files[i]!)}`, i, photos.length);
      done.push(await restorePhoto(p, files[i]!, restorer, o.detect ?? {}));
    }
    const cases = done.map((d) => d.c);
    const label = (d: Restored) => {
      const s = d.c.scores, found = d.c.usedGivenRegion ? 'not detected, censored box restored' : `detected ${d.c.detected.length} region(s)`;
      return `${path.basename(d.c.photo)}: ${d.c.block} px cells, ${found}; PSNR bicubic ${s.bicubic.psnr.toFixed(2)} dB, restored ${s.restorer.psnr.toFixed(2)} dB`;
    };
    const sheet = await contactSheet(['original', 'mosaic', 'bicubic', 'restored'],
      done.map((d) => ({ label: label(d), images: [d.original, d.mosaic, d.bicubic, d.restored] })));
    const grid = path.join(outDir, 'restore-grid.png');
    await writeRaster(grid, sheet);

    const v = done[0]!;
    const video = path.join(outDir, 'restore-pan.mp4');
    await writePanClip(video, v.mosaic, v.mask, photos[0]!.box, v.grid, restorer,
      { frames, fps, onFrame: (k, n) => o.onStep?.('pan clip', k, n) });
    return { outDir, grid, video, cases, rows: tableRows(cases), videoFrames: frames, seconds: (performance.now() - t0) / 1000 };
  } finally {
    restorer.net.dispose();
  }
}
