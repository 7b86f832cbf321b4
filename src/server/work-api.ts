// The page's image and video work: each handler reads a JSON body, calls the library (censorImage,
// findMosaicRegions, restoreImage, a Translator; censorVideo, restoreVideoFile for jobs) and answers
// with the result item. Region specs are those of the CLI except mask:FILE, which would let a page
// name a file on the server's disk.
import fs from 'node:fs';
import path from 'node:path';
import { CENSOR_CELL_OPTIONS, censorImage, type CensorOptions } from '../censor/censor.js';
import { parseRegion, type RegionFinder } from '../inputs/regions.js';
import '../censor/learned-regions.js';
import { censorVideo } from '../censor/video.js';
import { DETECT_CALL_OPTIONS, findMosaicRegions, type FindMosaicOptions } from '../detect/find.js';
import { encodeRaster } from '../image/raster.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { RegionRestorer } from '../restore/restore-image.js';
import { restoreImage } from '../restore/restore-image.js';
import { Restorer, RESTORE_CALL_OPTIONS, type RestoreCall } from '../restore/restorer.js';
import { OnnxRestorer } from '../restore/onnx.js';
import { restoreVideoFile } from '../restore/video-file.js';
import { TRANSLATE_MODES } from '../translate/translate.js';
import type { SafetyChecker } from '../safety/checker.js';
import type { FaceFinder } from '../restore/safety.js';
import type { SafetyWorker } from '../restore/safety-worker-client.js';
import { safetyThresholdFromEnv } from '../safety/classifier.js';
import type { RestoredRegion } from '../restore/restore-image.js';
import { field, HttpError } from './http.js';
import type { ModelCatalog } from './models.js';
import { publicItem, type Item, type WorkStore } from './store.js';
import type { VideoJobs } from './video-jobs.js';
import type { DetectResult, ImageResult, JobInfo, JobKind } from '../web/api.js';

export interface WorkContext {
  store: WorkStore;
  models: ModelCatalog;
  jobs: VideoJobs;
  /** The restorer from --model (a Restorer, or the bicubic baseline), or null with the reason in `restoreNote`. */
  restorer: RegionRestorer | null;
  restoreNote: string | null;
  /** The bundled classifier, loaded on first use (restore and translate always run it). */
  safety: () => Promise<SafetyChecker>;
  /** Finds faces in restored regions (they are then left as they were); default BlazeFace. */
  faces?: FaceFinder;
  /**
   * The worker that runs the bundled checks on restore jobs' videos, as for `tessera restore` (one for the
   * server's life, started by the first job); null when the server was given its own checker or face finder,
   * which then run on this thread (restoreVideo's rule, checksOnWorker).
   */
  safetyWorker: (() => SafetyWorker) | null;
}

type Body = Record<string, unknown>;

/** Region specs from a request: box:, faces, cam: (and what the registry adds), never mask:. */
export function regionFinders(specs: string[], only?: RegExp): RegionFinder[] {
  return specs.map((spec) => {
    if (/^mask:/.test(spec)) throw new HttpError(400, 'mask: regions name files on the server; draw boxes instead');
    if (only && !only.test(spec)) throw new HttpError(400, `region "${spec}" is not accepted here (use box:x,y,w,h)`);
    try {
      return parseRegion(spec);
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  });
}

export const stem = (name: string) => path.basename(name).replace(/\.[^.]*$/, '') || 'image';

export async function censorHandler(ctx: WorkContext, body: Body): Promise<ImageResult> {
  const item = ctx.store.get(body.upload, 'image');
  const specs = field.strings(body, 'regions');
  if (!specs.length) throw new HttpError(400, 'draw a box or pick faces / cam:CLASS first');
  const finders = regionFinders(specs);
  const cells = field.options<CensorOptions>(body, CENSOR_CELL_OPTIONS);
  const r = await censorImage(await ctx.store.readImage(item), finders, cells);
  if (!r.regions.length) throw new HttpError(422, `${item.name}: ${specs.join(', ')} found nothing to censor`);
  const out = await ctx.store.addResult(r.image, `${stem(item.name)}-censored.png`);
  return { item: publicItem(out), regions: r.regions };
}

export async function detectHandler(ctx: WorkContext, body: Body): Promise<DetectResult> {
  const item = ctx.store.get(body.upload, 'image');
  const { method } = field.options<FindMosaicOptions>(body, DETECT_CALL_OPTIONS);
  const r = findMosaicRegions(await ctx.store.readImage(item), { method });
  const { dir } = ctx.store.reserve();
  const maskFile = path.join(dir, 'mask.png');
  writeFileAtomic(maskFile, await encodeRaster({ data: r.mask.data, width: r.mask.width, height: r.mask.height, channels: 1 }));
  return {
    regions: r.regions.map((g) => ({ x: g.x, y: g.y, w: g.w, h: g.h, block: g.block ?? null, blockH: g.blockH ?? null })),
    maskArea: r.maskArea, mask: ctx.store.url(maskFile),
  };
}

function needRestorer(ctx: WorkContext) {
  if (!ctx.restorer) throw new HttpError(503, ctx.restoreNote ?? 'restore is not available');
  return ctx.restorer;
}

/** A restore request's detail (0 to 1; a pair file's restorer only) and cell style (auto, mean, center, sample, none). */
export function restoreCall(restorer: RegionRestorer, body: Body): RestoreCall {
  const { detail, style } = field.options<RestoreCall>(body, RESTORE_CALL_OPTIONS);
  if (detail !== undefined && detail !== 0) {
    const pair = (restorer instanceof Restorer || restorer instanceof OnnxRestorer) && restorer.isPair;
    if (!pair) throw new HttpError(400, `"detail" ${detail} needs a restorer pair file; this restorer holds one weight set`);
  }
  return { detail, style };
}

export async function restoreHandler(ctx: WorkContext, body: Body): Promise<ImageResult> {
  const restorer = needRestorer(ctx);
  const item = ctx.store.get(body.upload, 'image');
  const specs = field.strings(body, 'regions');
  const regions = specs.length ? regionFinders(specs, /^box:/) : undefined;
  const call = restoreCall(restorer, body);
  const r = await restoreImage(await ctx.store.readImage(item), { regions, restorer, safety: await ctx.safety(), faces: ctx.faces, source: item.name, ...call });
  const out = await ctx.store.addResult(r.image, `${stem(item.name)}-restored.png`);
  return { item: publicItem(out), regions: restoredRegions(r.regions) };
}

/** Restored regions as the page shows them: the cell size instead of the grid. */
export const restoredRegions = (regions: RestoredRegion[]) => regions.map(({ grid, ...b }) => ({ ...b, block: grid?.blockW ?? null, blockH: grid?.blockH ?? null }));

export async function translateHandler(ctx: WorkContext, body: Body): Promise<ImageResult> {
  const item = ctx.store.get(body.upload, 'image');
  const mode = field.optionalChoice(body, 'mode', TRANSLATE_MODES);
  const t = ctx.models.translator(field.string(body, 'model'), await ctx.safety(), mode);
  const image = await ctx.store.readImage(item, t.spec.inputNc === 1 ? 1 : 3);
  const [out] = t.translate([image], [item.name]);
  const result = await ctx.store.addResult(out!, `${stem(item.name)}-translated.png`);
  return { item: publicItem(result), regions: [] };
}

/** Starts a censor or restore job on an uploaded video; progress and the end come through VideoJobs. */
export async function startJobHandler(ctx: WorkContext, body: Body): Promise<JobInfo> {
  const kind = field.optionalChoice(body, 'kind', ['censor', 'restore'] as const satisfies readonly JobKind[]);
  if (!kind) throw new HttpError(400, '"kind" must be censor or restore');
  const input = ctx.store.get(body.upload, 'video');
  const specs = field.strings(body, 'regions');
  const restorer = kind === 'restore' ? needRestorer(ctx) : null;
  const call = restorer ? restoreCall(restorer, body) : {};
  if (kind === 'censor' && !specs.length) throw new HttpError(400, 'draw a box or pick faces / cam:CLASS first');
  const finders = regionFinders(specs, kind === 'restore' ? /^box:/ : undefined);
  // a bad TESSERA_SAFETY_THRESHOLD is refused now, not when the job's worker fails to load
  if (kind === 'restore' && ctx.safetyWorker) safetyThresholdFromEnv();
  const given = kind === 'restore' && !ctx.safetyWorker ? { safety: await ctx.safety(), faces: ctx.faces } : {};
  const work = async (signal: AbortSignal, progress: (done: number, total: number) => void): Promise<Item> => {
    const { id, dir } = ctx.store.reserve();
    const name = `${stem(input.name)}-${kind === 'censor' ? 'censored' : 'restored'}.mp4`;
    const file = path.join(dir, name);
    try {
      if (kind === 'censor') await censorVideo(input.file, file, { finders, signal, onFrame: progress });
      else {
        const checks = ctx.safetyWorker ? { safetyWorker: ctx.safetyWorker() } : given;
        await restoreVideoFile(input.file, file, { regions: finders.length ? finders : undefined, restorer: restorer!, ...checks, signal, onFrame: progress, ...call });
      }
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return { id, kind: 'video', name, width: input.width, height: input.height, url: ctx.store.url(file), origin: 'result', dir, file, frames: input.frames };
  };
  return ctx.jobs.start(kind, input, work, (item) => ctx.store.register(item));
}
