// `tessera eval restore` as a library call: the photos of a folder at their own sizes through the
// evaluation protocol (evaluate.ts), with the shipped restorer or another one, summarised as a table.
import { listImages } from '../data/folders.js';
import { evaluateRestorer, type RestoreEvalCase, type RestoreEvalOptions } from './evaluate.js';
import { evaluationTable, type EvalTableRow } from './eval-table.js';
import { checkDetail, Restorer } from './restorer.js';

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

export async function evaluateRestorerOnFolder(dir: string, o: FolderEvalOptions): Promise<FolderEvalResult> {
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1)) throw new Error(`limit must be a whole number ≥ 1, got ${o.limit}`);
  // The model loads first: a missing or wrong one fails before any photo is read.
  const restorer = Restorer.load(o.model);
  try {
    for (const d of o.details ?? []) if (d !== undefined) checkDetail(d, restorer.isPair, restorer.source);
    const photos = listImages(dir, o.limit);
    const cases = await evaluateRestorer(photos, restorer, o);
    return { model: restorer.source, photos, cases, rows: evaluationTable(cases) };
  } finally {
    restorer.dispose();
  }
}
