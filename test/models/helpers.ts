// Shared helpers for the model tests: fixture paths and tensor comparison.
import path from 'node:path';
import { tidy, type Tensor } from '../../src/engine/index.js';

/** test/fixtures/models, found from dist/test/models at run time. */
export const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../test/fixtures/models');

export function maxAbsDiff(a: Tensor, b: Tensor): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: [${a.shape}] vs [${b.shape}]`);
  return tidy(() => a.float().sub(b.float()).abs().max().item());
}
