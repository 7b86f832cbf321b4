// The wire types between `tessera serve` (src/server/) and its page: JSON bodies and SSE events.
// Types only, so the page's bundle takes nothing of the server with it.
import type { OptionDescription } from '../util/option-schema.js';
import type { CellStyle } from '../restore/consistency.js';

export type { OptionDescription };

export interface ItemInfo {
  id: string;
  kind: 'image' | 'video';
  /** The file name the user gave, or what the result is. */
  name: string;
  width: number;
  height: number;
  /** Where the page loads it from (/files/work/…). */
  url: string;
  origin: 'upload' | 'result';
  frames?: number;
}

export interface ModelInfo {
  /** Pass back as "model" to /api/translate. */
  id: string;
  /** run/checkpoints/latest/net_G.safetensors, relative to the runs folder. */
  label: string;
}

export interface ServerInfo {
  version: string;
  /** Restore works only with a model: --model FILE (or bicubic); the note says why when not. */
  /** `detail`: the default of the detail dial when the restorer is a pair file (the page shows a slider), else null. */
  restore: { available: boolean; model: string | null; note: string | null; detail: number | null };
  safety: string;
  /** Region specs the censor accepts besides box: (faces, cam:CLASS). */
  finders: string[];
  camClasses: string[];
  /** The censor's mosaic styles (also `options.censor`'s style choices). */
  styles: string[];
  /** The fields /api/censor and the restore routes read, from the schemas the CLI renders: the page's widgets. */
  options: { censor: OptionDescription[]; restore: OptionDescription[] };
  models: ModelInfo[];
  maxUploadBytes: number;
}

export interface RegionInfo {
  x: number; y: number; w: number; h: number;
  block?: number | null; blockH?: number | null;
  status?: 'restored' | 'left';
  reason?: string;
}

export interface CensorRequest { upload: string; regions: string[]; block?: number; style?: string }
export interface DetectRequest { upload: string; method?: 'learned' | 'analytic' }
/** `detail`: 0 (fidelity) to 1 (realism), a pair file's restorer only; `style`: how the mosaic's cells were made. */
export interface RestoreRequest { upload: string; regions?: string[]; detail?: number; style?: CellStyle }
/** `mode` 'eval' (running batch-norm statistics, no dropout: what the page runs) or 'reference' (the default). */
export interface TranslateRequest { upload: string; model: string; mode?: 'reference' | 'eval' }

/**
 * POST /api/translate/prepare: the input passed the safety check and the generator is exported; the page
 * runs `onnx` on `input` (the server's decoded RGB, so both start from the same pixels) and sends the RGB
 * bytes to /api/translate/result with `token` (once) — the server checks them before they become a result.
 * Or `inPage: false` and why (the page runs it on the server instead and says so).
 */
export type PreparedTranslate =
  | { inPage: true; token: string; onnx: string; input: string; width: number; height: number; multiple: number; net: string }
  | { inPage: false; reason: string };

/**
 * POST /api/restore/prepare: the input passed the safety check, the regions are planned and each one's
 * network tiles made (the restorer's crop, cell scale and bicubic base, on the server); the page fetches them
 * (POST /api/restore/tiles with `token`: every tile's [1, 7, height, width] float32, in this order), runs
 * `onnx` on each and sends the [1, 3, height, width] outputs, in the same order, to /api/restore/result —
 * the server blends them in and runs restore's safety policy before they become a result. A tile's `origin`
 * ([y, x], where it starts in its region's canonical input) is fed as the graph's 'noise_origin' where the
 * export has that input (a network with a noise plane, keyed by the pixel's place in the whole region).
 * Or `inPage: false` and why (the bicubic baseline: the server runs it).
 */
export type PreparedRestore =
  | { inPage: true; token: string; onnx: string; net: string; tiles: { width: number; height: number; origin: [number, number] }[] }
  | { inPage: false; reason: string };

export interface ImageResult { item: ItemInfo; regions: RegionInfo[] }
export interface DetectResult { regions: RegionInfo[]; maskArea: number; mask: string }

export type JobKind = 'censor' | 'restore';
export interface JobRequest { kind: JobKind; upload: string; regions: string[]; detail?: number }
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string; kind: JobKind; input: string; state: JobState;
  done: number; total: number;
  result?: ItemInfo; error?: string;
}

/** A training run under --runs as the dashboard shows it. */
export interface RunSummary {
  /** Its folder relative to the runs folder (the folder's own name when the runs folder is the run). */
  id: string;
  model: string | null;
  /** A live process holds the run's train.lock. */
  running: boolean;
  iteration: number;
  totalIterations: number | null;
  itPerSec: number | null;
  etaSeconds: number | null;
  /** Loss names in the log (G_GAN, D_real, …). */
  lossKeys: string[];
  /** The newest sample grids (URLs, oldest first) and how many there are in all. */
  samples: string[];
  sampleCount: number;
}

export interface LossPoint { iteration: number; [loss: string]: number }

/** SSE event "run": a run's summary and its new loss points (all of them, thinned, when `reset`). */
export interface RunUpdate { run: RunSummary; points: LossPoint[]; reset: boolean }
