// `pairs.json` (written by `tessera pairs`) read back for training, checked field by field: a
// hand-edited or damaged manifest fails with one line naming the file and the pair, and its file
// names stay inside the dataset folder.
import fs from 'node:fs';
import path from 'node:path';
import { parseStrictJson } from '../io/strict-json.js';
import type { CellGrid } from '../image/cells.js';
import type { Shape } from '../image/shapes.js';

export interface PairsManifest { size: number; pairs: { file: string; grid?: CellGrid; regions: Shape[] }[] }

/** Far above a real manifest (~300 bytes a pair): refused before it is read. */
export const MAX_MANIFEST_BYTES = 256 * 2 ** 20;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v)).slice(0, 40));

export function readPairsManifest(file: string): PairsManifest {
  const fail = (why: string): never => { throw new Error(`${file}: ${why}`); };
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_MANIFEST_BYTES) fail(`larger than ${MAX_MANIFEST_BYTES} bytes, so not a pairs manifest`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as Error).message.startsWith(file)) throw e;
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const json = parseStrictJson(text, (why) => fail(`not valid JSON (${why})`), { maxDepth: 8 });
  if (!isRecord(json)) fail('not a JSON object');
  const m = json as Record<string, unknown>;
  const int = (v: unknown, at: string, min: number) => { if (!(Number.isSafeInteger(v) && (v as number) >= min)) fail(`${at} is ${show(v)}, not an integer ≥ ${min}`); };
  int(m.size, 'size', 1);
  if (!Array.isArray(m.pairs)) fail(`pairs is ${show(m.pairs)}, not a list`);
  (m.pairs as unknown[]).forEach((p, i) => {
    const at = `pair ${i}`;
    if (!isRecord(p)) fail(`${at} is ${show(p)}, not an object`);
    const pair = p as Record<string, unknown>;
    const f = pair.file;
    // the dataset's own files only: relative, no "..", no drive or root
    if (typeof f !== 'string' || !f || path.isAbsolute(f) || f.split(/[\\/]/).includes('..')) fail(`${at}: file ${show(f)} is not a path inside the dataset folder`);
    if (!Array.isArray(pair.regions)) fail(`${at}: regions is ${show(pair.regions)}, not a list`);
    (pair.regions as unknown[]).forEach((r, k) => {
      if (!isRecord(r) || (r.shape !== 'box' && r.shape !== 'ellipse')) fail(`${at}: region ${k} is ${show(r)}, not a box or ellipse`);
      const g = r as Record<string, unknown>;
      for (const key of ['x', 'y']) int(g[key], `${at}: region ${k}.${key}`, -(2 ** 31));
      for (const key of ['w', 'h']) int(g[key], `${at}: region ${k}.${key}`, 1);
    });
    if (pair.grid !== undefined) {
      if (!isRecord(pair.grid)) fail(`${at}: grid is ${show(pair.grid)}, not an object`);
      const g = pair.grid as Record<string, unknown>;
      int(g.blockW, `${at}: grid.blockW`, 1);
      int(g.blockH, `${at}: grid.blockH`, 1);
      int(g.phaseX, `${at}: grid.phaseX`, -(2 ** 31));
      int(g.phaseY, `${at}: grid.phaseY`, -(2 ** 31));
    }
  });
  return json as unknown as PairsManifest;
}
