// The restorer's options, shared by restore, demo, eval restore and serve: --model (which restorer), and
// --detail and --style, declared in restore/restorer.ts (RESTORE_CALL_OPTIONS, which the server reads
// too); demo and eval take lists of them.
import type { Command } from 'commander';
import { CELL_STYLES, type CellStyle } from '../../restore/consistency.js';
import { DEFAULT_DETAIL, RESTORE_CALL_OPTIONS } from '../../restore/restorer.js';
import { parserOf, type OptionSpec } from '../../util/option-schema.js';
import { list, option, type Parser } from '../options.js';
import { addSchemaOptions } from '../schema-options.js';

const spec = (key: string): OptionSpec => RESTORE_CALL_OPTIONS.find((s) => s.key === key)!;
const DETAIL = spec('detail'), STYLE = spec('style');
const DETAIL_DEFAULT = `(default ${DEFAULT_DETAIL} with a pair file, 0 with one set)`;

/** The one --model of the commands that restore. */
export function restorerModelOption(cmd: Command): Command {
  return cmd.option('--model <path>', 'restorer: a weights file (a pair file: tessera pack-restorer), a checkpoint folder (RUN/checkpoints/latest) or a run folder, or "bicubic" for the baseline (default assets/mosaic-restorer.safetensors, the shipped pair)');
}

export function detailOption(cmd: Command): Command {
  return addSchemaOptions(cmd, [DETAIL], () => DETAIL_DEFAULT);
}

export function styleOption(cmd: Command): Command {
  return addSchemaOptions(cmd, [STYLE]);
}

/** "0,0.5,1" → those detail values, each its own candidate. */
export const detailList = list(parserOf(DETAIL) as Parser<number>);
export const cellStyleList = list(parserOf(STYLE) as Parser<CellStyle>);

export function detailListOption(cmd: Command): Command {
  return option(cmd, '--detail <list>', `detail values, comma-separated (each its own candidate): ${DETAIL.help} ${DETAIL_DEFAULT}`, detailList);
}

export function styleListOption(cmd: Command): Command {
  return option(cmd, '--style <list>', `cell styles the restorer's result is held to, comma-separated (each its own candidate; --styles picks the mosaics): ${CELL_STYLES.join(', ')}`, cellStyleList, [STYLE.default] as CellStyle[]);
}
