// Facts about this machine's set-up, read without loading libtorch (so `tessera doctor` answers at once);
// with `engine: true` also libtorch itself and a tiny real training step (engine-check.ts).
import fs from 'node:fs';
import { ADDON_PATH, defaultThreadCount } from '../engine/addon-facts.js';
import { ffmpegVersion } from '../video/ffmpeg-version.js';
import type { EngineReport } from './engine-check.js';

export interface DoctorReport {
  node: string;
  /** The libtorch addon and whether it is built. */
  addon: { file: string; built: boolean };
  /** Intra-op threads the engine will use (TESSERA_THREADS, OMP_NUM_THREADS, else every core). */
  threads: number;
  cpuBf16: { amx: boolean; avx512bf16: boolean };
  ffmpeg: string | null;
  /** Only when asked for (`doctor --engine`): libtorch loaded and trained for a few steps. */
  engine?: EngineReport;
}

function cpuFlags(): Set<string> {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return new Set((line ?? '').split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set();
  }
}

export async function doctor(opts: { engine?: boolean } = {}): Promise<DoctorReport> {
  const flags = cpuFlags();
  return {
    node: process.version,
    addon: { file: ADDON_PATH, built: fs.existsSync(ADDON_PATH) },
    threads: defaultThreadCount(),
    cpuBf16: { amx: flags.has('amx_bf16'), avx512bf16: flags.has('avx512_bf16') },
    ffmpeg: ffmpegVersion(),
    ...(opts.engine ? { engine: (await import('./engine-check.js')).engineCheck() } : {}),
  };
}
