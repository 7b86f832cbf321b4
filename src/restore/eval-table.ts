// The restorer's evaluation as a table: one row per (cell size, style, JPEG quality), one per cell size,
// and one over everything; the columns are PSNR / SSIM / gradient-energy ratio (and BRISQUE, when it was
// measured) for each candidate and the restorer's gain over bicubic; an outside peer's scores, where there
// are some, as one more candidate. Shared by `tessera eval restore` and `tessera demo`.
import { CANDIDATES, summarise, type CaseScores, type RestoreEvalCase, type SummaryRow } from './evaluate.js';
import type { MosaicStyle } from '../image/pixelate.js';

export interface EvalTableRow {
  /** What the row averages over, e.g. "8 px mean jpeg none", "8 px", "all". */
  group: string;
  /** Present where the row is one cell size (or one cell), absent on the overall row. */
  block?: number;
  style?: MosaicStyle;
  /** JPEG quality after the mosaic; null = none. Only on per-cell rows. */
  jpeg?: number | null;
  /** The restorer's detail and cell style, on every row when the evaluation ran more than one. */
  detail?: number;
  cellStyle?: RestoreEvalCase['cellStyle'];
  n: number;
  scores: CaseScores;
  /** Mean RMS (grey levels) of the restored region pixelated again against the input cells. */
  cellRms?: number;
  /** Restorer minus bicubic. */
  gainPsnr: number;
  gainSsim: number;
}

const jpegName = (q: number | null) => (q === null ? 'none' : String(q));

function withGain(row: SummaryRow, fields: Partial<EvalTableRow>): EvalTableRow {
  const { restorer, bicubic } = row.scores;
  return { group: row.group, ...fields, n: row.n, scores: row.scores, cellRms: row.cellRms, gainPsnr: restorer.psnr - bicubic.psnr, gainSsim: restorer.ssim - bicubic.ssim };
}

const variantOf = (c: RestoreEvalCase) => `detail ${c.detail} ${c.cellStyle}`;

/**
 * Rows in reading order: each cell size's cells, then that cell size's mean; the overall mean last. Cases
 * restored with several detail values or cell styles make one such block each, its groups prefixed.
 */
export function evaluationTable(cases: RestoreEvalCase[]): EvalTableRow[] {
  const variants = [...new Set(cases.map(variantOf))];
  if (variants.length < 2) return oneVariant(cases);
  return variants.flatMap((v) => {
    const mine = cases.filter((c) => variantOf(c) === v);
    return oneVariant(mine).map((r) => ({ ...r, group: `${v}: ${r.group}`, detail: mine[0]!.detail, cellStyle: mine[0]!.cellStyle }));
  });
}

function oneVariant(cases: RestoreEvalCase[]): EvalTableRow[] {
  const rows: EvalTableRow[] = [];
  const blocks = [...new Set(cases.map((c) => c.block))].sort((a, b) => a - b);
  for (const block of blocks) {
    const mine = cases.filter((c) => c.block === block);
    const cells = summarise(mine, (c) => `${block} px ${c.style} jpeg ${jpegName(c.jpeg)}`);
    for (const row of cells) {
      const first = mine.find((c) => `${block} px ${c.style} jpeg ${jpegName(c.jpeg)}` === row.group)!;
      rows.push(withGain(row, { block, style: first.style, jpeg: first.jpeg }));
    }
    // a cell size with a single cell already has its mean on the line above
    if (cells.length > 1) rows.push(withGain(summarise(mine, () => `${block} px`)[0]!, { block }));
  }
  if (cases.length) rows.push(withGain(summarise(cases, () => 'all')[0]!, {}));
  return rows;
}

export interface TableColumns {
  /** Candidates shown, in order (default all three, and the peer where the rows have its scores). */
  candidates?: readonly (keyof CaseScores)[];
  /** The peer's column heading (default "peer"). */
  peer?: string;
  /** Show the gradient-energy ratio (default true). */
  gradient?: boolean;
  /** Heading of the first column (default "cells"). */
  label?: string;
}

const NAMES: Record<keyof CaseScores, string> = { mosaic: 'mosaic', bicubic: 'bicubic', restorer: 'restored', peer: 'peer' };

/** A plain-text table; `rows` may be evaluationTable's or any {group, n, scores} rows with gains. */
export function formatEvaluationTable(rows: Pick<EvalTableRow, 'group' | 'n' | 'scores' | 'gainPsnr' | 'gainSsim'>[], o: TableColumns = {}): string {
  const cands = o.candidates ?? (rows.length && rows.every((r) => r.scores.peer) ? [...CANDIDATES, 'peer' as const] : CANDIDATES);
  const grad = o.gradient ?? true, names = { ...NAMES, peer: o.peer ?? NAMES.peer };
  // BRISQUE (lower is better) where every row has it for every candidate shown
  const bris = rows.length > 0 && rows.every((r) => cands.every((c) => r.scores[c]!.brisque !== undefined));
  const perCand = [...(grad ? ['PSNR', 'SSIM', 'grad'] : ['PSNR', 'SSIM']), ...(bris ? ['BRISQUE'] : [])];
  const first = Math.max(o.label?.length ?? 5, ...rows.map((r) => r.group.length)) + 2;
  const w = 8;
  const pad = (s: string) => s.padStart(w);
  const head1 = ''.padEnd(first) + '   n' + cands.map((c) => `  ${names[c].padEnd(perCand.length * w)}`).join('') + '  gain over bicubic';
  const head2 = (o.label ?? 'cells').padEnd(first) + '    ' + cands.map(() => `  ${perCand.map(pad).join('')}`).join('') + `  ${pad('dB')}${pad('SSIM')}`;
  const num = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '∞');
  const signed = (x: number, d: number) => `${x >= 0 ? '+' : ''}${x.toFixed(d)}`;
  const lines = [head1, head2];
  for (const r of rows) {
    const cells = cands.map((c) => {
      const s = r.scores[c]!;
      return `  ${[num(s.psnr, 2), num(s.ssim, 3), ...(grad ? [num(s.gradientRatio, 2)] : []), ...(bris ? [num(s.brisque!, 1)] : [])].map(pad).join('')}`;
    });
    lines.push(`${r.group.padEnd(first)}${String(r.n).padStart(4)}${cells.join('')}  ${pad(signed(r.gainPsnr, 2))}${pad(signed(r.gainSsim, 3))}`);
  }
  return lines.join('\n');
}

/** Mean seconds per region (wall, or CPU of all threads) of the restorer and the peer over the cases that timed them. */
export function secondsPerRegion(cases: RestoreEvalCase[], clock: 'seconds' | 'cpuSeconds' = 'seconds'): { restorer?: number; peer?: number } {
  const mean = (k: 'restorer' | 'peer') => {
    const t = cases.map((c) => c[clock][k]).filter((v): v is number => v !== undefined);
    return t.length ? t.reduce((a, b) => a + b, 0) / t.length : undefined;
  };
  return { restorer: mean('restorer'), peer: mean('peer') };
}
