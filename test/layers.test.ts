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
  ['video', 'inputs'],
  ['nn', 'image'],
  ['engine', 'io', 'util'],
];

interface Import { file: string; from: string; to: string }

/** Imports the order would allow that the design refuses: what they would tie together, and why not. */
const SEPARATE: { from: string; to: string; why: string }[] = [
  { from: 'restore', to: 'train', why: 'running a model needs no training room (models/model-path.ts)' },
  { from: 'translate', to: 'train', why: 'running a model needs no training room (models/model-path.ts)' },
  { from: 'export', to: 'train', why: 'running a model needs no training room (models/model-path.ts)' },
  { from: 'restore', to: 'censor', why: 'putting mosaics on and taking them off share only what lies below them (inputs/, image/)' },
  { from: 'censor', to: 'restore', why: 'putting mosaics on and taking them off share only what lies below them (inputs/, image/)' },
];

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
    const apart = SEPARATE.find((r) => r.from === from && r.to === to);
    if (apart) out.push(`${file}: ${from} imports ${to}: ${apart.why}`);
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

test('the check fails on an upward import, a cycle, a room the order does not name, and a refused import', () => {
  const v = layerViolations([
    { file: 'video/x.ts', from: 'video', to: 'censor' },
    { file: 'translate/t.ts', from: 'translate', to: 'train' },
    { file: 'detect/a.ts', from: 'detect', to: 'finders' },
    { file: 'finders/b.ts', from: 'finders', to: 'detect' },
    { file: 'attic/c.ts', from: 'attic', to: 'util' },
    { file: 'engine/d.ts', from: 'engine', to: 'engine' },
  ]);
  assert.deepEqual(v, [
    'video/x.ts: video imports censor, a layer above it',
    'translate/t.ts: translate imports train: running a model needs no training room (models/model-path.ts)',
    'attic/c.ts: room attic is not in the layer order',
    'cycle: detect → finders → detect',
  ]);
});

/** A command-line string that names ffmpeg or ffprobe as the program to run. */
const FFMPEG_PROGRAM = /['"`]ff(mpeg|probe)['"`]/;

test('every ffmpeg and ffprobe process is started in video/ (nothing else names them as a program)', () => {
  assert.ok(FFMPEG_PROGRAM.test("spawn('ffmpeg', args)") && FFMPEG_PROGRAM.test('execFile("ffprobe")') && !FFMPEG_PROGRAM.test('// ffmpeg pipes'));
  const outside: string[] = [];
  let inVideo = 0;
  for (const e of fs.readdirSync(SRC, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const file = path.relative(SRC, path.join(e.parentPath, e.name));
    if (!FFMPEG_PROGRAM.test(fs.readFileSync(path.join(SRC, file), 'utf8'))) continue;
    if (file.startsWith(`video${path.sep}`)) inVideo++;
    else outside.push(file);
  }
  assert.ok(inVideo >= 3, `found ffmpeg started in only ${inVideo} files of video/`);
  assert.deepEqual(outside, []);
});

/** Writing to the terminal: a progress bar, a log line. */
const TERMINAL_WRITE = /process\.std(out|err)\b|\bconsole\.(log|error|warn|info|debug)\b/;

test('only the faces draw: nothing below cli/, server/ and web/ writes to the terminal (the library reports events)', () => {
  assert.ok(TERMINAL_WRITE.test('process.stderr.write(x)') && TERMINAL_WRITE.test('console.warn(x)') && !TERMINAL_WRITE.test('onProgress(done, total)'));
  const writers: string[] = [];
  for (const e of fs.readdirSync(SRC, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const file = path.relative(SRC, path.join(e.parentPath, e.name));
    if (['cli', 'server', 'web'].includes(file.split(path.sep)[0]!)) continue;
    if (TERMINAL_WRITE.test(fs.readFileSync(path.join(SRC, file), 'utf8'))) writers.push(file);
  }
  assert.deepEqual(writers, []);
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
