// What the engine loads and with how many threads, known without loading it (libtorch takes seconds to
// map): native.ts loads from here, and `tessera doctor` reports it without paying for the load.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built N-API addon over libtorch. */
export const ADDON_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'native', 'build', 'Release', 'tessera_native.node');

/** libtorch defaults to 1 thread here; use what the machine offers unless the user said otherwise. */
export function defaultThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.TESSERA_THREADS ?? env.OMP_NUM_THREADS);
  return n > 0 ? n : os.availableParallelism();
}
