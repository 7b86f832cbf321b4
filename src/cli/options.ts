// Typed option parsers, declared once per option next to its help and default: commander hands each the
// typed text and the action receives values (numbers, choices, ranges), never strings to check again.
// Every failure is one line that names the option (optionError).
import type { Command } from 'commander';
import { buildInfo } from '../engine/index.js';
import { choice, float, int, optionError, orWord, positive, share, type Parser } from '../util/option-schema.js';

export { choice, float, int, optionError, orWord, positive, share, type Parser };

/** A number strictly between lo and hi (a probability threshold). */
export const between = (lo: number, hi: number): Parser<number> => (flag, text) => {
  const n = Number(text);
  if (text.trim() === '' || !(n > lo && n < hi)) throw optionError(flag, `between ${lo} and ${hi}`, text);
  return n;
};

/** "A-B" or "A" → [A, B] with min ≤ A ≤ B ≤ max. */
export const range = (min: number, max: number): Parser<[number, number]> => (flag, text) => {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const a = m ? Number(m[1]) : NaN, b = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || a > b || a < min || b > max) throw optionError(flag, `A-B with ${min} ≤ A ≤ B ≤ ${max}`, text);
  return [a, b];
};

/** A comma-separated list, each item through `parse`; repeats dropped, first order kept. */
export const list = <T>(parse: Parser<T>): Parser<T[]> => (flag, text) => [...new Set(text.split(',').map((t) => parse(flag, t.trim())))];

/** Declares an option with a typed parser; `fallback` is the parsed default (shown in --help). */
export function option<T>(cmd: Command, flags: string, description: string, parse: Parser<T>, fallback?: T): Command {
  const flag = /--[\w-]+/.exec(flags)![0];
  return cmd.option(flags, description, (text: string) => parse(flag, text), fallback as never);
}

/** "A-B" of fractions with 0 < A ≤ B ≤ 1. */
export const shareRange: Parser<[number, number]> = (flag, text) => {
  const m = /^([\d.]+)-([\d.]+)$/.exec(text.trim());
  const r = m ? [Number(m[1]), Number(m[2])] as [number, number] : null;
  if (!r || !(r[0] > 0 && r[0] <= r[1] && r[1] <= 1)) throw optionError(flag, 'A-B with 0 < A ≤ B ≤ 1', text);
  return r;
};

/** Image channels: 1 (grey) or 3 (RGB). */
export const channels: Parser<number> = (flag, text) => {
  if (text !== '1' && text !== '3') throw optionError(flag, '1 or 3', text, "'");
  return Number(text);
};

/**
 * --device: 'cpu' runs; 'cuda' / 'cuda:N' is checked against this libtorch, so a CPU-only build (Debian's)
 * says so in one line instead of failing deep inside a layer. Networks and batches are not placed on CUDA
 * yet, so a CUDA build with a GPU is told that too.
 */
export const device: Parser<'cpu'> = (flag, text) => {
  if (text === 'cpu') return 'cpu';
  if (!/^cuda(:\d+)?$/.test(text)) throw optionError(flag, 'cpu, cuda or cuda:N', text, "'");
  const info = buildInfo();
  if (!info.cuda)
    throw new Error(`${flag} ${text}: this libtorch (${info.torchVersion}) has no CUDA or sees no GPU; use --device cpu, or build against a CUDA libtorch with LIBTORCH=DIR`);
  throw new Error(`${flag} ${text}: tessera does not run networks on CUDA yet (this libtorch sees ${info.cudaDevices} GPU(s)); use --device cpu`);
};

/** The one --device of the commands that run a network (train, translate). */
export function deviceOption(cmd: Command): Command {
  return option(cmd, '--device <d>', 'cpu (cuda: refused with the reason: a CPU-only libtorch, or not supported yet)', device, 'cpu');
}

/** The one --overwrite of the commands that write files: an existing output is refused without it (io/atomic.ts checkOutputFree). */
export function overwriteOption(cmd: Command): Command {
  return cmd.option('--overwrite', 'replace outputs that already exist (default: refuse them, write nothing); an input is never overwritten');
}
