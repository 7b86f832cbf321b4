// The README's first picture, docs/demo-grid.jpg: `tessera demo` with the shipped restorer (or --model FILE),
// its grid (original | mosaic | bicubic | α = 0 | α = 1) scaled to 1600 px wide as a JPEG. The demo's other
// files go to a temporary folder; its scores are printed, for the caption.
// Usage (after set-up): node scripts/readme-grid.mjs [--model FILE] [-o docs/demo-grid.jpg]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const take = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const out = path.resolve(take('-o', path.join(root, 'docs', 'demo-grid.jpg')));
const model = take('--model', undefined);
if (args.length) {
  console.error(`readme-grid: unknown arguments ${args.join(' ')} (usage: node scripts/readme-grid.mjs [--model FILE] [-o OUT.jpg])`);
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-readme-grid-'));
// one frame of the clip: the picture is the grid, the clip only has to be made
const demo = ['demo', '-o', dir, '--frames', '1', ...(model ? ['--model', model] : [])];
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), ...demo], { stdio: 'inherit' });
if (r.status === 0) {
  await sharp(path.join(dir, 'restore-grid.png')).resize({ width: 1600 }).jpeg({ quality: 85 }).toFile(out);
  const rel = path.relative(process.cwd(), out);
  console.log(`${rel.startsWith('..') ? out : rel}: the grid at 1600 px wide`);
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(r.status ?? 1);
