// The server under a bounded load (fuzz/serve-load.ts): 50 concurrent uploads, then 50 censor requests
// and 50 reads at once, with slow-loris clients, oversized uploads, wrong content types and traversal
// attempts among them. No crash, every request answered with a status, the slow clients cut off with
// 408, the bodies held in memory never over the budget and all given back. The RSS is reported, not
// asserted (`npm run serve-load -- --clients 500` for a bigger run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveLoad } from '../../fuzz/serve-load.js';

test('50 concurrent clients, slow loris, oversized and mistyped uploads, traversal: every request answered, memory within the budget', { timeout: 120_000 }, async (t) => {
  const r = await serveLoad({ clients: 50, slowClients: 2 });
  t.diagnostic(`${r.requests} requests in ${r.seconds} s: ${JSON.stringify(r.statuses)}; slow clients: ${r.slow.join(', ')}; ` +
    `bodies held at most ${r.peakBufferedBytes} of ${r.maxBufferedBytes} bytes; ${r.peakRunning} at work, ${r.peakWaiting} waiting at most; ` +
    `RSS ${r.rssBeforeMiB} → peak ${r.rssPeakMiB} → ${r.rssAfterMiB} MiB`);
  assert.deepEqual(r.unanswered, [], 'every request got a status');
  assert.deepEqual(r.wrong, [], 'each got the status it should');
  assert.deepEqual(r.slow, ['408', '408', '408', '408'], 'slow clients are answered 408 and cut off');
  assert.ok(r.aliveAfter, 'the server still answers');
  assert.ok(r.peakBufferedBytes > 0 && r.peakBufferedBytes <= r.maxBufferedBytes, `held ${r.peakBufferedBytes} bytes, budget ${r.maxBufferedBytes}`);
  assert.equal(r.bufferedAfter, 0, 'every body given back');
  assert.ok((r.statuses[200] ?? 0) >= 50, 'most of the work was done');
  assert.ok(r.peakRunning <= 2, `at most 2 at work (${r.peakRunning})`);
  assert.ok(r.requests >= 50 * 3 + 10);
});
