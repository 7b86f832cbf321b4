// The folder of an installed npm package, found from its main file up to the package.json that names it
// (works for packages whose `exports` hide their package.json). Used to read files a package ships.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function packageRoot(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  const names = (d: string) => fs.existsSync(path.join(d, 'package.json')) && JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).name === name;
  while (!names(dir)) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
  return dir;
}
