// Restore in the page: the server plans, the browser runs the network, the server finishes and checks.
// prepare checks the input with the safety checker, plans the regions and their grids (restoreImage's first
// half, planRestore) and makes each region's network tiles with restorer.ts planCrop — the same crop, cell
// scale, bicubic base and padding the libtorch Restorer uses; the page fetches the tiles, runs the exported
// restorer on them with onnxruntime-web and sends the outputs back under a one-use token; the server puts
// them back (finishCrop, blendInto) and runs restoreImage's second half (restorePlanned): a region where a
// face appears is left as it was, explicit output is refused, and only then is the image a result.
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import { blendInto, fidelityStyle, finishCrop, planCrop, Restorer, targetCrops, type CropPlan, type RestoreTarget } from '../restore/restorer.js';
import { plannedTargets, planRestore, restorePlanned, type RegionRestorer } from '../restore/restore-image.js';
import type { RegionPlan } from '../restore/targets.js';
import type { Box } from '../util/box.js';
import { field, HttpError, readBody } from './http.js';
import type { BodyBudget, WorkGate } from './limits.js';
import type { OnnxCache } from './onnx-cache.js';
import { publicItem, type Item } from './store.js';
import { regionFinders, restoreCall, restoredRegions, stem, type WorkContext } from './work-api.js';
import type { ImageResult, PreparedRestore } from '../web/api.js';

interface RegionTiles { box: Box; ctx: Box; plan: CropPlan }
interface PageRestore { item: Item; image: Raster; plan: RegionPlan; regions: RegionTiles[] }

/** Prepared restores waiting for their outputs (each holds its image and tiles); the oldest are dropped past this many. */
const MAX_PENDING = 8;

const boxKey = (b: Box) => `${b.x},${b.y},${b.w},${b.h}`;

/** The page's tile outputs as a RegionRestorer: each planned region finished from its own outputs. */
class PageOutputs implements RegionRestorer {
  constructor(private readonly done: Map<string, { ctx: Box; plan: CropPlan; outputs: Float32Array[] }>) {}

  restore(image: Raster, mask: Mask, targets: RestoreTarget[]): Raster {
    let out: Raster = { ...image, data: new Uint8Array(image.data) };
    for (const t of targets) {
      const r = this.done.get(boxKey(t.box));
      if (!r) throw new Error(`region ${boxKey(t.box)} was not prepared`);
      out = blendInto(image, mask, r.ctx, finishCrop(r.plan, r.outputs), out);
    }
    return out;
  }
}

export class PageRestorations {
  private pending = new Map<string, PageRestore>();

  constructor(private readonly ctx: WorkContext, private readonly cache: OnnxCache) {}

  private restorer(): Restorer | string {
    const r = this.ctx.restorer;
    if (!r) throw new HttpError(503, this.ctx.restoreNote ?? 'restore is not available');
    return r instanceof Restorer ? r : 'the bicubic baseline runs no network';
  }

  async prepare(body: Record<string, unknown>): Promise<PreparedRestore> {
    const restorer = this.restorer();
    const item = this.ctx.store.get(body.upload, 'image');
    const specs = field.strings(body, 'regions');
    if (typeof restorer === 'string') return { inPage: false, reason: restorer };
    const call = restoreCall(restorer, body);
    // the page runs the network exported with this detail's mixed weights
    const e = await this.cache.restorer(restorer.source, call.detail ?? restorer.detail);
    if (!e.ok) return { inPage: false, reason: e.reason };
    const image = await this.ctx.store.readImage(item);
    const { plan } = await planRestore(image, { regions: specs.length ? regionFinders(specs, /^box:/) : undefined, safety: await this.ctx.safety(), source: item.name });
    const detail = call.detail ?? restorer.detail;
    const regions = await Promise.all(plannedTargets(plan).map(async ({ box, grid, inside }) => {
      const [r] = [...targetCrops(image, inside, [{ box, grid }])];
      // auto at detail 0 is judged when the result comes back (finishCrop); other values by the fidelity end here
      const style = detail === 0 ? call.style ?? restorer.style : await fidelityStyle(restorer, r!.crop, r!.inside, r!.grid, call);
      return { box, ctx: r!.c, plan: planCrop(r!.crop, r!.inside, r!.grid, restorer, style) };
    }));
    const token = crypto.randomBytes(12).toString('base64url');
    this.pending.set(token, { item, image, plan, regions });
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    return { inPage: true, token, onnx: this.ctx.store.url(e.export.file), net: e.export.spec.netG,
      tiles: regions.flatMap((r) => r.plan.tiles.map((t) => ({ width: t.width, height: t.height, origin: [t.origin?.[0] ?? 0, t.origin?.[1] ?? 0] as [number, number] }))) };
  }

  private run(req: http.IncomingMessage): { token: string; run: PageRestore } {
    const token = req.headers['x-tessera-token'];
    const run = typeof token === 'string' ? this.pending.get(token) : undefined;
    if (!run) throw new HttpError(404, 'no prepared restore with this token (prepare it again)');
    return { token: token as string, run };
  }

  /** The network inputs, every tile's [1, 7, h, w] float32 (little-endian) one after another, in prepare's order. */
  tiles(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { run } = this.run(req);
    const parts = run.regions.flatMap((r) => r.plan.tiles.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
    const body = Buffer.concat(parts);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    res.end(body);
  }

  /** The page's outputs (every tile's [1, 3, h, w] float32, in order): put back, checked, then stored as the result. */
  async result(req: http.IncomingMessage, budget?: BodyBudget, gate?: WorkGate): Promise<ImageResult> {
    const { token, run } = this.run(req);
    this.pending.delete(token);
    if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send the outputs as application/octet-stream (float32)');
    const sizes = run.regions.flatMap((r) => r.plan.tiles.map((t) => 3 * t.width * t.height));
    const size = 4 * sizes.reduce((a, b) => a + b, 0);
    const what = `${run.item.name} restored in the page`;
    const bytes = await readBody(req, size, what, budget);
    try {
      if (bytes.length !== size) throw new HttpError(400, `${what}: ${bytes.length} bytes, expected ${size} (${sizes.length} tile outputs of float32)`);
      const floats = new Float32Array(size / 4);
      new Uint8Array(floats.buffer).set(bytes);
      const done = new Map<string, { ctx: Box; plan: CropPlan; outputs: Float32Array[] }>();
      let at = 0;
      for (const r of run.regions) {
        const outputs = r.plan.tiles.map((t) => floats.subarray(at, (at += 3 * t.width * t.height)));
        for (const o of outputs) if (!o.every(Number.isFinite)) throw new HttpError(400, `${what}: an output holds a value that is not a finite number`);
        done.set(boxKey(r.box), { ctx: r.ctx, plan: r.plan, outputs });
      }
      const finish = async () => {
        const r = await restorePlanned(run.image, run.plan, { restorer: new PageOutputs(done), safety: await this.ctx.safety(), faces: this.ctx.faces, source: what });
        const out = await this.ctx.store.addResult(r.image, `${stem(run.item.name)}-restored.png`);
        return { item: publicItem(out), regions: restoredRegions(r.regions) };
      };
      return gate ? await gate.run(finish) : await finish();
    } finally {
      budget?.release(bytes.length);
    }
  }
}
