// The real evaluation photos for the mosaic tests (scripts/fetch-photos.sh, part of setup).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { listPhotos } from '../../src/detect/evaluate.js';

/** Every evaluation photo, fetched first if the cache is empty; fails clearly when they cannot be had. */
export function evaluationPhotos(): string[] {
  if (!listPhotos().length) spawnSync('bash', ['scripts/fetch-photos.sh', '--quiet'], { stdio: 'inherit' });
  const all = listPhotos();
  assert.ok(all.length >= 12, 'real photos missing: scripts/fetch-photos.sh failed');
  return all;
}

/** The training photos too (fetch-photos.sh --train: Debian packages, seconds from the apt cache). */
export function trainingPhotos(dir = '.cache/train-photos'): string[] {
  if (!listPhotos(dir).length) spawnSync('bash', ['scripts/fetch-photos.sh', '--quiet', '--train'], { stdio: 'inherit' });
  const all = listPhotos(dir);
  assert.ok(all.length >= 12, 'training photos missing: scripts/fetch-photos.sh --train failed');
  return all;
}

/** The pattern photos (fetch-photos.sh --patterns: regular structure that is no mosaic), fetched first if missing. */
export function patternPhotos(dir = '.cache/pattern-photos'): string[] {
  if (!listPhotos(dir).length) spawnSync('bash', ['scripts/fetch-photos.sh', '--quiet', '--patterns'], { stdio: 'inherit' });
  const all = listPhotos(dir);
  assert.ok(all.length >= 12, 'pattern photos missing: scripts/fetch-photos.sh --patterns failed');
  return all;
}
