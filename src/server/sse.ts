// Server-sent events: one long response per subscriber, named events with JSON data, a comment line
// every 15 s so proxies and the browser keep the stream open.
import type http from 'node:http';
import { SECURITY_HEADERS } from './http.js';

export interface EventStream {
  send(event: string, data: unknown): void;
  close(): void;
  /** Called once when the client goes away (or close() is called). */
  onClose(fn: () => void): void;
}

export function openEventStream(req: http.IncomingMessage, res: http.ServerResponse): EventStream {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': tessera\n\n');
  const closers: (() => void)[] = [];
  let open = true;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const end = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    for (const fn of closers.splice(0)) fn();
  };
  req.on('close', end);
  return {
    send(event, data) {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() { end(); res.end(); },
    onClose(fn) { if (open) closers.push(fn); else fn(); },
  };
}
