// The seam where a network runs for the page. Translate runs in the page: the server checks the input and
// exports the generator to ONNX (cached), onnxruntime-web runs it here on the server's decoded pixels
// (WebGPU where the browser has a hardware adapter, else wasm), and the output goes back to the server, whose
// safety checker must pass it before it becomes the result the page shows (the classifier does not run in
// the page). Translate runs on the server in the reference mode (batch statistics, dropout: no ONNX form) or with a generator
// the page cannot run (the reason is shown). Restore runs in the page the same way, split at the network:
// the server plans the regions and makes the restorer's input tiles (its crop, cell scale and bicubic base
// are server code), the page runs the exported restorer on each tile, and the server blends the outputs in
// and runs restore's safety policy before the image becomes a result. The bicubic baseline runs on the
// server. Callers do not change: `runModelInPage` picks and says which.
import type { ImageResult, ItemInfo, PreparedRestore, PreparedTranslate } from './api.js';
import { postJson, ServerError } from './api-client.js';
import { openSession, pickBackend, runNetwork, type Backend } from './ort-session.js';
import { outputToRgb, rgbaToInput } from './pixels.js';

export type ModelTask =
  | { kind: 'translate'; model: string; mode: 'eval' | 'reference' }
  | { kind: 'restore'; regions: string[]; detail?: number };

export interface ModelRuntime {
  /** Shown in the page next to the result ("server", "page (wasm)"). */
  readonly name: string;
  run(task: ModelTask, input: ItemInfo): Promise<ImageResult & { runtime?: string }>;
}

/** Runs the model on the server: /api/translate, /api/restore. */
export const serverRuntime: ModelRuntime = {
  name: 'server',
  run(task, input) {
    return task.kind === 'translate'
      ? postJson<ImageResult>('/api/translate', { upload: input.id, model: task.model, mode: task.mode })
      : postJson<ImageResult>('/api/restore', { upload: input.id, regions: task.regions, detail: task.detail });
  },
};

/** The generator cannot run in the page; the server runs it, and the reason is shown. */
class NotInPage extends Error {}

async function canvasPixels(url: string, width: number, height: number): Promise<Uint8ClampedArray> {
  const r = await fetch(url);
  if (!r.ok) throw new ServerError(r.status, `${url}: ${r.status}`);
  // no colour management: the PNG's bytes as they are, the same bytes the server reads
  const bitmap = await createImageBitmap(await r.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0);
  bitmap.close();
  return g.getImageData(0, 0, width, height).data;
}

async function postBinary(url: string, token: string, body?: Float32Array<ArrayBuffer>): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST', body: body === undefined ? undefined : new Blob([body]),
    headers: { 'Content-Type': 'application/octet-stream', 'X-Tessera-Token': token },
  });
  if (!res.ok) {
    const b = await res.json().catch(() => null) as { error?: string } | null;
    throw new ServerError(res.status, b?.error ?? `${res.status} ${res.statusText}`);
  }
  return res;
}

/** Restore with the network in the page: the server's tiles in, the outputs back, the server's result out. */
async function restoreInPage(regions: string[], detail: number | undefined, input: ItemInfo): Promise<ImageResult & { runtime?: string }> {
  const p = await postJson<PreparedRestore>('/api/restore/prepare', { upload: input.id, regions, detail });
  if (!p.inPage) throw new NotInPage(p.reason);
  const session = await openSession(p.onnx);
  const all = new Float32Array(await (await postBinary('/api/restore/tiles', p.token)).arrayBuffer());
  // one plain buffer for the outputs (the runtime's may sit in shared wasm memory, which a Blob refuses)
  const outputs = new Float32Array(p.tiles.reduce((n, t) => n + 3 * t.width * t.height, 0));
  let at = 0, put = 0;
  for (const t of p.tiles) {
    const n = 7 * t.width * t.height;
    const y = await runNetwork(session, all.slice(at, at + n), [1, 7, t.height, t.width], t.origin);
    if (y.data.length !== 3 * t.width * t.height) throw new Error(`the restorer gave ${y.data.length} values for a ${t.width}×${t.height} tile`);
    outputs.set(y.data, put);
    at += n;
    put += y.data.length;
  }
  const res = await postBinary('/api/restore/result', p.token, outputs);
  return { ...await res.json() as ImageResult, runtime: `page (${session.backend})` };
}

/** onnxruntime-web in this page, on the backend `pickBackend` chose. */
export function pageRuntime(backend: Backend): ModelRuntime {
  return {
    name: `page (${backend})`,
    async run(task, input) {
      if (task.kind === 'restore') return restoreInPage(task.regions, task.detail, input);
      const p = await postJson<PreparedTranslate>('/api/translate/prepare', { upload: input.id, model: task.model });
      if (!p.inPage) throw new NotInPage(p.reason);
      const session = await openSession(p.onnx);
      const x = rgbaToInput(await canvasPixels(p.input, p.width, p.height), p.width, p.height, p.multiple);
      const y = await runNetwork(session, x.data, x.dims);
      const rgb = outputToRgb(y.data, y.dims, x.top, x.left, p.width, p.height);
      const res = await fetch('/api/translate/result', {
        method: 'POST', body: new Blob([rgb]), headers: { 'Content-Type': 'application/octet-stream', 'X-Tessera-Token': p.token },
      });
      const body = await res.json().catch(() => null) as (ImageResult & { error?: string }) | null;
      if (!res.ok) throw new ServerError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
      return { ...body!, runtime: `page (${session.backend})` };
    },
  };
}

/** The runtime for a task: the page for restore and for translate in eval mode, the server for the rest. */
export async function pickRuntime(task: ModelTask): Promise<ModelRuntime> {
  if ((task.kind === 'restore' || task.mode === 'eval') && typeof WebAssembly === 'object') return pageRuntime((await pickBackend()).backend);
  return serverRuntime;
}

export async function runModelInPage(task: ModelTask, input: ItemInfo): Promise<ImageResult & { runtime: string }> {
  const runtime = await pickRuntime(task);
  try {
    const r = await runtime.run(task, input);
    return { ...r, runtime: r.runtime ?? runtime.name };
  } catch (e) {
    if (!(e instanceof NotInPage)) throw e;
    return { ...await serverRuntime.run(task, input), runtime: `server (not in the page: ${e.message})` };
  }
}
