// `tessera eval restore` as a library call: the photos of a folder at their own sizes through the
// evaluation protocol (evaluate.ts), with the shipped restorer or another one, summarised as a table;
// an outside peer (restore/peers/, a dev dependency) scored beside it when asked.
import { listImages } from '../data/folders.js';
import { evaluateRestorer, type RestoreEvalCase, type RestoreEvalOptions } from './evaluate.js';
import { evaluationTable, type EvalTableRow } from './eval-table.js';
import { checkDetail, Restorer } from './restorer.js';
import type { EsrganPeer } from './peers/esrgan.js';
import type { PeerName } from './peers/names.js';

export interface FolderEvalOptions extends Omit<RestoreEvalOptions, 'peer'> {
  /** Restorer checkpoint, or "bicubic" (the baseline as the candidate); default the shipped one (assets/mosaic-restorer.safetensors). */
  model?: string;
  /** Use only the first N photos (in name order). */
  limit?: number;
  /** An outside peer to score beside the restorer (loaded only then; it needs its dev dependency). */
  peer?: PeerName;
}

export interface FolderEvalResult {
  model: string;
  /** The peer's model file, when one was scored. */
  peer?: string;
  photos: string[];
  cases: RestoreEvalCase[];
  rows: EvalTableRow[];
}

export async function evaluateRestorerOnFolder(dir: string, o: FolderEvalOptions): Promise<FolderEvalResult> {
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1)) throw new Error(`limit must be a whole number ≥ 1, got ${o.limit}`);
  // The model loads first: a missing or wrong one fails before any photo is read.
  const restorer = o.model === 'bicubic' ? null : Restorer.load(o.model);
  let peer: EsrganPeer | undefined;
  try {
    for (const d of o.details ?? []) {
      if (d === undefined) continue;
      if (!restorer) throw new Error('--detail: --model bicubic is the baseline, with no detail to set');
      checkDetail(d, restorer.isPair, restorer.source);
    }
    peer = o.peer ? (await import('./peers/esrgan.js')).loadPeer(o.peer) : undefined;
    const photos = listImages(dir, o.limit);
    const cases = await evaluateRestorer(photos, restorer, { ...o, peer });
    return { model: restorer?.source ?? 'bicubic', peer: peer?.source, photos, cases, rows: evaluationTable(cases) };
  } finally {
    restorer?.dispose();
    peer?.dispose();
  }
}
