// A bounded load test of `tessera serve` on the loopback: N concurrent uploads, then N concurrent censor,
// info, file and traversal requests, with slow-loris clients (headers and a body trickled a byte at a
// time), oversized uploads (declared and streamed) and wrong content types among them. The promises:
// no crash, every request answered with a status (a slow client with 408), the bodies held in memory
// never over the server's budget, all of it given back after. test/server/load.test.ts runs it with 50
// clients; `npm run serve-load [-- --clients N]` runs more and prints the server process's RSS.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { bicubicRestorer } from '../src/restore/index.js';
import type { SafetyChecker } from '../src/safety/index.js';
import { startServer } from '../src/server/server.js';
import { postJson, request, type Reply } from '../test/server/helpers.js';

export interface LoadOptions {
  clients: number;
  /** Slow-loris clients of each kind (headers never finished; a body trickled). */
  slowClients?: number;
  maxUploadBytes?: number;
  maxBufferedBytes?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface LoadReport {
  requests: number;
  /** Replies by status, e.g. { 200: 120, 413: 2, 503: 10 }. */
  statuses: Record<number, number>;
  /** Requests that ended without any status (a reset socket, a timeout of ours): must be none. */
  unanswered: string[];
  /** What each slow client got: the status the server sent before closing, or how it ended. */
  slow: string[];
  /** A request that should have been refused and was served, or the other way round. */
  wrong: string[];
  peakBufferedBytes: number;
  bufferedAfter: number;
  peakRunning: number;
  peakWaiting: number;
  maxBufferedBytes: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
  seconds: number;
  aliveAfter: boolean;
}

const allow: SafetyChecker = { name: 'allow all (load test)', check: () => ({ allowed: true }) };

/** A noisy PNG (so it does not compress to nothing) of about `side`² × 3 bytes. */
async function noisePng(side: number, seed: number): Promise<Buffer> {
  const px = Buffer.alloc(side * side * 3);
  let s = seed * 2654435761 >>> 0;
  for (let i = 0; i < px.length; i++) { s = (s * 1664525 + 1013904223) >>> 0; px[i] = s >>> 24; }
  return sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** A client that opens a request and sends it a byte at a time; resolves with what the server did. */
function slowClient(port: number, head: string, bodyBytes: number, everyMs: number, giveUpMs: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '', sent = 0;
    const bytes = Buffer.concat([Buffer.from(head), Buffer.alloc(bodyBytes, 7)]);
    const timer = setInterval(() => { if (sent < bytes.length && sock.writable) sock.write(bytes.subarray(sent, ++sent)); }, everyMs);
    const end = (how: string) => { clearInterval(timer); clearTimeout(limit); sock.destroy(); resolve(how); };
    const limit = setTimeout(() => end('still open when we gave up'), giveUpMs);
    sock.on('data', (d) => { got += d.toString('latin1'); });
    sock.on('close', () => end(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? `closed without a status after ${sent} bytes`));
    sock.on('error', () => { /* the close that follows says how it ended */ });
  });
}

export async function serveLoad(o: LoadOptions): Promise<LoadReport> {
  const t0 = performance.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-serve-load-'));
  const runs = path.join(root, 'runs'), work = path.join(root, 'work');
  fs.mkdirSync(runs);
  fs.writeFileSync(path.join(root, 'secret'), 'outside both folders');
  const maxUpload = o.maxUploadBytes ?? 1 << 20, maxBuffered = o.maxBufferedBytes ?? 4 << 20;
  const headersTimeoutMs = o.headersTimeoutMs ?? 1000, requestTimeoutMs = o.requestTimeoutMs ?? 2000;
  const server = await startServer({ runsDir: runs, workDir: work, maxUploadBytes: maxUpload, maxBufferedBytes: maxBuffered,
    headersTimeoutMs, requestTimeoutMs, restorer: bicubicRestorer, safety: async () => allow });
  const base = server.url, port = server.port;
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  const rssBefore = rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rss()); }, 10);
  const statuses: Record<number, number> = {};
  const unanswered: string[] = [], wrong: string[] = [];
  let requests = 0;
  const send = async (what: string, p: Promise<Reply>, expect?: (status: number) => boolean): Promise<Reply | null> => {
    requests++;
    try {
      const r = await p;
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (expect && !expect(r.status)) wrong.push(`${what}: ${r.status} ${r.text.slice(0, 120)}`);
      return r;
    } catch (e) {
      unanswered.push(`${what}: ${(e as Error).message}`);
      return null;
    }
  };
  try {
    const slowN = o.slowClients ?? 2;
    const giveUp = Math.max(headersTimeoutMs, requestTimeoutMs) + 4000;
    const slow = [
      ...Array.from({ length: slowN }, () => slowClient(port, `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: image/png\r\n`, 0, 50, giveUp)),
      ...Array.from({ length: slowN }, () => slowClient(port, `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n\x89PNG\r\n\x1a\n`, 100_000, 20, giveUp)),
    ];
    const pngs = await Promise.all(Array.from({ length: 4 }, (_, k) => noisePng(300 + 20 * k, k + 1)));
    const upload = (body: Buffer, type = 'image/png', name = 'photo.png') =>
      request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': type, 'X-File-Name': name }, body });
    const okOrBusy = (s: number) => s === 200 || s === 503;
    // wave 1: uploads, with an oversized one (declared and streamed) and wrong types among them
    const wave1 = await Promise.all([
      ...Array.from({ length: o.clients }, (_, i) => send(`upload ${i}`, upload(pngs[i % pngs.length]!), okOrBusy)),
      send('oversized upload (declared)', upload(Buffer.alloc(maxUpload + 1, 1)), (s) => s === 413),
      send('oversized upload (streamed)', request(base, '/api/upload', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: Buffer.alloc(maxUpload + 1, 1), chunked: true }), (s) => s === 413 || s === 503),
      // an accepted type is read before its bytes are checked, so under load it may meet a full budget first (503)
      send('HTML sent as image/png', upload(Buffer.from('<html><script>alert(1)</script></html>')), (s) => s === 415 || s === 503),
      send('a PNG sent as text/html', upload(pngs[0]!, 'text/html'), (s) => s === 415),
      send('a PNG sent as video/mp4', upload(pngs[0]!, 'video/mp4'), (s) => s === 415 || s === 503),
    ]);
    const ids = wave1.filter((r) => r?.status === 200).map((r) => r!.json() as { id: string; url: string });
    if (!ids.length) wrong.push('no upload was accepted');
    // wave 2: work on the uploads, reads, and traversal attempts, all at once
    const traversals = ['/files/work/../../secret', '/files/work/%2e%2e/%2e%2e/secret', '/files/runs/..%2f..%2fsecret', '/files/work//etc/passwd',
      '/files/runs/%00', '/../../../etc/passwd', '/files/work/items/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret'];
    await Promise.all([
      ...Array.from({ length: o.clients }, (_, i) => {
        const item = ids[i % Math.max(1, ids.length)];
        return send(`censor ${i}`, postJson(base, '/api/censor', { upload: item?.id ?? 'none', regions: ['box:10,10,100,80'] }), okOrBusy);
      }),
      ...Array.from({ length: o.clients }, (_, i) => (i % 2
        ? send(`info ${i}`, request(base, '/api/info'), (s) => s === 200)
        : send(`file ${i}`, request(base, ids[i % Math.max(1, ids.length)]?.url ?? '/files/work/none'), (s) => s === 200))),
      ...traversals.map((p) => send(`traversal ${p}`, request(base, p), (s) => s >= 400 && s < 500)),
      send('censor with a broken JSON body', request(base, '/api/censor', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"upload":' }), (s) => s === 400),
      send('censor sent as text/plain', request(base, '/api/censor', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }), (s) => s === 415),
    ]);
    const slowResults = await Promise.all(slow);
    const alive = await send('info after the load', request(base, '/api/info'), (s) => s === 200);
    clearInterval(sampler);
    const st = server.stats();
    return {
      requests, statuses, unanswered, wrong, slow: slowResults,
      peakBufferedBytes: st.peakBufferedBytes, bufferedAfter: st.bufferedBytes, peakRunning: st.peakRunning, peakWaiting: st.peakWaiting,
      maxBufferedBytes: maxBuffered, rssBeforeMiB: Math.round(rssBefore), rssPeakMiB: Math.round(rssPeak), rssAfterMiB: Math.round(rss()),
      seconds: Math.round((performance.now() - t0) / 100) / 10, aliveAfter: alive?.status === 200,
    };
  } finally {
    clearInterval(sampler);
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? Number(args[i + 1]) : undefined; };
  const r = await serveLoad({ clients: valueOf('--clients') ?? 200, slowClients: valueOf('--slow') ?? 10 });
  console.log(JSON.stringify(r, null, 1));
  if (r.unanswered.length || r.wrong.length || !r.aliveAfter || r.bufferedAfter || r.peakBufferedBytes > r.maxBufferedBytes || r.slow.some((s) => s !== '408')) process.exit(1);
}
