// The shipped restorer (assets/mosaic-restorer.safetensors) is part of the product: its tests run whenever
// the file is there, and fail, naming it, when it is not. Until the file is committed they are skipped
// instead, and this is the one place that says so.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** assets/mosaic-restorer.safetensors of this checkout (this file runs as dist/test/helpers/shipped.js). */
export const SHIPPED_RESTORER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'assets', 'mosaic-restorer.safetensors');

export const shippedRestorerPresent = fs.existsSync(SHIPPED_RESTORER);

// Once the asset is committed, set this to false: then a missing file fails these tests instead of skipping them.
const RESTORER_NOT_SHIPPED_YET = false;

/** node:test's `skip` for the shipped restorer's tests: false (they run) whenever the file is there. */
export const skipUntilShipped: string | false = RESTORER_NOT_SHIPPED_YET && !shippedRestorerPresent ? 'assets/mosaic-restorer.safetensors not shipped yet' : false;

/** The shipped restorer's path; a missing file fails the test with its name. */
export function shippedRestorer(): string {
  assert.ok(fs.existsSync(SHIPPED_RESTORER), `${SHIPPED_RESTORER} is missing: the shipped restorer is part of the product`);
  return SHIPPED_RESTORER;
}
