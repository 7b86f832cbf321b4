// The layering rule of docs/overview.md, checked on the source: every import of src/ points to its own
// room, a room in the same layer, or a layer below, and no two rooms depend on each other in a circle.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/** Layers, top first: the rooms (folders of src/) of each. `index` is src/index.ts, the library's entry. */
const LAYERS: string[][] = [
  ['cli', 'server', 'web', 'index'],
  ['restore', 'censor', 'system'],
  ['detect', 'finders', 'safety', 'translate'],
  ['train', 'data', 'export'],
  ['models'],
  ['video'],
  ['nn', 'image'],
  ['engine', 'io', 'util'],
];

interface Import { file: string; from: string; to: string }

const levelOf = new Map(LAYERS.flatMap((rooms, level) => rooms.map((r) => [r, level] as const)));

/** Upward imports, imports from or into rooms the order does not name, and cycles between rooms. */
export function layerViolations(imports: Import[]): string[] {
  const out: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const { file, from, to } of imports) {
    if (from === to) continue;
    const a = levelOf.get(from), b = levelOf.get(to);
    if (a === undefined || b === undefined) { out.push(`${file}: room ${a === undefined ? from : to} is not in the layer order`); continue; }
    if (b < a) out.push(`${file}: ${from} imports ${to}, a layer above it`);
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  // Cycles: depth-first search; a room met again while still on the path closes a circle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (room: string, trail: string[]): void => {
    state.set(room, 'open');
    for (const next of edges.get(room) ?? []) {
      if (state.get(next) === 'open') out.push(`cycle: ${[...trail.slice(trail.indexOf(next)), room, next].join(' → ')}`);
      else if (!state.has(next)) visit(next, [...trail, room]);
    }
    state.set(room, 'done');
  };
  for (const room of edges.keys()) if (!state.has(room)) visit(room, []);
  return out;
}

/** Every relative import (static, side-effect and dynamic) of every .ts file under src/. */
function sourceImports(srcDir: string): Import[] {
  const out: Import[] = [];
  const roomOf = (abs: string) => {
    const rel = path.relative(srcDir, abs).split(path.sep);
    return rel.length === 1 ? rel[0]!.replace(/\.[jt]s$/, '') : rel[0]!;
  };
  (function walk(dir: string) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (!p.endsWith('.ts')) continue;
      const text = fs.readFileSync(p, 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        out.push({ file: path.relative(srcDir, p), from: roomOf(p), to: roomOf(path.resolve(dir, m[1]!)) });
      }
    }
  })(srcDir);
  return out;
}

const SRC = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'src');

test('src/: imports point down the layers (or sideways within one) and form no cycle', () => {
  const imports = sourceImports(SRC);
  assert.ok(imports.length > 100, `read only ${imports.length} imports from ${SRC}`);
  assert.deepEqual(layerViolations(imports), []);
});

test('the check fails on an upward import, a cycle, and a room the order does not name', () => {
  const v = layerViolations([
    { file: 'video/x.ts', from: 'video', to: 'censor' },
    { file: 'detect/a.ts', from: 'detect', to: 'finders' },
    { file: 'finders/b.ts', from: 'finders', to: 'detect' },
    { file: 'attic/c.ts', from: 'attic', to: 'util' },
    { file: 'engine/d.ts', from: 'engine', to: 'engine' },
  ]);
  assert.deepEqual(v, [
    'video/x.ts: video imports censor, a layer above it',
    'attic/c.ts: room attic is not in the layer order',
    'cycle: detect → finders → detect',
  ]);
});

/** The packages of the second tensor engine the finders ran on (TF.js), now dev dependencies of scripts/ only. */
export const SECOND_ENGINE = /^(@tensorflow\/|nsfwjs(\/|$)|@vladmandic\/human(\/|$))/;

/** Every package import (static, type, side-effect and dynamic) of every .ts file under `dir`. */
function packageImports(dir: string): { file: string; pkg: string }[] {
  const out: { file: string; pkg: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const p = path.join(e.parentPath, e.name);
    for (const m of fs.readFileSync(p, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'".][^'"]*)['"]/g)) out.push({ file: path.relative(dir, p), pkg: m[1]! });
  }
  return out;
}

test('one tensor engine: nothing under src/ imports TF.js, nsfwjs or @vladmandic/human, and none is a runtime dependency', () => {
  assert.ok(['@tensorflow/tfjs-core', 'nsfwjs', 'nsfwjs/dist/x.js', '@vladmandic/human'].every((p) => SECOND_ENGINE.test(p)));
  assert.ok(!['sharp', 'onnxruntime-node', 'commander', 'nsfwjs-like'].some((p) => SECOND_ENGINE.test(p)));
  const imports = packageImports(SRC);
  assert.ok(imports.some((i) => i.pkg === 'sharp'), `read no package imports from ${SRC}`);
  assert.deepEqual(imports.filter((i) => SECOND_ENGINE.test(i.pkg)).map((i) => `${i.file}: ${i.pkg}`), []);
  const pkg = JSON.parse(fs.readFileSync(path.join(SRC, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.deepEqual(Object.keys(pkg.dependencies).filter((d) => SECOND_ENGINE.test(d)), []);
});

/** Every .ts file under `dir` with its text, paths relative to it. */
function sources(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => { const p = path.join(e.parentPath, e.name); return { file: path.relative(dir, p), text: fs.readFileSync(p, 'utf8') }; });
}

test('a network family describes itself once: descriptors under models/, registered in models/families.ts alone; no ONNX form of a network outside its family', () => {
  const src = sources(SRC);
  const registering = src.filter((f) => /\bregisterNetwork\(/.test(f.text) && !/export function registerNetwork/.test(f.text)).map((f) => f.file);
  assert.deepEqual(registering, [path.join('models', 'families.ts')]);
  const describing = src.filter((f) => /:\s*NetworkDescriptor\b/.test(f.text) && !f.file.startsWith(`models${path.sep}`)).map((f) => f.file);
  assert.deepEqual(describing, []);
  // export/ writes layers and the finders' graphs; a models/ network class named there is a second place for it
  const networkClasses = /\b(UnetGenerator|ResnetGenerator|NLayerDiscriminator|PixelDiscriminator|ResidualUnetGenerator|CellRestorerGenerator|SRResNetRestorer|DiscoGenerator|SRResNetGenerator|CoGANGenerator|UNITTranslator|MosaicNet)\b/;
  assert.deepEqual(src.filter((f) => f.file.startsWith(`export${path.sep}`) && networkClasses.test(f.text)).map((f) => f.file), []);
});

test('train options are declared by the rooms that use them: the train command declares none of its own but --data, --out, --serve', () => {
  const text = fs.readFileSync(path.join(SRC, 'cli', 'commands', 'train.ts'), 'utf8');
  const flags = [...text.matchAll(/option\(\s*'(--[\w-]+)/g)].map((m) => m[1]).concat([...text.matchAll(/Option\('(--[\w-]+)/g)].map((m) => m[1]));
  assert.deepEqual(flags.sort(), ['--data', '--out', '--serve']);
});
