// Small HTTP pieces for the server: errors with a status, JSON and error replies (a readable page for a
// browser, JSON for the page's own fetches), bodies read under a byte limit.
import type http from 'node:http';
import { parseStrictJson } from '../io/strict-json.js';
import { choice, parseJsonValue, type OptionSchema } from '../util/option-schema.js';
import type { BodyBudget } from './limits.js';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const REASONS: Record<number, string> = {
  400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
  413: 'Too large', 415: 'Unsupported media type', 422: 'Refused', 500: 'Server error', 503: 'Not available',
};

/** Headers every reply carries: no sniffing, no framing, nothing loaded from elsewhere. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An error reply: an HTML page when a browser navigated here, else {"error": message}. */
export function sendError(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent) { res.destroy(); return; }
  const wantsPage = /\btext\/html\b/.test(req.headers.accept ?? '') && !(req.url ?? '').startsWith('/api/');
  if (!wantsPage) return sendJson(res, status, { error: message, status });
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · tessera</title></head>`
    + `<body><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to tessera</a></p></body></html>`;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" });
  res.end(page);
}

/**
 * The body, refused with 413 past `limit` bytes (by Content-Length at once, else while it streams). With a
 * `budget`, its bytes are taken from it as they arrive (503 when the server holds too many already); the
 * caller gives them back (`budget.release(body.length)`) once it is done with the body.
 */
export async function readBody(req: http.IncomingMessage, limit: number, what = 'the request', budget?: BodyBudget): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `${what} is larger than the limit of ${formatBytes(limit)}`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      budget?.take(chunk.length);
      chunks.push(chunk);
    }
  } catch (e) {
    budget?.release(chunks.reduce((n, c) => n + c.length, 0));
    throw e;
  }
  return Buffer.concat(chunks, size);
}

export async function readJson(req: http.IncomingMessage, limit = 64 * 1024, budget?: BodyBudget): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send the request as application/json');
  const bytes = await readBody(req, limit, 'the request', budget);
  try {
    return parseJsonBody(bytes);
  } finally {
    budget?.release(bytes.length);
  }
}

/** A JSON request body: an object (400 otherwise), no duplicate keys, nesting bounded (strict-json.ts). */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const v = parseStrictJson(text, (why) => { throw new HttpError(400, `the request body is not valid JSON (${why})`); }, { maxDepth: 16 });
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'the request body must be a JSON object');
  return v as Record<string, unknown>;
}

/** One byte range of a `size`-byte file from a Range header: null for none (send it all), 'unsatisfiable' for 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (!m[1] && !m[2])) return null;
  const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
  const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

export function formatBytes(n: number): string {
  return n >= 2 ** 20 ? `${+(n / 2 ** 20).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/** Field readers for JSON bodies: a wrong field is a 400 naming it. */
export const field = {
  string(body: Record<string, unknown>, key: string): string {
    const v = body[key];
    if (typeof v !== 'string' || !v) throw new HttpError(400, `"${key}" must be a non-empty string`);
    return v;
  },
  strings(body: Record<string, unknown>, key: string, max = 64): string[] {
    const v = body[key] ?? [];
    if (!Array.isArray(v) || v.length > max || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length < 10_000)) {
      throw new HttpError(400, `"${key}" must be a list of at most ${max} strings`);
    }
    return v as string[];
  },
  /** One of `list`, through the CLI's choice parser, so a bad one gets its words ("mode" must be one of reference, eval, got 'x'); absent (or null): undefined. */
  optionalChoice<T extends string>(body: Record<string, unknown>, key: string, list: readonly T[]): T | undefined {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    try {
      return choice(list)(`"${key}"`, typeof v === 'string' ? v : JSON.stringify(v));
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  },
  /**
   * The fields of an option schema the CLI renders too (util/option-schema.ts), by key: each through the
   * option's own parser, so a bad one is refused in the CLI's words ('"detail" must be between 0 and 1, got
   * "2"'); an absent (or null) one is undefined.
   */
  options<T>(body: Record<string, unknown>, schema: OptionSchema): Partial<T> {
    const out: Record<string, unknown> = {};
    for (const spec of schema) {
      const v = body[spec.key];
      if (v === undefined || v === null) continue;
      try {
        out[spec.key] = parseJsonValue(spec, `"${spec.key}"`, v);
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
    }
    return out as Partial<T>;
  },
};
