// onnxruntime-web in the page: which backend runs (WebGPU where the browser gives a hardware adapter, else wasm),
// sessions opened once per model URL, one run of a network on a float32 [N, C, H, W] input. The runtime's
// .mjs and .wasm come from this server (/ort/, copied from node_modules by the Vite build), never a CDN.
import * as ort from 'onnxruntime-web';

export type Backend = 'webgpu' | 'wasm';

ort.env.wasm.wasmPaths = '/ort/';
// threads need SharedArrayBuffer, which the server's cross-origin isolation headers allow
ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
ort.env.logLevel = 'error';

export const ortVersion = (): string => ort.env.versions.web ?? 'unknown';
export const wasmThreads = (): number => ort.env.wasm.numThreads ?? 1;

let picked: Promise<{ backend: Backend; why: string }> | null = null;

interface Adapter { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string } }

/**
 * WebGPU when the browser has a hardware adapter, else wasm. A software ("fallback") adapter — headless
 * Chromium with --enable-unsafe-webgpu gets SwiftShader's — is used only when the page is asked for it with
 * ?backend=webgpu: it ran the cell restorer 60× slower than wasm (docs/export.md). ?backend=wasm forces wasm.
 */
export function pickBackend(): Promise<{ backend: Backend; why: string }> {
  picked ??= (async () => {
    const asked = typeof location === 'object' ? new URLSearchParams(location.search).get('backend') : null;
    if (asked === 'wasm') return { backend: 'wasm' as const, why: 'the page was asked for wasm (?backend=wasm)' };
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    if (!gpu) return { backend: 'wasm' as const, why: 'this browser has no WebGPU' };
    try {
      const a = await gpu.requestAdapter();
      if (a) {
        const software = a.isFallbackAdapter ?? a.info?.isFallbackAdapter ?? false;
        if (!software) return { backend: 'webgpu' as const, why: 'a WebGPU adapter is available' };
        const name = a.info?.architecture || 'software';
        if (asked === 'webgpu') return { backend: 'webgpu' as const, why: `asked for WebGPU (?backend=webgpu) on a software adapter (${name})` };
        return { backend: 'wasm' as const, why: `the only WebGPU adapter is a software one (${name}), slower than wasm` };
      }
    } catch { /* no adapter */ }
    return { backend: 'wasm' as const, why: 'WebGPU has no adapter here' };
  })();
  return picked;
}

export interface OpenSession { session: ort.InferenceSession; backend: Backend }
const sessions = new Map<string, Promise<OpenSession>>();

/** The session of a model URL on the picked backend; WebGPU failing to open it falls back to wasm. */
export function openSession(url: string, backend?: Backend): Promise<OpenSession> {
  const key = `${backend ?? 'auto'} ${url}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const want = backend ?? (await pickBackend()).backend;
      const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
      if (want === 'webgpu') {
        try {
          return { session: await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] }), backend: 'webgpu' as const };
        } catch { /* an op without a WebGPU kernel: the wasm kernels run everything */ }
      }
      return { session: await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }), backend: 'wasm' as const };
    })();
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status} ${r.statusText}`);
  return r;
}

/**
 * The graph input of a network with a noise plane: where the tile starts in the whole input, int64 [2] [y, x]
 * (models/position-noise.ts NOISE_ORIGIN_INPUT; the page does not import the engine's modules).
 */
const NOISE_ORIGIN_INPUT = 'noise_origin';

/**
 * One run: input 'input' → output 'output' (the names every tessera export uses); `origin` goes to
 * 'noise_origin' where the export takes it (one made before that input existed reads its noise from [0, 0]).
 */
export async function runNetwork(s: OpenSession, data: Float32Array, dims: number[], origin: readonly [number, number] = [0, 0]): Promise<{ data: Float32Array; dims: number[] }> {
  const feeds: Record<string, ort.Tensor> = { input: new ort.Tensor('float32', data, dims) };
  if (s.session.inputNames.includes(NOISE_ORIGIN_INPUT)) feeds[NOISE_ORIGIN_INPUT] = new ort.Tensor('int64', BigInt64Array.from(origin, BigInt), [2]);
  const out = (await s.session.run(feeds)).output!;
  const values = (out.location === 'cpu' ? out.data : await out.getData()) as Float32Array;
  return { data: values, dims: [...out.dims] };
}
