// The JSON that tessera reads besides the train state: pairs.json, the models' architecture metadata,
// train.lock. Damaged or hand-edited ones fail with one line naming the file (and the field).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readPairsManifest } from '../../src/data/pairs-manifest.js';
import { loadModel } from '../../src/models/index.js';
import { loadMosaicNet } from '../../src/models/mosaic-weights.js';
import { claimRunFolder } from '../../src/train/index.js';
import { safetensorsBytes } from '../helpers/hostile-files.js';
import { tempDir } from '../helpers/images.js';

const good = { size: 32, seed: 0, pairs: [{ file: 'train/000000.png', source: 'p.png', regions: [{ shape: 'box', x: 1, y: 2, w: 10, h: 8 }], grid: { blockW: 6, blockH: 6, phaseX: 1, phaseY: -2 } }] };

test('pairs.json: a written manifest reads back; damaged ones are refused naming the file and the field', () => {
  const dir = tempDir(), file = path.join(dir, 'pairs.json');
  const read = (text: string) => { fs.writeFileSync(file, text); return readPairsManifest(file); };
  assert.deepEqual(read(JSON.stringify(good)), good);
  const edit = (f: (m: any) => void) => { const m = structuredClone(good) as any; f(m); return JSON.stringify(m); };
  for (const [text, want] of [
    ['{"size": 32,', /pairs\.json: not valid JSON/],
    ['{"size": 32, "size": 64, "pairs": []}', /pairs\.json: not valid JSON \(duplicate JSON key "size"/],
    ['[1, 2]', /pairs\.json: not a JSON object/],
    [edit((m) => { m.size = 0; }), /pairs\.json: size is 0, not an integer ≥ 1/],
    [edit((m) => { delete m.pairs; }), /pairs\.json: pairs is missing, not a list/],
    [edit((m) => { m.pairs[0].file = '../../etc/passwd'; }), /pairs\.json: pair 0: file "\.\.\/\.\.\/etc\/passwd" is not a path inside the dataset folder/],
    [edit((m) => { m.pairs[0].file = '/etc/passwd'; }), /pair 0: file "\/etc\/passwd" is not a path inside/],
    [edit((m) => { m.pairs[0].regions = [{ shape: 'star', x: 0, y: 0, w: 1, h: 1 }]; }), /pair 0: region 0 is .*not a box or ellipse/],
    [edit((m) => { m.pairs[0].regions[0].w = -3; }), /pair 0: region 0\.w is -3, not an integer ≥ 1/],
    [edit((m) => { m.pairs[0].regions[0].x = 'left'; }), /pair 0: region 0\.x is "left"/],
    [edit((m) => { m.pairs[0].grid.blockW = 1.5; }), /pair 0: grid\.blockW is 1\.5/],
    ['[[[[[[[[[[[[1]]]]]]]]]]]]', /pairs\.json: not valid JSON \(.*deeper/],
  ] as const) assert.throws(() => read(text), (e: Error) => want.test(e.message) && !e.message.includes('\n'), text.slice(0, 60));
  assert.throws(() => readPairsManifest(path.join(dir, 'none.json')), /none\.json: cannot read \(ENOENT\)/);
  fs.rmSync(dir, { recursive: true });
});

test('model metadata (tessera.arch, tessera.mosaic-net): not JSON, a duplicate key, not an object: one line naming the file', () => {
  const dir = tempDir();
  const withMeta = (name: string, key: string, value: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, safetensorsBytes({ __metadata__: { [key]: value } }));
    return f;
  };
  assert.throws(() => loadModel(withMeta('a.safetensors', 'tessera.arch', '{"netG": "unet_32"')), /a\.safetensors: 'tessera\.arch' metadata is not valid JSON/);
  assert.throws(() => loadModel(withMeta('b.safetensors', 'tessera.arch', '{"netG": "unet_32", "netG": "resnet_9blocks"}')), /b\.safetensors: 'tessera\.arch' metadata is not valid JSON \(duplicate JSON key "netG"/);
  assert.throws(() => loadModel(withMeta('c.safetensors', 'tessera.arch', '"unet_32"')), /c\.safetensors: 'tessera\.arch' metadata is not a JSON object/);
  assert.throws(() => loadMosaicNet(withMeta('d.safetensors', 'tessera.mosaic-net', '{"width": 8,')), /d\.safetensors: 'tessera\.mosaic-net' metadata is not valid JSON/);
  assert.throws(() => loadMosaicNet(withMeta('e.safetensors', 'tessera.mosaic-net', 'null')), /e\.safetensors: 'tessera\.mosaic-net' metadata is not a JSON object/);
  fs.rmSync(dir, { recursive: true });
});

test('train.lock: one still being written (empty, seconds old) is respected; an old damaged one is taken over', () => {
  const run = tempDir(), lock = path.join(run, 'train.lock');
  fs.writeFileSync(lock, '');
  assert.throws(() => claimRunFolder(run), /another training is taking this run folder right now \(.*train\.lock is being written\)/);
  assert.ok(fs.existsSync(lock), 'left as it was');
  fs.writeFileSync(lock, '{"pid": ');
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lock, old, old);
  const notices: string[] = [];
  const claim = claimRunFolder(run, { onNotice: (m) => notices.push(m) });
  assert.match(notices[0]!, /taking over the lock of a training that is no longer running \(unreadable lock file\)/);
  assert.equal(JSON.parse(fs.readFileSync(lock, 'utf8')).pid, process.pid);
  claim.release();
  assert.ok(!fs.existsSync(lock));
  fs.rmSync(run, { recursive: true });
});
