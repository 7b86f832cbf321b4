import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStrictJson } from '../../src/io/strict-json.js';

const fail = (why: string): never => { throw new Error(why); };
const parse = (s: string, maxDepth?: number) => parseStrictJson(s, fail, { maxDepth });

test('strict JSON agrees with JSON.parse on valid text', () => {
  for (const s of ['{}', '[]', ' 1 ', '"a\\u00e9\\n"', '{"a":[1,2,{"b":null}],"c":true,"d":-1.5e3}', '[[],[[]],{}]', '{"__proto__":{"x":1}}'])
    assert.deepEqual(parse(s), JSON.parse(s), s);
  assert.equal(Object.getPrototypeOf(parse('{"__proto__":{"x":1}}')), Object.prototype);
});

test('strict JSON refuses duplicate keys, deep nesting and what JSON.parse refuses', () => {
  assert.throws(() => parse('{"a":1,"b":{"c":1,"c":2}}'), /duplicate JSON key "c"/);
  assert.throws(() => parse('[[[1]]]', 2), /nested deeper than 2/);
  assert.throws(() => parse('['.repeat(1e6)), /nested deeper than 64/);
  for (const s of ['', '{', '{"a"}', '{"a":1,}', '[1,]', '01', 'tru', '"\\x"', '"a\nb"', '{} x', '{a:1}', 'NaN'])
    assert.throws(() => parse(s), Error, JSON.stringify(s));
});
