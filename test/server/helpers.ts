// Plain HTTP for the server tests: the path goes out exactly as written (no URL normalisation, so
// "..", "%2e%2e" and "//" reach the server as an attacker would send them).
import http from 'node:http';

export interface Reply { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: string; json: () => any }

export function request(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean } = {}): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...o.headers };
    if (o.body !== undefined && !o.chunked) headers['Content-Length'] = Buffer.byteLength(o.body);
    // a connection of its own (agent: false): a pooled keep-alive socket, idle while a test blocked the event
    // loop (spawnSync of the CLI), could be closed by the server in the same turn it is reused: ECONNRESET
    const req = http.request({ host: u.hostname, port: u.port, path, method: o.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString('utf8'), json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (o.body !== undefined) {
      if (o.chunked) {
        // several writes without a length: the limit must hold while the body streams
        const b = Buffer.from(o.body);
        const step = Math.ceil(b.length / 8);
        for (let i = 0; i < b.length; i += step) req.write(b.subarray(i, i + step));
      } else req.write(o.body);
    }
    req.end();
  });
}

export const postJson = (base: string, path: string, body: unknown) =>
  request(base, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Reads a server-sent event stream until `until` returns true for an event; resolves with all events. */
export function readEvents(base: string, path: string, until: (event: string, data: any) => boolean, timeoutMs = 60_000): Promise<{ event: string; data: any }[]> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const events: { event: string; data: any }[] = [];
    const timer = setTimeout(() => { req.destroy(); reject(new Error(`no ending event from ${path} within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`)); }, timeoutMs);
    const req = http.get({ host: u.hostname, port: u.port, path, headers: { Accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const e = { event, data: JSON.parse(data) };
          events.push(e);
          if (until(e.event, e.data)) { clearTimeout(timer); req.destroy(); resolve(events); return; }
        }
      });
      res.on('end', () => { clearTimeout(timer); resolve(events); });
    });
    req.on('error', (e) => { if (!(e as NodeJS.ErrnoException).code?.includes('ECONNRESET')) reject(e); });
  });
}
