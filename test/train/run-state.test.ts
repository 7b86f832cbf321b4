// train_state.json is checked field by field: a corrupt or hand-edited one fails with a RunStateError
// naming the file, and network file names cannot point outside the checkpoint folder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunStateError } from '../../src/io/format-error.js';
import { parseRunState } from '../../src/train/run-state.js';
import { VALID_RUN_STATE as VALID_STATE } from '../helpers/hostile-files.js';


const refused = (text: string, why: RegExp) =>
  assert.throws(() => parseRunState(text, 'run/train_state.json'), (e: unknown) =>
    e instanceof RunStateError && e.message.startsWith('run/train_state.json: ') && why.test(e.message) && !e.message.includes('\n'));
const edit = (f: (s: any) => void) => { const s = structuredClone(VALID_STATE); f(s); return JSON.stringify(s); };

test('a state the loop writes passes unchanged', () => {
  assert.deepEqual(parseRunState(JSON.stringify(VALID_STATE, null, 1), 'x'), VALID_STATE);
});

test('bad JSON, duplicate keys, deep nesting and a wrong format are refused', () => {
  refused('{"format":', /not valid JSON \(unexpected end of JSON/);
  refused('{"format":"a","format":"b"}', /duplicate JSON key "format"/);
  refused(edit((s) => { s.options.x = JSON.parse('['.repeat(70) + ']'.repeat(70)); }), /nested deeper than 64/);
  refused(edit((s) => { s.format = 'tessera-train-state/2'; }), /unknown format "tessera-train-state\/2"/);
  refused('[]', /the state is \[\], not an object/);
});

test('fields of the wrong type, missing, or out of range are refused by name', () => {
  refused(edit((s) => { delete s.iteration; }), /the state lacks "iteration"/);
  refused(edit((s) => { s.epoch = -1; }), /the state\.epoch is -1, not a non-negative integer/);
  refused(edit((s) => { s.trainer.optimizers.G.lr = 'fast'; }), /the state\.trainer\.optimizers\.G\.lr is "fast", not a finite number/);
  refused(edit((s) => { s.trainer.optimizers.G.betas = [0.5]; }), /betas is \[0\.5\], not a list of 2/);
  refused(edit((s) => { s.trainer.pools.A.count = 1e12; }), /count is 1000000000000, past 100000 images/);
  refused(edit((s) => { s.trainer.pools.A.rng = [1, 2, 3, 2 ** 32]; }), /rng\[3\] is 4294967296, not a 32-bit word/);
  refused(edit((s) => { s.options.epochLoss = { sum: 'x', count: 1 }; }), /epochLoss\.sum/);
  refused(edit((s) => { s.data.seed = 1.5; }), /seed is 1\.5, not an integer/);
});

test('network files outside the checkpoint folder are refused', () => {
  for (const f of ['../../etc/passwd.safetensors', '/tmp/x.safetensors', 'sub/net.safetensors', 'net_G.pth', '..safetensors', ''])
    refused(edit((s) => { s.networks.G = f; }), /not a \.safetensors file name inside the checkpoint/);
});
