// OpenCV's FileStorage YAML, as far as the BRISQUE model and range files need it: `%YAML:1.0`, `---`,
// block maps and block sequences by indentation, flow lists of numbers `[ … ]` (over several lines),
// flow maps `{ key:value }` (OpenCV writes no space after the colon), `!!opencv-matrix`, numbers and
// bare words. Anything else — quoted strings, anchors, other tags, comments — is refused with one line
// naming the file and line; a reader that guessed would hand the caller a model it did not write.
import fs from 'node:fs';
import { FormatError } from './format-error.js';

/** A FileStorage file that is not the subset read here. */
export class OpenCvStorageError extends FormatError {}

export interface OpenCvMatrix { rows: number; cols: number; dt: string; data: number[] }
export type StorageValue = number | string | StorageValue[] | StorageMap | OpenCvMatrix;
export interface StorageMap { [key: string]: StorageValue }

export const isMatrix = (v: StorageValue | undefined): v is OpenCvMatrix =>
  typeof v === 'object' && !Array.isArray(v) && v !== null && (v as { [MATRIX]?: true })[MATRIX] === true;
const MATRIX = Symbol('opencv-matrix');

const MAX_BYTES = 64 << 20;
const MAX_DEPTH = 16;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?:\s+(.*))?$/;

export function readOpenCvStorage(file: string): StorageMap {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new OpenCvStorageError(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message);
  }
  if (size > MAX_BYTES) throw new OpenCvStorageError(file, `${size} bytes, more than an OpenCV model file of this kind holds (${MAX_BYTES})`);
  return parseOpenCvStorage(fs.readFileSync(file, 'latin1'), file);
}

interface Line { n: number; indent: number; text: string }

export function parseOpenCvStorage(text: string, file: string): StorageMap {
  const raw = text.split(/\r?\n/);
  const fail = (n: number, why: string): never => { throw new OpenCvStorageError(file, `line ${n}: ${why}`); };
  if (raw[0]?.trimEnd() !== '%YAML:1.0') fail(1, 'not an OpenCV FileStorage YAML file (no %YAML:1.0 header)');
  if (raw[1]?.trimEnd() !== '---') fail(2, "expected '---' after the header");
  const lines: Line[] = [];
  for (let i = 2; i < raw.length; i++) {
    const s = raw[i]!.trimEnd();
    if (!s.trim()) continue;
    if (/\t/.test(s)) fail(i + 1, 'a tab character (FileStorage indents with spaces)');
    lines.push({ n: i + 1, indent: s.length - s.trimStart().length, text: s.trimStart() });
  }
  let at = 0;

  /** A flow list or map starting on line `first`, read to its closing bracket (it may span lines). */
  const flow = (first: string, n: number): StorageValue => {
    let body = first;
    const close = first[0] === '[' ? ']' : '}';
    while (!body.includes(close)) {
      const next = lines[at++];
      if (!next) return fail(n, `unclosed '${first[0]}'`);
      body += ' ' + next.text;
    }
    const end = body.indexOf(close);
    if (body.slice(end + 1).trim()) fail(n, `text after '${close}'`);
    const items = body.slice(1, end).split(',').map((s) => s.trim());
    if (items.length === 1 && items[0] === '') return close === ']' ? [] : {};
    if (close === ']') return items.map((s) => number(s, n));
    const map: StorageMap = {};
    for (const item of items) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*):\s*(.+)$/.exec(item);
      if (!m) return fail(n, `bad flow map entry '${item.slice(0, 40)}'`);
      put(map, m[1]!, scalar(m[2]!, n), n);
    }
    return map;
  };
  const number = (s: string, n: number): number => (NUMBER.test(s) ? Number(s) : fail(n, `expected a number, got '${s.slice(0, 40)}'`));
  const scalar = (s: string, n: number): number | string =>
    NUMBER.test(s) ? Number(s) : WORD.test(s) ? s : fail(n, `unsupported value '${s.slice(0, 40)}'`);
  const put = (map: StorageMap, key: string, v: StorageValue, n: number) => {
    if (Object.hasOwn(map, key)) fail(n, `duplicate key '${key}'`);
    Object.defineProperty(map, key, { value: v, enumerable: true, writable: true, configurable: true });
  };

  /** The value after `key:` or `-` on line n: inline, or a nested block deeper than `indent`. */
  const value = (rest: string, indent: number, n: number, depth: number): StorageValue => {
    if (rest.startsWith('!!')) {
      if (rest !== '!!opencv-matrix') fail(n, `unsupported tag '${rest.slice(0, 40)}'`);
      const m = nested(indent, n, depth);
      if (Array.isArray(m) || isMatrix(m)) return fail(n, '!!opencv-matrix must be a map');
      return matrix(m as StorageMap, n);
    }
    if (rest === '') return nested(indent, n, depth);
    if (rest[0] === '[' || rest[0] === '{') return flow(rest, n);
    return scalar(rest, n);
  };
  const nested = (indent: number, n: number, depth: number): StorageValue => {
    const next = lines[at];
    if (!next || next.indent <= indent) return fail(n, 'empty value');
    return block(next.indent, depth + 1);
  };
  const block = (indent: number, depth: number): StorageValue => {
    if (depth > MAX_DEPTH) fail(lines[at]!.n, `nested deeper than ${MAX_DEPTH} levels`);
    const isSeq = lines[at]!.text === '-' || lines[at]!.text.startsWith('- ');
    const out: StorageValue[] | StorageMap = isSeq ? [] : {};
    while (at < lines.length && lines[at]!.indent >= indent) {
      const { n, indent: ind, text: t } = lines[at]!;
      if (ind > indent) fail(n, 'unexpected indentation');
      at++;
      if (isSeq) {
        if (!(t === '-' || t.startsWith('- '))) fail(n, "expected a '- ' sequence item");
        const rest = t.slice(1).trim();
        if (KEY.test(rest)) fail(n, "'- key: value' items are not read here; put the map on the next lines");
        (out as StorageValue[]).push(value(rest, ind, n, depth));
      } else {
        const m = KEY.exec(t);
        if (!m) return fail(n, `expected 'key: value', got '${t.slice(0, 40)}'`);
        put(out as StorageMap, m[1]!, value((m[2] ?? '').trim(), ind, n, depth), n);
      }
    }
    return out;
  };
  const matrix = (m: StorageMap, n: number): OpenCvMatrix => {
    const { rows, cols, dt, data } = m;
    const keys = Object.keys(m).sort().join(',');
    if (keys !== 'cols,data,dt,rows') fail(n, `!!opencv-matrix needs exactly rows, cols, dt, data (got ${keys})`);
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || (rows as number) < 0 || (cols as number) < 0) fail(n, '!!opencv-matrix rows/cols must be whole numbers');
    if (typeof dt !== 'string' || !['f', 'd'].includes(dt)) fail(n, `!!opencv-matrix dt '${String(dt)}' is not read here (only f, d)`);
    if (!Array.isArray(data) || data.length !== (rows as number) * (cols as number)) fail(n, `!!opencv-matrix data holds ${Array.isArray(data) ? data.length : 'no list of'} numbers, not rows×cols = ${(rows as number) * (cols as number)}`);
    const out = { rows, cols, dt, data } as OpenCvMatrix;
    Object.defineProperty(out, MATRIX, { value: true });
    return out;
  };

  if (!lines.length) fail(raw.length, 'no content after the header');
  if (lines[0]!.indent !== 0) fail(lines[0]!.n, 'the top level must start at column 1');
  const top = block(0, 0);
  if (at < lines.length) fail(lines[at]!.n, 'unexpected indentation');
  if (Array.isArray(top)) return fail(lines[0]!.n, 'the top level must be a map');
  return top as StorageMap;
}
