// The user's cache folder: what tessera measured or derived once and may forget (a restorer's runtime
// choice), never anything a run needs to be right. TESSERA_CACHE_DIR, else $XDG_CACHE_HOME/tessera, else
// ~/.cache/tessera (the XDG base-directory rule).
import os from 'node:os';
import path from 'node:path';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TESSERA_CACHE_DIR) return path.resolve(env.TESSERA_CACHE_DIR);
  // XDG: a relative XDG_CACHE_HOME is invalid and is to be ignored
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'tessera');
  return path.join(os.homedir(), '.cache', 'tessera');
}
