// `--runtime auto`'s choice remembered per model and machine, so that only the first run of a restorer file on
// a machine pays for timing both runtimes (an ONNX export, an onnxruntime session and eight 256² passes:
// ~1 s of CPU before the first frame, issue 23). The key is the model file's content (SHA-256, so a retrained
// or replaced file is timed again whatever its name and date) and what decides the speed on this side: the
// CPU, the threads, both runtimes' versions. An entry that does not read back as one is ignored and replaced.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { buildInfo, getNumThreads } from '../engine/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { parseStrictJson } from '../io/strict-json.js';

/** Bumped when the timing itself changes (the probe tile, the passes), so older choices are not reused. */
const PROBE_VERSION = 1;

export interface RuntimeKey {
  /** SHA-256 of the model file's bytes. */
  model: string;
  machine: { cpu: string; cores: number; threads: number; platform: string; arch: string; libtorch: string; onnxruntime: string; probe: number };
}

export interface CachedRuntime {
  runtime: 'libtorch' | 'onnx';
  /** Each runtime's fastest pass over the probe tile when it was timed, ms. */
  passMs: { libtorch: number; onnx: number };
}

export function fileSha256(file: string): string {
  const hash = crypto.createHash('sha256'), fd = fs.openSync(file, 'r'), buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export function runtimeKey(modelFile: string): RuntimeKey {
  return {
    model: fileSha256(modelFile),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), threads: getNumThreads(),
      platform: process.platform, arch: process.arch, libtorch: buildInfo().torchVersion, onnxruntime: ort.env.versions.node ?? 'unknown', probe: PROBE_VERSION,
    },
  };
}

/** Where the choice for `key` lives under the cache folder: one small JSON file per key. */
export function runtimeCacheFile(dir: string, key: RuntimeKey): string {
  return path.join(dir, 'restore-runtime', `${crypto.createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32)}.json`);
}

const isTime = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);

/** The remembered choice, or null: none yet, unreadable, or written for another key. */
export function readCachedRuntime(dir: string, key: RuntimeKey): CachedRuntime | null {
  const file = runtimeCacheFile(dir, key);
  try {
    const e = parseStrictJson(fs.readFileSync(file, 'utf8'), (why) => { throw new Error(why); }, { maxDepth: 4 }) as Record<string, unknown>;
    const passMs = e.passMs as Record<string, unknown> | undefined;
    if (JSON.stringify(e.key) !== JSON.stringify(key) || (e.runtime !== 'libtorch' && e.runtime !== 'onnx') || !isTime(passMs?.libtorch) || !isTime(passMs?.onnx)) return null;
    return { runtime: e.runtime, passMs: { libtorch: passMs.libtorch, onnx: passMs.onnx } };
  } catch {
    return null;
  }
}

/** Remembers a choice; a cache folder that cannot be written only means the next run times again. */
export function writeCachedRuntime(dir: string, key: RuntimeKey, choice: CachedRuntime): void {
  try {
    writeFileAtomic(runtimeCacheFile(dir, key), `${JSON.stringify({ key, ...choice, measured: new Date().toISOString() }, null, 1)}\n`);
  } catch { /* an optimisation only */ }
}
