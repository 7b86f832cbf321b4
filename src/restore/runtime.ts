// `restore --runtime auto` (the default): the restorer's network in whichever runtime runs it faster on this
// machine. Which one wins depends on the network and the CPU (measured once, issue 23: the per-cell restorer
// 5 ms a 256² pass in onnxruntime-node, 14 ms in libtorch; other networks and CPUs differ), so it is measured:
// both are loaded and run on the same 256² tile, alternating, and the slower one is let go. The choice is
// remembered per model file and machine (runtime-cache.ts): later runs load the kept runtime alone.
import { resolveModelFile } from '../models/model-path.js';
import { userCacheDir } from '../io/user-cache.js';
import { Mulberry32 } from '../util/rng.js';
import { OnnxRestorer } from './onnx.js';
import { Restorer, shippedRestorerFile, type NetworkTile, type RestorerOptions } from './restorer.js';
import { readCachedRuntime, runtimeKey, writeCachedRuntime } from './runtime-cache.js';

export const RESTORE_RUNTIMES = ['auto', 'libtorch', 'onnx'] as const;
export type RestoreRuntime = (typeof RESTORE_RUNTIMES)[number];

/** The side of the tile the runtimes are timed on: a 256² region's pass. */
const PROBE_SIDE = 256;
/** Timed passes per runtime (after one untimed each); the fastest of them counts, as load only slows. */
const PROBE_PASSES = 3;

export interface RuntimeChoice {
  restorer: Restorer | OnnxRestorer;
  runtime: 'libtorch' | 'onnx';
  /** Each runtime's fastest pass over the probe tile, ms (absent for a runtime named outright). */
  passMs?: { libtorch: number; onnx: number };
  /** auto: the choice came from the cache (passMs are the remembered ones), nothing was timed. */
  cached?: boolean;
}

export interface RuntimeCacheOptions {
  /** The cache folder (userCacheDir() by default); null: neither read nor write a remembered choice. */
  cacheDir?: string | null;
}

/** A 256² network input of noise and a region in the middle (what the timing runs: the values do not matter). */
function probeTile(multiple: number): NetworkTile {
  const side = Math.ceil(PROBE_SIDE / multiple) * multiple, plane = side * side, rng = new Mulberry32(1);
  const data = new Float32Array(7 * plane);
  for (let i = 0; i < 6 * plane; i++) data[i] = 2 * rng.random() - 1;
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    data[6 * plane + y * side + x] = Math.min(x, y) >= side / 4 && Math.max(x, y) < (3 * side) / 4 ? 1 : -1;
  }
  return { data, width: side, height: side };
}

/** Fastest pass of each, alternating so that both see the same load. */
export async function timePasses(passes: Record<'libtorch' | 'onnx', () => unknown>, rounds = PROBE_PASSES): Promise<{ libtorch: number; onnx: number }> {
  const best = { libtorch: Infinity, onnx: Infinity };
  for (let i = 0; i <= rounds; i++) {
    for (const name of ['libtorch', 'onnx'] as const) {
      const t0 = performance.now();
      await passes[name]();
      if (i > 0) best[name] = Math.min(best[name], performance.now() - t0); // pass 0 warms up
    }
  }
  return best;
}

/** The restorer in the runtime asked for; 'auto' takes the remembered choice, or loads both, times them and keeps the faster. */
export async function loadRestorerFor(runtime: RestoreRuntime, model?: string, o: RestorerOptions = {}, c: RuntimeCacheOptions = {}): Promise<RuntimeChoice> {
  if (runtime === 'libtorch') return { restorer: Restorer.load(model, o), runtime };
  if (runtime === 'onnx') return { restorer: await OnnxRestorer.load(model, o), runtime };
  const dir = c.cacheDir === undefined ? userCacheDir() : c.cacheDir;
  const file = resolveModelFile(model ?? shippedRestorerFile(), 'generator');
  const key = dir === null ? null : runtimeKey(file);
  const known = key && readCachedRuntime(dir!, key);
  if (known) {
    const restorer = known.runtime === 'onnx' ? await OnnxRestorer.load(file, o) : Restorer.load(file, o);
    return { restorer, runtime: known.runtime, passMs: known.passMs, cached: true };
  }
  const timed = await timeBoth(file, o);
  if (key) writeCachedRuntime(dir!, key, { runtime: timed.runtime, passMs: timed.passMs! });
  return timed;
}

/** Both runtimes loaded and timed on the probe tile; the faster kept, the other released. */
async function timeBoth(file: string, o: RestorerOptions): Promise<RuntimeChoice> {
  const lt = Restorer.load(file, o);
  let ox: OnnxRestorer;
  try {
    // one weight set: exported from the network just loaded (a pair keeps its own network to mix weights in)
    ox = lt.isPair ? await OnnxRestorer.load(lt.source, o) : await OnnxRestorer.fromNetwork(lt.net, lt.spec, lt.source, o);
  } catch (e) {
    lt.dispose();
    throw e;
  }
  try {
    const tile = probeTile(Math.max(lt.multiple, ox.multiple));
    const passMs = await timePasses({ libtorch: () => lt.runTile(tile), onnx: () => ox.runTile(tile) });
    const onnx = passMs.onnx < passMs.libtorch;
    (onnx ? lt : ox).dispose();
    return { restorer: onnx ? ox : lt, runtime: onnx ? 'onnx' : 'libtorch', passMs };
  } catch (e) {
    lt.dispose();
    ox.dispose();
    throw e;
  }
}
