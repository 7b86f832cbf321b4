// Translate in the page: the server vets and prepares, the browser runs the network, the server checks the
// result. prepare checks the input with the safety checker and exports the generator (onnx-cache.ts); the
// page runs it with onnxruntime-web and sends back the RGB bytes under a one-use token; the result is
// checked by the same safety checker before it becomes an item the page may show. The classifier does not
// run in the page, so no translated image is ever shown that the server has not checked.
import crypto from 'node:crypto';
import type http from 'node:http';
import { assertSafe } from '../safety/checker.js';
import { field, HttpError, readBody } from './http.js';
import type { BodyBudget, WorkGate } from './limits.js';
import type { OnnxCache } from './onnx-cache.js';
import { publicItem, type Item } from './store.js';
import type { WorkContext } from './work-api.js';
import type { ImageResult, PreparedTranslate } from '../web/api.js';

interface PageRun { item: Item; model: string; net: string; width: number; height: number }

/** Prepared runs waiting for their result; the oldest are dropped past this many. */
const MAX_PENDING = 32;

export class PageTranslations {
  private pending = new Map<string, PageRun>();

  constructor(private readonly ctx: WorkContext, private readonly cache: OnnxCache) {}

  async prepare(body: Record<string, unknown>): Promise<PreparedTranslate> {
    const item = this.ctx.store.get(body.upload, 'image');
    const model = field.string(body, 'model');
    const e = await this.cache.generator(this.ctx.models.file(model));
    if (!e.ok) return { inPage: false, reason: e.reason };
    assertSafe(await this.ctx.safety(), await this.ctx.store.readImage(item), item.name);
    const token = crypto.randomBytes(12).toString('base64url');
    this.pending.set(token, { item, model, net: e.export.spec.netG, width: item.width, height: item.height });
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    return { inPage: true, token, onnx: this.ctx.store.url(e.export.file), input: item.url, width: item.width, height: item.height,
      multiple: e.export.multiple, net: e.export.spec.netG };
  }

  /** The page's output (raw RGB, row-major, width·height·3 bytes): checked, then stored as the result. */
  async result(req: http.IncomingMessage, budget?: BodyBudget, gate?: WorkGate): Promise<ImageResult> {
    const token = req.headers['x-tessera-token'];
    const run = typeof token === 'string' ? this.pending.get(token) : undefined;
    if (!run) throw new HttpError(404, 'no prepared translation with this token (prepare it again)');
    this.pending.delete(token as string);
    if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send the result as application/octet-stream (raw RGB)');
    const size = run.width * run.height * 3;
    const what = `${run.item.name} translated in the page`;
    const bytes = await readBody(req, size, what, budget);
    try {
      if (bytes.length !== size) throw new HttpError(400, `${what}: ${bytes.length} bytes, expected ${run.width}×${run.height}×3 = ${size}`);
      const image = { data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), width: run.width, height: run.height, channels: 3 as const };
      const check = async () => {
        assertSafe(await this.ctx.safety(), image, what);
        const stem = run.item.name.replace(/\.[^.]*$/, '') || 'image';
        return { item: publicItem(await this.ctx.store.addResult(image, `${stem}-translated.png`)), regions: [] };
      };
      return gate ? await gate.run(check) : await check();
    } finally {
      budget?.release(bytes.length);
    }
  }
}
