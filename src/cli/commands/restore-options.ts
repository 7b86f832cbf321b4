// The restorer's options, shared by restore, demo, eval restore and serve: --model (which restorer), --detail
// (the dial between the fidelity and realism weights; lists in demo and eval) and --style (how the mosaic's
// cells were made).
import type { Command } from 'commander';
import { CELL_STYLES, type CellStyle } from '../../restore/consistency.js';
import { DEFAULT_DETAIL } from '../../restore/restorer.js';
import { choice, list, option, share, type Parser } from '../options.js';

const DETAIL_HELP = '0 = the fidelity model, 1 = the realism model (a pair file: tessera pack-restorer), between them the weights mixed';
const STYLE_HELP = "how the mosaic's cells were made, which the result is held to: mean (the cell's mean colour: GIMP, Photoshop, ffmpeg) | sample (one of its pixels) | none";

/** The one --model of the commands that restore. */
export function restorerModelOption(cmd: Command): Command {
  return cmd.option('--model <path>', 'restorer: a weights file (a pair file: tessera pack-restorer), a checkpoint folder (RUN/checkpoints/latest) or a run folder, or "bicubic" for the baseline (default assets/mosaic-restorer.safetensors, not shipped yet)');
}

export function detailOption(cmd: Command): Command {
  return option(cmd, '--detail <a>', `${DETAIL_HELP} (default ${DEFAULT_DETAIL} with a pair file, 0 with one set)`, share);
}

export function styleOption(cmd: Command): Command {
  return option(cmd, '--style <s>', STYLE_HELP, choice(CELL_STYLES), 'mean' as CellStyle);
}

/** "0,0.5,1" → those detail values, each its own candidate. */
export const detailList: Parser<number[]> = list(share);
export const cellStyleList: Parser<CellStyle[]> = list(choice(CELL_STYLES));

export function detailListOption(cmd: Command): Command {
  return option(cmd, '--detail <list>', `detail values, comma-separated (each its own candidate): ${DETAIL_HELP} (default ${DEFAULT_DETAIL} with a pair file, 0 with one set)`, detailList);
}

export function styleListOption(cmd: Command): Command {
  return option(cmd, '--style <list>', `cell styles the restorer's result is held to, comma-separated (each its own candidate; --styles picks the mosaics): ${CELL_STYLES.join(', ')}`, cellStyleList, ['mean'] as CellStyle[]);
}
