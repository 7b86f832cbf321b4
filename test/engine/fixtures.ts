// Loads the PyTorch reference values written by test/fixtures/generate.py and compares tensors to them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keep, type Tensor } from '../../src/engine/index.js';
import { loadSafetensors } from '../../src/io/safetensors.js';

// Compiled tests run from dist/test/engine; the fixtures stay in the source tree.
export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures');

export interface Fixtures {
  /** The tensor "<case>.<name>"; throws naming it when missing. Owned by the fixture set: do not dispose. */
  get(caseName: string, name: string): Tensor;
  has(caseName: string, name: string): boolean;
  /** The operator options that generate.py recorded for a case. */
  params(caseName: string): Record<string, any>;
}

let cached: Fixtures | null = null;

export function engineFixtures(): Fixtures {
  if (cached) return cached;
  const file = path.join(fixturesDir, 'engine.safetensors');
  const { tensors, metadata } = loadSafetensors(file);
  for (const t of tensors.values()) keep(t);
  const params = JSON.parse(metadata.params ?? '{}') as Record<string, Record<string, any>>;
  cached = {
    get(c, n) {
      const t = tensors.get(`${c}.${n}`);
      if (!t) throw new Error(`${file}: no tensor ${c}.${n} (run npm run fixtures)`);
      return t;
    },
    has: (c, n) => tensors.has(`${c}.${n}`),
    params(c) {
      const p = params[c];
      if (!p) throw new Error(`${file}: no params for case ${c}`);
      return p;
    },
  };
  return cached;
}

export interface Tolerance { rtol?: number; atol?: number }

/**
 * Elementwise |actual - expected| <= atol + rtol·|expected|, with the worst element in the message.
 * atol defaults to rtol × the largest |expected|: a weight gradient sums many terms, and float32
 * rounding in a different summation order (thread count) is relative to the terms, not to their sum.
 */
export function assertClose(actual: Tensor | null, expected: Tensor, label: string, tol: Tolerance = {}): void {
  assert.ok(actual, `${label}: no tensor (expected shape [${expected.shape}])`);
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const a = actual.toArray(), e = expected.toArray();
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? rtol * e.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-3);
  let worst = -1, excess = 0;
  for (let i = 0; i < e.length; i++) {
    const over = Math.abs(a[i]! - e[i]!) - (atol + rtol * Math.abs(e[i]!)); // NaN counts as over
    if (!(over <= excess)) { excess = over; worst = i; }
  }
  assert.ok(worst < 0, `${label}: element ${worst} is ${a[worst]}, PyTorch gives ${e[worst]} (rtol ${rtol}, atol ${atol})`);
}
