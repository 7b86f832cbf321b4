// Files that ship with the code (assets/ of this checkout), found from the running module whether it runs
// from src/ or from dist/src/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** assets/<name>; `what` names it in the error (e.g. 'the learned mosaic detector'). */
export function shippedAsset(name: string, what: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const f = path.join(dir, 'assets', name);
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`assets/${name} not found: ${what} ships with the repository`);
}
