// `tessera eval restore` as a library call: the photos of a folder at their own sizes through the
// evaluation protocol (evaluate.ts), with the shipped restorer or another one, summarised as a table.
import fs from 'node:fs';
import path from 'node:path';
import { isImageFile } from '../image/raster.js';
import { evaluateRestorer, type RestoreEvalCase, type RestoreEvalOptions } from './evaluate.js';
import { evaluationTable, type EvalTableRow } from './eval-table.js';
import { Restorer, shippedRestorerFile } from './restorer.js';

export interface FolderEvalOptions extends RestoreEvalOptions {
  /** Restorer checkpoint; default the shipped one (assets/mosaic-restorer.safetensors). */
  model?: string;
  /** Use only the first N photos (in name order). */
  limit?: number;
}

export interface FolderEvalResult {
  model: string;
  photos: string[];
  cases: RestoreEvalCase[];
  rows: EvalTableRow[];
}

/** The image files directly in a folder, sorted by name; one-line errors when there are none. */
export function photosIn(dir: string): string[] {
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir}: not a folder`);
    names = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code ? new Error(`${dir}: cannot read folder (${code})`) : e;
  }
  const photos = names.filter(isImageFile).sort().map((n) => path.join(dir, n));
  if (!photos.length) throw new Error(`${dir}: no photos (.png .jpg .jpeg .webp) in this folder`);
  return photos;
}

export async function evaluateRestorerOnFolder(dir: string, o: FolderEvalOptions): Promise<FolderEvalResult> {
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1)) throw new Error(`limit must be a whole number ≥ 1, got ${o.limit}`);
  const photos = photosIn(dir).slice(0, o.limit);
  const model = o.model ?? shippedRestorerFile();
  const restorer = Restorer.load(model);
  try {
    const cases = await evaluateRestorer(photos, restorer, o);
    return { model, photos, cases, rows: evaluationTable(cases) };
  } finally {
    restorer.net.dispose();
  }
}
