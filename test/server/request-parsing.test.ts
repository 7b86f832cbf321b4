// The server's parsers of what a client sends, one by one (the fuzz target `server` runs them on
// mutants): the upload's file name, JSON bodies, byte ranges; and the fuzz target's own checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TARGETS, verdict } from '../../fuzz/targets.js';
import { HttpError, parseJsonBody, parseRange } from '../../src/server/http.js';
import { UploadRefused, uploadName } from '../../src/server/sniff.js';

test('upload names: the last part, printable, at most 120 characters; never empty, "." or ".."', () => {
  assert.equal(uploadName('../../etc/passwd'), 'passwd');
  assert.equal(uploadName('..\\..\\win.ini'), 'win.ini');
  assert.equal(uploadName(encodeURIComponent('../évil\nname.png')), 'évilname.png');
  assert.equal(uploadName('%ZZ.png'), '%ZZ.png', 'a malformed escape is kept as sent');
  for (const bad of ['..', '.', '', '/', 'a/..', '%2e%2e', '\x00\x01', undefined]) assert.equal(uploadName(bad), 'upload', JSON.stringify(bad));
  assert.equal(uploadName(['a.png', 'b.png']), 'upload');
  assert.equal(uploadName('x'.repeat(500)).length, 120);
  // 119 ASCII characters then an emoji: the cut would leave half a surrogate pair
  const cut = uploadName(encodeURIComponent(`${'x'.repeat(119)}😀.png`));
  assert.equal(cut, 'x'.repeat(119));
});

test('JSON bodies: an object, no duplicate keys, no deep nesting; each refusal a 400', () => {
  assert.deepEqual(parseJsonBody(Buffer.from('{"upload":"a","regions":["box:1,2,3,4"]}')), { upload: 'a', regions: ['box:1,2,3,4'] });
  const refused = (text: string, why: RegExp) => assert.throws(() => parseJsonBody(Buffer.from(text)), (e: unknown) => e instanceof HttpError && e.status === 400 && why.test(e.message), text.slice(0, 40));
  refused('{"upload":"a","upload":"b"}', /duplicate JSON key "upload"/);
  refused(`{"a":${'['.repeat(100)}${']'.repeat(100)}}`, /nested deeper/);
  refused('[1,2]', /must be a JSON object/);
  refused('null', /must be a JSON object/);
  refused('{"a":', /not valid JSON/);
  refused('', /not valid JSON/);
});

test('byte ranges: inside the file or 416; none or a malformed one sends the whole file', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  assert.deepEqual(parseRange('bytes=-10', 1000), { start: 990, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange('bytes=500-', 1000), { start: 500, end: 999 });
  for (const h of ['bytes=1000-', 'bytes=5-3', 'bytes=99999999999999999999999-', 'bytes=-0']) assert.equal(parseRange(h, 1000), 'unsatisfiable', h);
  assert.equal(parseRange('bytes=0-0', 0), 'unsatisfiable');
  for (const h of [undefined, '', 'bytes=-', 'bytes=1-2,5-6', 'items=0-5', 'bytes=0x10-']) assert.equal(parseRange(h, 1000), null, String(h));
});

test('an upload refusal is an HttpError with its status (the server answers every one with it)', () => {
  const e = new UploadRefused('x.png: too large', 413);
  assert.ok(e instanceof HttpError);
  assert.equal(e.status, 413);
});

test('the server fuzz target: its seeds pass, and each broken promise or stray error is caught', () => {
  const t = TARGETS.server!;
  for (const s of t.seeds()) assert.equal(verdict(t, s), null, s.toString('latin1').slice(0, 60));
  const input = (lines: string[], body = '') => Buffer.from(`${lines.join('\n')}\n${body}`, 'latin1');
  // traversal, a symlink out, an encoded separator: refused with their statuses, not served
  for (const p of ['../secret', 'out-link', 'sub%2f..%2f..%2fsecret', '/etc/passwd', 'nope']) {
    assert.equal(verdict(t, input(['image/png', 'a.png', '', p], '\x89PNG\r\n\x1a\n')), null, p);
  }
  // a stage that lets another error out fails the input; a JSON refusal comes out as its 400
  const stray = { ...t, parse: () => { throw new TypeError('boom'); } };
  assert.equal(verdict(stray, Buffer.alloc(0)), 'TypeError: boom');
  assert.throws(() => t.parse(input(['application/json', 'x', '', 'a.png'], '{"a":1,"a":2}')), (e: unknown) => e instanceof HttpError && e.status === 400);
});
