// `npm start` after set-up: the main job, `tessera demo` with the shipped restorer, its files into
// tessera-demo/ (the grid PNG, the pan MP4, the scores table; a second start replaces the first's).
// Arguments go to the demo (`npm start -- -o DIR --frames 24`). Where assets/mosaic-restorer.safetensors is
// not there, one line says so and `tessera doctor --engine` runs instead: the set-up checked end to end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const model = path.join(root, 'assets', 'mosaic-restorer.safetensors');

const run = (args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1;

if (fs.existsSync(model)) {
  process.exit(run(['demo', '-o', 'tessera-demo', '--overwrite', ...process.argv.slice(2)]));
}
console.log('npm start: the mosaic restorer model is missing from this checkout (no assets/mosaic-restorer.safetensors: git checkout -- assets), so no demo; running tessera doctor --engine instead');
process.exit(run(['doctor', '--engine']));
