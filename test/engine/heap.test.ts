// The addon asks glibc's malloc to keep freed memory for reuse (native/src/heap.cc), so the detector's
// frames stop faulting in fresh pages (docs/performance.md); TESSERA_MALLOC_KEEP_MIB sets how much, 0
// leaves glibc's defaults. mallopt is set once, when the addon loads: one child process per value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

/** buildInfo().mallocKeepMib and stderr in a fresh process where TESSERA_MALLOC_KEEP_MIB is `value` (unset: undefined). */
function keptWith(value: string | undefined): { mib: number; stderr: string } {
  const engine = new URL('../../src/engine/index.js', import.meta.url).href;
  const env = { ...process.env };
  delete env.TESSERA_MALLOC_KEEP_MIB;
  if (value !== undefined) env.TESSERA_MALLOC_KEEP_MIB = value;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const e = await import(${JSON.stringify(engine)}); console.log(e.buildInfo().mallocKeepMib);`],
    { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(r.status, 0, r.stderr);
  return { mib: Number(r.stdout.trim()), stderr: r.stderr };
}

const glibc = Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

test('TESSERA_MALLOC_KEEP_MIB: 256 MiB by default, 0 turns it off, a number is taken up to 1024, anything else is refused aloud', { skip: !glibc && 'not glibc' }, () => {
  assert.equal(keptWith(undefined).mib, 256);
  assert.equal(keptWith('0').mib, 0);
  assert.equal(keptWith('64').mib, 64);
  assert.equal(keptWith('5000').mib, 1024);
  const bad = keptWith('lots');
  assert.equal(bad.mib, 256);
  assert.match(bad.stderr, /TESSERA_MALLOC_KEEP_MIB=lots is not a whole number/);
});

test('without glibc nothing is asked of malloc', { skip: glibc && 'glibc' }, () => {
  assert.equal(keptWith(undefined).mib, 0);
});
