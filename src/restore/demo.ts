// `tessera demo`: the whole job on a few sample photos. Each photo gets a box mosaic (image/pixelate, as
// censor makes one), then goes through restoreImage as any user's image would (the detector finds the mosaic, the
// safety policy applies, the restorer takes it off); bicubic on the same regions is the comparison.
// Scores are taken inside the censored box; the results go into a grid PNG (original | mosaic | bicubic |
// restored; with a restorer pair file one restored column per detail value, α = 0 | α = 1 by default), a
// short side-by-side pan clip and the scores table as text.
import fs from 'node:fs';
import path from 'node:path';
import { parseRegion } from '../inputs/regions.js';
import { BrisqueScorer } from '../image/brisque-model.js';
import { boxesToMask, type Mask } from '../image/mask.js';
import { pixelate, type MosaicStyle } from '../image/pixelate.js';
import { readRaster, rgbPixels, writeRaster, type Raster } from '../image/raster.js';
import { contactSheet } from '../image/sheet.js';
import type { SafetyChecker } from '../safety/checker.js';
import { shippedAsset } from '../io/assets.js';
import { checkOutputFree } from '../io/atomic.js';
import type { Box } from '../util/box.js';
import { writePanClip } from './demo-video.js';
import { CANDIDATES, type Candidate } from './evaluate.js';
import { formatEvaluationTable, type EvalTableRow } from './eval-table.js';
import { meanScores, regionScores, type RegionScores } from './metrics.js';
import { bicubicRestorer, planRestore, restorePlanned, type RestoredRegion, type RestoreImageOptions } from './restore-image.js';
import { checkDetail, Restorer, restoreBicubic, type RestoreTarget } from './restorer.js';
import type { CellStyle } from './consistency.js';
import type { FaceFinder } from './safety.js';
import { NoMosaicError } from './targets.js';

/** A sample photo (a file in assets/demo/) and where the demo puts its mosaic. */
export interface DemoPhoto { file: string; box: Box; block: number; style?: MosaicStyle }

/**
 * Evaluation photos (docs/photos.md), 640×400: never in the training set. Boxes sit on detail, and away
 * from the ladybird itself: blurred (bicubic), its red and black scored 0.5–0.9 Porn+Hentai on the bundled
 * classifier, so restore's output check refused it; on these boxes the scores stay under 0.1.
 */
export const DEMO_PHOTOS: readonly DemoPhoto[] = [
  { file: 'boats.jpg', box: { x: 160, y: 180, w: 240, h: 140 }, block: 8 },
  { file: 'ladybird.jpg', box: { x: 380, y: 220, w: 200, h: 160 }, block: 12 },
  { file: 'cups.jpg', box: { x: 200, y: 80, w: 240, h: 200 }, block: 16 },
];

export interface DemoOptions {
  /** Where the files go (created); default tessera-demo/ in the working directory. */
  outDir?: string;
  /** Replace a grid and clip already in outDir (default: refuse them). */
  overwrite?: boolean;
  /** Restorer checkpoint, or "bicubic" for the baseline; default the shipped one. */
  modelFile?: string;
  /** One restored column per detail value; default 0 and 1 for a pair file, the restorer's own for one set. */
  details?: number[];
  /** How the mosaic's cells are held (default mean, what the demo's mosaics are). */
  style?: CellStyle;
  /** Photos as paths (absolute, or relative to assets/demo/); default DEMO_PHOTOS. */
  photos?: readonly DemoPhoto[];
  /** Frames of the pan clip (default 60) and its rate (default 24 fps). */
  videoFrames?: number;
  fps?: number;
  detect?: RestoreImageOptions['detect'];
  /** The safety policy's checkers; default the bundled classifier and BlazeFace, as for `tessera restore`. */
  safety?: SafetyChecker;
  faces?: FaceFinder;
  /** Also score each candidate's region with BRISQUE (the LIVE model of opencv-data). */
  brisque?: boolean;
  /** What the demo is doing now, for a progress line. */
  onStep?: (what: string, done: number, total: number) => void;
}

export interface DemoCase {
  photo: string;
  block: number;
  box: Box;
  /** The regions restoreImage considered, with the cell grids it used (detected, or measured in the box). */
  regions: RestoredRegion[];
  /** True when the detector found nothing and the censored box was named as the region instead. */
  usedGivenRegion: boolean;
  /** `restorer`: the first detail column's scores. */
  scores: Record<Candidate, RegionScores>;
  /** Each restored column's detail and scores (the first one is `scores.restorer`). */
  columns: { detail: number; scores: RegionScores }[];
}

export interface DemoResult {
  outDir: string;
  grid: string;
  video: string;
  /** The scores table as `tessera demo` prints it. */
  table: string;
  cases: DemoCase[];
  /** One row per photo and their mean, in the evaluation table's shape. */
  rows: EvalTableRow[];
  videoFrames: number;
  seconds: number;
}

/** assets/demo/: the sample photos ship with the repository. */
export const demoAssetsDir = () => path.dirname(shippedAsset(path.join('demo', DEMO_PHOTOS[0]!.file), 'the demo photo'));

/** A restored region as a target for another restorer (a restored region always has its grid). */
const restoredTarget = (r: RestoredRegion): RestoreTarget => ({ box: { x: r.x, y: r.y, w: r.w, h: r.h }, grid: r.grid! });

interface Restored { c: DemoCase; original: Raster; mosaic: Raster; mask: Mask; bicubic: Raster; restored: Raster[] }

/** The photo censored, its regions found once (the detector, or the censored box when it finds none), restored per detail. */
async function restorePhoto(photo: DemoPhoto, file: string, details: number[], o: RestoreImageOptions, brisque?: BrisqueScorer): Promise<Restored> {
  const original = rgbPixels(await readRaster(file));
  const { x, y, w, h } = photo.box;
  const given = parseRegion(`box:${x},${y},${w},${h}`);
  const mask = boxesToMask(original.width, original.height, [photo.box]);
  const censored = { image: pixelate(original, mask, { block: photo.block, style: photo.style ?? 'mean', phase: 'box' }).image, mask };
  const source = path.basename(file);
  let usedGivenRegion = false;
  const planned = await planRestore(censored.image, { ...o, source }).catch((e: unknown) => {
    if (!(e instanceof NoMosaicError)) throw e;
    usedGivenRegion = true;
    return planRestore(censored.image, { ...o, source, regions: [given] });
  });
  const results = [];
  for (const detail of details) results.push(await restorePlanned(censored.image, planned.plan, { ...o, detail, safety: planned.safety, source }));
  const result = results[0]!;
  const targets = result.regions.filter((r) => r.status === 'restored').map(restoredTarget);
  const bicubic = restoreBicubic(censored.image, result.mask, targets);
  const score = (r: Raster) => regionScores(r, original, censored.mask, photo.box, brisque);
  const columns = results.map((r, i) => ({ detail: details[i]!, scores: score(r.image) }));
  const scores = { mosaic: score(censored.image), bicubic: score(bicubic), restorer: columns[0]!.scores };
  return {
    c: { photo: file, block: photo.block, box: photo.box, regions: result.regions, usedGivenRegion, scores, columns },
    original, mosaic: censored.image, mask: result.mask, bicubic, restored: results.map((r) => r.image),
  };
}

/** One row per photo and their mean; with several detail columns, one such block per detail (groups prefixed α = …). */
function tableRows(cases: DemoCase[]): EvalTableRow[] {
  const row = (group: string, cs: DemoCase[], col: number): EvalTableRow => {
    const of = (c: DemoCase): Record<Candidate, RegionScores> => ({ ...c.scores, restorer: c.columns[col]!.scores });
    const scores = Object.fromEntries(CANDIDATES.map((k) => [k, meanScores(cs.map((c) => of(c)[k]))])) as Record<Candidate, RegionScores>;
    return { group, n: cs.length, scores, gainPsnr: scores.restorer.psnr - scores.bicubic.psnr, gainSsim: scores.restorer.ssim - scores.bicubic.ssim };
  };
  const columns = cases[0]!.columns;
  return columns.flatMap(({ detail }, col) => {
    const prefix = columns.length > 1 ? `α = ${detail}: ` : '';
    return [...cases.map((c) => ({ ...row(`${prefix}${path.basename(c.photo)} ${c.block} px`, [c], col), block: c.block, ...(prefix ? { detail } : {}) })),
      { ...row(`${prefix}mean`, cases, col), ...(prefix ? { detail } : {}) }];
  });
}

const caseLabel = (c: DemoCase) => {
  const found = c.usedGivenRegion ? 'not detected, censored box restored' : `detected ${c.regions.length} region(s)`;
  const restored = c.columns.length > 1 ? c.columns.map((k) => `α = ${k.detail} ${k.scores.psnr.toFixed(2)} dB`).join(', ') : `restored ${c.scores.restorer.psnr.toFixed(2)} dB`;
  return `${path.basename(c.photo)}: ${c.block} px cells, ${found}; PSNR bicubic ${c.scores.bicubic.psnr.toFixed(2)} dB, ${restored}`;
};

/** The grid's restored column titles: "restored" for one set, α = … with the model each end is for a pair. */
function columnTitles(details: number[], pair: boolean): string[] {
  if (!pair) return details.map((d) => (d === 0 ? 'restored' : `restored, α = ${d}`));
  return details.map((d) => `α = ${d}${d === 0 ? ' (fidelity)' : d === 1 ? ' (realism)' : ''}`);
}

/** The clip pans over the first photo's first restored region, with the grid restore measured for it. */
function clipRegion(d: Restored): RestoreTarget {
  const r = d.c.regions.find((g) => g.status === 'restored');
  if (!r) throw new Error(`${path.basename(d.c.photo)}: no region was restored, so there is nothing to show in the clip`);
  return restoredTarget(r);
}

/** What the demo writes into its folder: the grid, the pan clip and the scores table. */
export const DEMO_OUTPUTS = ['restore-grid.png', 'restore-pan.mp4', 'restore-scores.txt'] as const;

/** The scores table with a line that says what its columns are (printed by `tessera demo`, and written beside the grid). */
export function demoScoresText(rows: EvalTableRow[], brisque: boolean): string {
  const what = `scores inside the censored region (grad = gradient energy / the original's${brisque ? '; BRISQUE, lower is better' : ''}):`;
  return `${what}\n${formatEvaluationTable(rows, { label: 'photo' })}\n`;
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const outDir = path.resolve(o.outDir ?? 'tessera-demo');
  const photos = o.photos ?? DEMO_PHOTOS;
  if (!photos.length) throw new Error('the demo needs at least one photo');
  const frames = o.videoFrames ?? 60, fps = o.fps ?? 24;
  if (!(Number.isInteger(frames) && frames >= 1)) throw new Error(`videoFrames must be a whole number ≥ 1, got ${frames}`);
  const files = photos.map((p) => (path.isAbsolute(p.file) ? p.file : path.join(demoAssetsDir(), p.file)));
  for (const f of DEMO_OUTPUTS) checkOutputFree(path.join(outDir, f), o.overwrite);
  // The models load before anything is written: a missing or wrong one leaves no output folder.
  const brisque = o.brisque ? BrisqueScorer.load() : undefined;
  const restorer = o.modelFile === 'bicubic' ? null : Restorer.load(o.modelFile, { style: o.style });
  try {
    if (!restorer && o.details?.length) throw new Error('--detail: --model bicubic is the baseline, with no detail to set');
    const details = o.details?.length ? o.details : restorer?.isPair ? [0, 1] : [restorer?.detail ?? 0];
    if (restorer) for (const d of details) checkDetail(d, restorer.isPair, restorer.source);
    const done: Restored[] = [];
    for (const [i, p] of photos.entries()) {
      o.onStep?.(`censor, detect, restore ${path.basename(files[i]!)}`, i, photos.length);
      done.push(await restorePhoto(p, files[i]!, details, { restorer: restorer ?? bicubicRestorer, safety: o.safety, faces: o.faces, detect: o.detect }, brisque));
    }
    const cases = done.map((d) => d.c), clip = clipRegion(done[0]!);
    const sheet = await contactSheet(['original', 'mosaic', 'bicubic', ...columnTitles(details, restorer?.isPair ?? false)],
      done.map((d) => ({ label: caseLabel(d.c), images: [d.original, d.mosaic, d.bicubic, ...d.restored] })));
    fs.mkdirSync(outDir, { recursive: true });
    const grid = path.join(outDir, DEMO_OUTPUTS[0]);
    await writeRaster(grid, sheet);

    const video = path.join(outDir, DEMO_OUTPUTS[1]);
    await writePanClip(video, done[0]!.mosaic, done[0]!.mask, clip, restorer ?? bicubicRestorer,
      { frames, fps, onFrame: (k, n) => o.onStep?.('pan clip', k, n) });
    const rows = tableRows(cases), table = path.join(outDir, DEMO_OUTPUTS[2]);
    fs.writeFileSync(table, demoScoresText(rows, !!brisque));
    return { outDir, grid, video, table, cases, rows, videoFrames: frames, seconds: (performance.now() - t0) / 1000 };
  } finally {
    restorer?.dispose();
  }
}
