// The kill campaigns' table in docs/reliability.md is written by `npm run faults` from
// test/fuzz-corpus/faults.json (fuzz/faults-ledger.ts), never typed by hand: the record rule, the rows,
// the block written between its markers, and the committed doc equal to what the ledger writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { faultsFile, faultsTable, FAULTS_END, FAULTS_START, readFaults, recordFaults, type FaultRecord } from '../../fuzz/faults-ledger.js';
import { END, reliabilityDoc, START, writeBetweenMarkers } from '../../fuzz/ledger.js';
import { tempDir } from '../helpers/images.js';

const run = (kills: number, over: Partial<FaultRecord> = {}): FaultRecord => ({
  kills, mended: 2, maxLost: 1, finishedEarly: 3, inSave: 4, exact: 3, resumes: kills + 5, iters: 40, saveEvery: 2, keep: 2, seconds: 12.4, date: '2026-12-01', ...over,
});

test('a seed keeps its campaign with the most kills; other seeds add rows and a sum row', () => {
  let l = recordFaults({}, 1, run(20));
  assert.equal(recordFaults(l, 1, run(5)), l, 'fewer kills of the same seed add nothing');
  l = recordFaults(l, 1, run(30, { maxLost: 2 }));
  assert.equal(l['1']!.kills, 30);
  l = recordFaults(l, 2, run(10));
  const rows = faultsTable(l).split('\n');
  assert.equal(rows.length, 2 + 3);
  assert.equal(rows[2], '| 1 | 30 | 3 | 35 | 2 | 4 | 2 of 2 | 3 | 40 steps, --keep 2 | 12 s | 2026-12-01 |');
  assert.equal(rows[3], '| 2 | 10 | 3 | 15 | 2 | 4 | 1 of 2 | 3 | 40 steps, --keep 2 | 12 s | 2026-12-01 |');
  // sums; the most lost is the worst seed's
  assert.equal(rows[4], '| all | 40 | 6 | 50 | 4 | 8 | 2 of 2 | 6 | | 25 s | |');
  assert.match(faultsTable({}), /none yet/);
});

test('the faults table goes between its own markers; the fuzz table and the text around stay', () => {
  const dir = tempDir(), doc = path.join(dir, 'r.md');
  fs.writeFileSync(doc, `a\n${START}\nfuzz rows\n${END}\nb\n${FAULTS_START}\nold\n${FAULTS_END}\nc\n`);
  writeBetweenMarkers(doc, 'new table', FAULTS_START, FAULTS_END);
  assert.equal(fs.readFileSync(doc, 'utf8'), `a\n${START}\nfuzz rows\n${END}\nb\n${FAULTS_START}\nnew table\n${FAULTS_END}\nc\n`);
  fs.writeFileSync(doc, 'no markers\n');
  assert.throws(() => writeBetweenMarkers(doc, 't', FAULTS_START, FAULTS_END), /r\.md: no <!-- fault-campaigns/);
  fs.rmSync(dir, { recursive: true });
});

test('docs/reliability.md holds exactly the table of test/fuzz-corpus/faults.json (no hand edits)', () => {
  const root = path.resolve('.');
  const ledger = readFaults(faultsFile(root));
  assert.ok(Object.keys(ledger).length >= 1, 'at least one campaign recorded');
  const text = fs.readFileSync(reliabilityDoc(root), 'utf8');
  const a = text.indexOf(FAULTS_START), b = text.indexOf(FAULTS_END);
  assert.ok(a >= 0 && b > a);
  assert.equal(text.slice(a + FAULTS_START.length, b), `\n${faultsTable(ledger)}\n`);
});
