// The bench page (`npm run bench -- web` opens it in headless Chromium): times one exported network in
// onnxruntime-web through the same session code the work page uses, on an input the bench sends.
import { openSession, ortVersion, pickBackend, runNetwork, wasmThreads, type Backend } from './ort-session.js';

export interface PageTiming { backend: Backend; threads: number; version: string; ms: number[]; output: number[] }

async function timeModel(url: string, input: number[], dims: number[], warmups: number, iters: number): Promise<PageTiming> {
  const s = await openSession(url, (await pickBackend()).backend);
  const x = Float32Array.from(input);
  let y = await runNetwork(s, x, dims);
  for (let i = 1; i < warmups; i++) y = await runNetwork(s, x, dims);
  const ms: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    y = await runNetwork(s, x, dims);
    ms.push(performance.now() - t0);
  }
  return { backend: s.backend, threads: wasmThreads(), version: ortVersion(), ms, output: Array.from(y.data) };
}

(window as unknown as { tesseraBench: typeof timeModel }).tesseraBench = timeModel;
document.body.dataset.ready = 'true';
