// `tessera serve`: the local web app's HTTP server (node:http). It parses requests, calls the library
// through work-api.ts and runs.ts, and answers; files come only from the runs and work folders (through
// safe-path.ts) and the built page (static.ts). Loopback by default: the Host header must then name the
// loopback (no DNS rebinding), and a request with an Origin must come from this server's own page.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CENSOR_CELL_OPTIONS } from '../censor/censor.js';
import { NoGridError } from '../detect/region-grid.js';
import { knownFinders } from '../inputs/regions.js';
import { CAM_CLASSES } from '../finders/cam.js';
import { MOSAIC_STYLES } from '../image/pixelate.js';
import { NoMosaicError } from '../restore/targets.js';
import type { RegionRestorer } from '../restore/restore-image.js';
import { Restorer, RESTORE_CALL_OPTIONS } from '../restore/restorer.js';
import type { FaceFinder } from '../restore/safety.js';
import { checksOnWorker, SafetyWorker } from '../restore/safety-worker-client.js';
import { SafetyRefusal, type SafetyChecker } from '../safety/checker.js';
import { HttpError, parseRange, readBody, readJson, SECURITY_HEADERS, sendError, sendJson } from './http.js';
import { BodyBudget, WorkGate } from './limits.js';
import { ModelCatalog } from './models.js';
import { OnnxCache } from './onnx-cache.js';
import { PageRestorations } from './page-restore.js';
import { PageTranslations } from './page-translate.js';
import { RunsWatcher } from './runs.js';
import { resolveUnder, servedRoot, type ServedRoot } from './safe-path.js';
import { checkUpload, declaredType, uploadName } from './sniff.js';
import { openEventStream } from './sse.js';
import { contentTypeOf, pageFiles, PAGE_DIR } from './static.js';
import { publicItem, WorkStore } from './store.js';
import { VideoJobs } from './video-jobs.js';
import { censorHandler, detectHandler, restoreHandler, startJobHandler, translateHandler, type WorkContext } from './work-api.js';
import { describeSchema } from '../util/option-schema.js';
import type { ServerInfo } from '../web/api.js';

export const DEFAULT_MAX_UPLOAD = 512 * 2 ** 20;
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  runsDir: string;
  /** Uploads and results; default a temporary folder, removed on close. */
  workDir?: string;
  maxUploadBytes?: number;
  /** Bytes of request bodies held in memory at once, over all requests (default twice the upload limit); past it, 503. */
  maxBufferedBytes?: number;
  /** Requests decoding or computing at once (default 2) and waiting for a turn (default 64); past that, 503. */
  maxRunning?: number;
  maxWaiting?: number;
  /** A client must send its headers within this (default 10 s) and its whole request within requestTimeoutMs (default 120 s), else 408. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  restorer?: RegionRestorer | null;
  /** What the restorer is (a file name, "bicubic"), shown in the page. */
  restorerLabel?: string | null;
  /** Why restore is off, shown in the page (one line). */
  restoreNote?: string | null;
  /** Default: the bundled classifier, loaded on first use. */
  safety?: () => Promise<SafetyChecker>;
  /** Faces in restored regions (left as they were); default BlazeFace. */
  faces?: FaceFinder;
  /** The built page; default dist/web. */
  pageDir?: string;
  version?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  workDir: string;
  close(): Promise<void>;
  /** Peaks of the load limits so far (the load test and `npm run serve-load` read them). */
  stats(): { peakBufferedBytes: number; peakRunning: number; peakWaiting: number; bufferedBytes: number };
}

const PAGE_CSP = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; "
  + "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Cross-origin isolation for the page, so onnxruntime-web's wasm may use threads (SharedArrayBuffer). */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The HTTP status of an error from the library or the server. */
export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof SafetyRefusal || e instanceof NoMosaicError || e instanceof NoGridError) return 422;
  if (e instanceof TypeError || e instanceof RangeError || !(e instanceof Error)) return 500;
  // the library's errors are one line about the input (a box outside the image, a model that does not fit)
  return 422;
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, extra: Record<string, string> = {}): void {
  const size = fs.statSync(file).size;
  const headers: Record<string, string | number> = { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', ...extra };
  // one byte range, for <video> seeking
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
    res.end();
    return;
  }
  if (range) {
    const { start, end } = range;
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') { res.end(); return; }
    fs.createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') { res.end(); return; }
  // a file removed while it is sent (a run overwritten) ends the reply, not the server
  fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** A port free on `host` now (the system's pick), to suggest when the asked one is taken. */
async function freePort(host: string): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => { probe.once('error', reject); probe.listen(0, host, () => resolve()); });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  if (!fs.statSync(o.runsDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${o.runsDir}: the runs folder does not exist`);
  const ownWork = !o.workDir;
  const workDir = o.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-'));
  fs.mkdirSync(workDir, { recursive: true });
  const roots: Record<'runs' | 'work', ServedRoot> = { runs: servedRoot('runs', o.runsDir), work: servedRoot('work', workDir) };
  const store = new WorkStore(roots.work.real);
  const models = new ModelCatalog(roots.runs.real);
  const jobs = new VideoJobs();
  const runs = new RunsWatcher(roots.runs.real, (file) => `/files/runs/${path.relative(roots.runs.real, file).split(path.sep).map(encodeURIComponent).join('/')}`);
  let safety: Promise<SafetyChecker> | null = null;
  const loadSafety = o.safety ?? (async () => (await import('../safety/classifier.js')).createClassifierSafetyChecker());
  // the bundled checks of restore jobs' videos: one worker, started by the first job (~0.6 s of CPU to load
  // its models), started again only if it stopped
  let worker: SafetyWorker | null = null;
  const ctx: WorkContext = {
    store, models, jobs, restorer: o.restorer ?? null, restoreNote: o.restoreNote ?? null,
    safety: () => (safety ??= loadSafety()), faces: o.faces,
    safetyWorker: checksOnWorker(o) ? () => (worker = worker && !worker.stopped ? worker : SafetyWorker.start()) : null,
  };
  const onnxCache = new OnnxCache(roots.work.real);
  const pageTranslations = new PageTranslations(ctx, onnxCache);
  const pageRestorations = new PageRestorations(ctx, onnxCache);
  const maxUpload = o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const budget = new BodyBudget(o.maxBufferedBytes ?? 2 * maxUpload);
  const gate = new WorkGate(o.maxRunning ?? 2, o.maxWaiting ?? 64);
  const page = pageFiles(o.pageDir ?? PAGE_DIR);
  let port = 0;
  const loopback = LOOPBACK_HOSTS.includes(host);
  const allowedHosts = () => new Set(LOOPBACK_HOSTS.map((h) => `${h.includes(':') ? `[${h}]` : h}:${port}`));

  const info = (): ServerInfo => ({
    version: o.version ?? '0.1.0',
    restore: { available: !!ctx.restorer, model: o.restorerLabel ?? null, note: ctx.restorer ? null : ctx.restoreNote,
      detail: ctx.restorer instanceof Restorer && ctx.restorer.isPair ? ctx.restorer.detail : null },
    safety: 'the bundled classifier (nsfwjs MobileNetV2) on the server checks every restore and translate, and every image restored or translated in the page before it is shown',
    finders: knownFinders().filter((n) => n !== 'box' && n !== 'mask'),
    camClasses: [...CAM_CLASSES], styles: [...MOSAIC_STYLES],
    // the page's censor and restore widgets offer what the handlers accept (work-api.ts reads these schemas)
    options: { censor: describeSchema(CENSOR_CELL_OPTIONS), restore: describeSchema(RESTORE_CALL_OPTIONS) },
    models: models.list(), maxUploadBytes: maxUpload,
  });

  // decoding and models run through the gate: a few at once, a bounded line waiting
  const json = (res: http.ServerResponse, handler: (body: Record<string, unknown>) => Promise<unknown>) =>
    async (req: http.IncomingMessage) => {
      const body = await readJson(req, undefined, budget);
      return sendJson(res, 200, await gate.run(() => handler(body)));
    };

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const raw = (req.url ?? '/').split('?')[0]!;
    if (loopback && !allowedHosts().has((req.headers.host ?? '').toLowerCase())) {
      throw new HttpError(403, `this server answers to ${[...allowedHosts()][0]} only (Host was ${JSON.stringify(req.headers.host ?? '')})`);
    }
    const origin = req.headers.origin;
    if (method !== 'GET' && method !== 'HEAD' && origin !== undefined && origin !== `http://${req.headers.host}`) {
      throw new HttpError(403, `requests from ${origin} are refused: only this server's own page may send them`);
    }
    const files = /^\/files\/(runs|work)\/(.*)$/.exec(raw);
    if (files) {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'files are read-only');
      const v = resolveUnder(roots[files[1] as 'runs' | 'work'], files[2]!);
      if ('refused' in v) throw new HttpError(v.refused, `${raw}: refused (${v.why}); only files inside the runs and work folders are served`);
      return sendFile(req, res, v.file);
    }
    if (!raw.startsWith('/api/')) {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} ${raw}: not allowed`);
      const file = page.get(raw);
      if (file) return sendFile(req, res, file, raw === '/' || raw.endsWith('.html') ? { 'Content-Security-Policy': PAGE_CSP, ...ISOLATION } : ISOLATION);
      if (!page.size) throw new HttpError(503, 'the page is not built (dist/web is missing): run npm run setup');
      throw new HttpError(404, `${raw}: no such page`);
    }
    const key = `${method} ${raw}`;
    const job = /^\/api\/jobs\/([\w-]+)(\/events|\/cancel)?$/.exec(raw);
    switch (key) {
      case 'GET /api/info': return sendJson(res, 200, info());
      case 'POST /api/upload': {
        const name = uploadName(req.headers['x-file-name']);
        declaredType(req.headers['content-type'], name); // a wrong type is refused before the body is read
        const bytes = await readBody(req, maxUpload, name, budget);
        try {
          const t = checkUpload(req.headers['content-type'], bytes.subarray(0, 16), name);
          return sendJson(res, 200, publicItem(await gate.run(() => store.addUpload(bytes, t.kind, t.ext, name))));
        } finally {
          budget.release(bytes.length);
        }
      }
      case 'POST /api/censor': return json(res, (b) => censorHandler(ctx, b))(req);
      case 'POST /api/detect': return json(res, (b) => detectHandler(ctx, b))(req);
      case 'POST /api/restore': return json(res, (b) => restoreHandler(ctx, b))(req);
      case 'POST /api/translate': return json(res, (b) => translateHandler(ctx, b))(req);
      case 'POST /api/translate/prepare': return json(res, (b) => pageTranslations.prepare(b))(req);
      case 'POST /api/translate/result': return sendJson(res, 200, await pageTranslations.result(req, budget, gate));
      case 'POST /api/restore/prepare': return json(res, (b) => pageRestorations.prepare(b))(req);
      case 'POST /api/restore/tiles': return pageRestorations.tiles(req, res);
      case 'POST /api/restore/result': return sendJson(res, 200, await pageRestorations.result(req, budget, gate));
      case 'POST /api/jobs': return json(res, (b) => startJobHandler(ctx, b))(req);
      case 'GET /api/runs': return sendJson(res, 200, { runs: runs.list() });
      case 'GET /api/runs/events': {
        const stream = openEventStream(req, res);
        stream.onClose(runs.subscribe((u) => stream.send('run', u)));
        return;
      }
    }
    if (job && method === 'GET' && !job[2]) return sendJson(res, 200, jobs.get(job[1]!));
    if (job && method === 'POST' && job[2] === '/cancel') return sendJson(res, 200, jobs.cancel(job[1]!));
    if (job && method === 'GET' && job[2] === '/events') {
      jobs.get(job[1]!); // a 404 before the stream opens
      const stream = openEventStream(req, res);
      stream.onClose(jobs.listen(job[1]!, (event, j) => {
        stream.send(event, j);
        if (event === 'end') stream.close();
      }));
      return;
    }
    throw new HttpError(404, `${method} ${raw}: no such endpoint`);
  }

  const server = http.createServer({
    // a slow client (slow loris) holds a socket only this long; node answers 408 and closes it
    headersTimeout: o.headersTimeoutMs ?? 10_000,
    requestTimeout: o.requestTimeoutMs ?? 120_000,
    connectionsCheckingInterval: Math.min(1000, o.headersTimeoutMs ?? 10_000),
  }, (req, res) => {
    route(req, res).catch((e: unknown) => {
      const status = statusOf(e);
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      if (!req.complete) {
        // refused before the body was read (too large, busy): answer, then drop the connection instead of reading the rest
        res.setHeader('Connection', 'close');
        res.on('finish', () => setTimeout(() => req.destroy(), 1000).unref());
        req.resume();
      }
      if (status === 503) res.setHeader('Retry-After', '1');
      if (status === 500 && process.env.TESSERA_DEBUG) console.error(e);
      sendError(req, res, status, message);
    });
  });
  server.maxConnections = 512;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, host, () => resolve());
    });
  } catch (e) {
    // nothing may outlive a server that never started: the watcher, the models, our temporary work folder
    runs.close();
    await jobs.close();
    models.dispose();
    if (ownWork) fs.rmSync(workDir, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${o.port} on ${host} is in use; try --port ${await freePort(host)} (or --port 0 for any free one)`);
    }
    throw e;
  }
  port = (server.address() as { port: number }).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}/`, port, host, workDir,
    stats: () => ({ peakBufferedBytes: budget.peak, peakRunning: gate.peakRunning, peakWaiting: gate.peakWaiting, bufferedBytes: budget.inUse }),
    async close() {
      runs.close();
      await jobs.close();
      await worker?.close();
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      models.dispose();
      if (ownWork) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
