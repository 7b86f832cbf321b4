// The bench page (`npm run bench -- web` opens it in headless Chromium): times one exported network in
// onnxruntime-web through the same session code the work page uses. `load` opens the model and runs it
// once on the bench's input (its output comes back for the comparison); `time` runs it again n times.
import { openSession, ortVersion, pickBackend, runNetwork, wasmThreads, type Backend, type OpenSession } from './ort-session.js';

let loaded: { s: OpenSession; x: Float32Array; dims: number[] } | null = null;

async function load(url: string, input: number[], dims: number[]): Promise<{ backend: Backend; threads: number; version: string; output: number[] }> {
  const s = await openSession(url, (await pickBackend()).backend);
  loaded = { s, x: Float32Array.from(input), dims };
  const y = await runNetwork(s, loaded.x, dims);
  return { backend: s.backend, threads: wasmThreads(), version: ortVersion(), output: Array.from(y.data) };
}

async function time(n: number): Promise<number[]> {
  if (!loaded) throw new Error('load a model first');
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await runNetwork(loaded.s, loaded.x, loaded.dims);
    ms.push(performance.now() - t0);
  }
  return ms;
}

(window as unknown as { tesseraBench: { load: typeof load; time: typeof time } }).tesseraBench = { load, time };
document.body.dataset.ready = 'true';
