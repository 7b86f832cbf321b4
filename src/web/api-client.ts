// The page's calls to `tessera serve`: JSON requests, uploads with their type, errors as one line.
import type { DetectRequest, DetectResult, ImageResult, ItemInfo, JobInfo, JobRequest, ServerInfo, CensorRequest } from './api.js';

export class ServerError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try { body = JSON.parse(text); } catch { /* not JSON: say what came */ }
  if (!res.ok) throw new ServerError(res.status, (body as { error?: string } | null)?.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  return answer<T>(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

export const getInfo = async (): Promise<ServerInfo> => answer<ServerInfo>(await fetch('/api/info'));

/** Sends the file as it is, with the type the browser gives it; the server checks both. */
export async function upload(file: File): Promise<ItemInfo> {
  return answer<ItemInfo>(await fetch('/api/upload', {
    method: 'POST', body: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
  }));
}

export const censor = (r: CensorRequest) => postJson<ImageResult>('/api/censor', r);
export const detect = (r: DetectRequest) => postJson<DetectResult>('/api/detect', r);
export const startJob = (r: JobRequest) => postJson<JobInfo>('/api/jobs', r);
export const cancelJob = (id: string) => postJson<JobInfo>(`/api/jobs/${encodeURIComponent(id)}/cancel`, {});

/** Follows a job's events until it ends. */
export function followJob(id: string, onEvent: (job: JobInfo) => void): () => void {
  const es = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  const handle = (e: MessageEvent) => onEvent(JSON.parse(e.data) as JobInfo);
  es.addEventListener('progress', handle);
  es.addEventListener('end', (e) => { handle(e as MessageEvent); es.close(); });
  return () => es.close();
}
