// The one way a URL becomes a file: the part after a root's prefix, taken raw from the request line
// (before any URL normalisation could resolve "..") and decoded one segment at a time. Refused: "." and
// ".." segments, segments that decode to a separator or NUL ("..%2f.."), an empty or absolute remainder,
// malformed escapes; and then, after following symlinks, anything outside the root's real path.
import fs from 'node:fs';
import path from 'node:path';

export type PathVerdict = { file: string } | { refused: 400 | 403 | 404; why: string };

/** A folder files may be served from, with its real path (symlinks in the root itself are fine). */
export interface ServedRoot { name: string; dir: string; real: string }

export function servedRoot(name: string, dir: string): ServedRoot {
  return { name, dir, real: fs.realpathSync(dir) };
}

/** Resolves `rawRest` (the still percent-encoded path under the root) to a regular file inside it. */
export function resolveUnder(root: ServedRoot, rawRest: string): PathVerdict {
  if (rawRest === '' || rawRest.startsWith('/')) return { refused: 400, why: 'an empty or absolute path' };
  const parts: string[] = [];
  for (const raw of rawRest.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { refused: 400, why: 'a malformed percent escape' };
    }
    if (seg === '' || seg === '.' || seg === '..') return { refused: 400, why: `a "${seg || '//'}" segment` };
    if (/[/\\\0]/.test(seg)) return { refused: 400, why: 'a segment holding a separator or NUL' };
    parts.push(seg);
  }
  const joined = path.join(root.real, ...parts);
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    return { refused: 404, why: 'no such file' };
  }
  // a symlink (anywhere on the way) that leads out of the root is refused like "..": same words, no hint
  if (real !== root.real && !real.startsWith(root.real + path.sep)) return { refused: 403, why: `outside the ${root.name} folder` };
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    return { refused: 404, why: 'no such file' };
  }
  if (!st.isFile()) return { refused: 404, why: 'not a file' };
  return { file: real };
}
