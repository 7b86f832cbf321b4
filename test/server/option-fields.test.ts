// The restore, censor and detect fields the server reads are the CLI's options (RESTORE_CALL_OPTIONS,
// CENSOR_CELL_OPTIONS, DETECT_CALL_OPTIONS): a bad value gets the CLI's bounds message with the field's
// name, and /api/info describes the restore and censor ones so the page's widgets offer what the handlers take.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { CENSOR_CELL_OPTIONS } from '../../src/censor/censor.js';
import { bicubicRestorer } from '../../src/restore/index.js';
import { RESTORE_CALL_OPTIONS } from '../../src/restore/restorer.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { describeSchema } from '../../src/util/option-schema.js';
import { postJson, request } from './helpers.js';

const cli = path.resolve('dist/src/cli/main.js');
let root = '', server: RunningServer, upload = '';

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-option-fields-'));
  fs.mkdirSync(path.join(root, 'runs'));
  server = await startServer({ runsDir: path.join(root, 'runs'), workDir: path.join(root, 'work'), restorer: bicubicRestorer, safety: async () => ({ name: 'test', check: () => ({ allowed: true }) }) });
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
  upload = (await request(server.url, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: png })).json().id;
});
after(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** The CLI's one line for `args`, the flag named as the server names the field. */
function cliError(args: string[], flag: string, field: string): string {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  assert.notEqual(r.status, 0, args.join(' '));
  return r.stderr.trim().replace(/^tessera: /, '').replace(flag, `"${field}"`);
}

test('a bad detail gets the CLI\'s bounds message', async () => {
  const want = cliError(['restore', 'in.png', '-o', 'out.png', '--detail', '2'], '--detail', 'detail');
  assert.equal(want, '"detail" must be between 0 and 1, got "2"');
  const r = await postJson(server.url, '/api/restore', { upload, regions: ['box:8,8,32,24'], detail: 2 });
  assert.equal(r.status, 400);
  assert.equal(r.json().error, want);
  // a number sent as text is not a number
  const text = await postJson(server.url, '/api/restore', { upload, regions: ['box:8,8,32,24'], detail: '0.5' });
  assert.equal(text.status, 400);
  assert.match(text.json().error, /^"detail" must be between 0 and 1/);
  // the cell style: the CLI's words too
  const style = await postJson(server.url, '/api/restore', { upload, regions: ['box:8,8,32,24'], style: 'blur' });
  assert.equal(style.json().error, cliError(['restore', 'in.png', '-o', 'out.png', '--style', 'blur'], '--style', 'style'));
});

test('a bad censor cell size or style gets the CLI\'s message; auto and a number are taken', async () => {
  for (const [field, value, flag] of [['block', 0, '--block'], ['block', 5000, '--block'], ['style', 'blur', '--style']] as const) {
    const r = await postJson(server.url, '/api/censor', { upload, regions: ['box:8,8,32,24'], [field]: value });
    assert.equal(r.status, 400, `${field} ${value}`);
    assert.equal(r.json().error, cliError(['censor', 'in.png', '-o', 'out.png', '-r', 'box:1,1,2,2', flag, String(value)], flag, field));
  }
  for (const block of [6, 'auto', null]) {
    const r = await postJson(server.url, '/api/censor', { upload, regions: ['box:8,8,32,24'], block, style: 'center' });
    assert.equal(r.status, 200, String(block));
    assert.equal(r.json().regions[0].block, block === 6 ? 6 : 4, 'auto: max(4, round(24 / 12))');
  }
});

test('a bad detect method gets the CLI\'s message; analytic is taken', async () => {
  for (const method of ['neural', 3]) {
    const r = await postJson(server.url, '/api/detect', { upload, method });
    assert.equal(r.status, 400, String(method));
    assert.equal(r.json().error, cliError(['detect', 'in.png', '--method', String(method)], '--method', 'method'));
  }
  const ok = await postJson(server.url, '/api/detect', { upload, method: 'analytic' });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json().regions, [], 'a flat image holds no mosaic');
});

test('a bad translate mode is refused in the choice parser\'s words before any model is looked up', async () => {
  for (const [mode, shown] of [['train', 'train'], [1, '1'], [['eval'], '["eval"]']] as const) {
    const r = await postJson(server.url, '/api/translate', { upload, model: 'none.safetensors', mode });
    assert.equal(r.status, 400, JSON.stringify(mode));
    assert.equal(r.json().error, `"mode" must be one of reference, eval, got '${shown}'`);
  }
  // a good mode gets as far as the model, which is not in the runs folder
  assert.equal((await postJson(server.url, '/api/translate', { upload, model: 'none.safetensors', mode: 'eval' })).status, 404);
});

test('/api/info describes the fields from the same schemas', async () => {
  const info = (await request(server.url, '/api/info')).json();
  assert.deepEqual(info.options, { censor: describeSchema(CENSOR_CELL_OPTIONS), restore: describeSchema(RESTORE_CALL_OPTIONS) });
  const block = info.options.censor.find((o: { key: string }) => o.key === 'block');
  assert.deepEqual([block.min, block.max, block.word, block.default], [1, 4096, 'auto', 'auto']);
  assert.deepEqual(info.options.restore.find((o: { key: string }) => o.key === 'detail').max, 1);
  assert.deepEqual(info.options.censor.find((o: { key: string }) => o.key === 'style').choices, info.styles);
});
