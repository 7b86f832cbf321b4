// The seam where a network runs for the page. Today every model runs on the server (restore with its
// --model, translate with a generator from the runs folder), through the same library the CLI uses.
// When `tessera export` (src/export/) writes ONNX files, an in-page runtime goes here: onnxruntime-web
// (wasm; WebGPU where the browser has it) on the canvas pixels, chosen by `pickRuntime` whenever the
// server lists an .onnx file for the model, so the image never leaves the page. Callers do not change.
import type { ImageResult, ItemInfo } from './api.js';
import { postJson } from './api-client.js';

export type ModelTask =
  | { kind: 'translate'; model: string }
  | { kind: 'restore'; regions: string[] };

export interface ModelRuntime {
  /** Shown in the page next to the result ("server", later "in page (wasm)"). */
  readonly name: string;
  run(task: ModelTask, input: ItemInfo): Promise<ImageResult>;
}

/** Runs the model on the server: /api/translate, /api/restore. */
export const serverRuntime: ModelRuntime = {
  name: 'server',
  run(task, input) {
    return task.kind === 'translate'
      ? postJson<ImageResult>('/api/translate', { upload: input.id, model: task.model })
      : postJson<ImageResult>('/api/restore', { upload: input.id, regions: task.regions });
  },
};

/** The runtime for a task: the server until exported models are listed. */
export function pickRuntime(_task: ModelTask): ModelRuntime {
  return serverRuntime;
}

export async function runModelInPage(task: ModelTask, input: ItemInfo): Promise<ImageResult & { runtime: string }> {
  const runtime = pickRuntime(task);
  return { ...await runtime.run(task, input), runtime: runtime.name };
}
