// What an upload may be: the declared Content-Type must be one of these, and the first bytes must say
// the same family. A PNG sent as image/jpeg, an HTML page sent as image/png, or bytes that are no known
// format are all refused before anything decodes them.
import path from 'node:path';
import { HttpError } from './http.js';

export type MediaFamily = 'png' | 'jpeg' | 'webp' | 'mp4' | 'matroska' | 'avi';

interface MediaType { family: MediaFamily; kind: 'image' | 'video'; ext: string }

/** Accepted Content-Types (parameters such as "; charset" are ignored). */
export const UPLOAD_TYPES: Readonly<Record<string, MediaType>> = {
  'image/png': { family: 'png', kind: 'image', ext: '.png' },
  'image/jpeg': { family: 'jpeg', kind: 'image', ext: '.jpg' },
  'image/webp': { family: 'webp', kind: 'image', ext: '.webp' },
  'video/mp4': { family: 'mp4', kind: 'video', ext: '.mp4' },
  'video/quicktime': { family: 'mp4', kind: 'video', ext: '.mov' },
  'video/x-m4v': { family: 'mp4', kind: 'video', ext: '.m4v' },
  'video/webm': { family: 'matroska', kind: 'video', ext: '.webm' },
  'video/x-matroska': { family: 'matroska', kind: 'video', ext: '.mkv' },
  'video/x-msvideo': { family: 'avi', kind: 'video', ext: '.avi' },
};

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/** The format the first bytes show (at least 12 are needed), or null. */
export function sniffFamily(b: Uint8Array): MediaFamily | null {
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'webp';
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return 'avi';
  if (b.length >= 12 && ascii(b, 4, 'ftyp')) return 'mp4';
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'matroska';
  return null;
}

/** An upload refused for what it is (415) or its size (413); an HttpError, so every refusal has a status. */
export class UploadRefused extends HttpError {
  constructor(message: string, override readonly status: 413 | 415) { super(status, message); }
}

/** A file name from the X-File-Name header: its last part, printable, at most 120 characters, never empty. */
export function uploadName(header: string | string[] | undefined): string {
  let name = typeof header === 'string' ? header : 'upload';
  try { name = decodeURIComponent(name); } catch { /* keep it as sent */ }
  name = path.basename(name.replace(/\\/g, '/')).replace(/[\0-\x1f\x7f]/g, '').slice(0, 120);
  // a name cut inside a surrogate pair, or "." and "..", would name no file of its own
  name = name.replace(/[\ud800-\udbff]$/, '');
  return name && name !== '.' && name !== '..' ? name : 'upload';
}

/** The media type an upload declares, or UploadRefused (415): checked before its body is read. */
export function declaredType(contentType: string | undefined, name: string): MediaType & { declared: string } {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const type = UPLOAD_TYPES[declared];
  if (!type) {
    throw new UploadRefused(`${name}: content type ${declared ? `"${declared}"` : 'missing'} is not accepted (send one of ${Object.keys(UPLOAD_TYPES).join(', ')})`, 415);
  }
  return { ...type, declared };
}

/** The declared type, confirmed by the first bytes; UploadRefused (415) naming what they are instead. */
export function checkUpload(contentType: string | undefined, head: Uint8Array, name: string): MediaType {
  const type = declaredType(contentType, name);
  const found = sniffFamily(head);
  if (found !== type.family) {
    throw new UploadRefused(`${name}: declared ${type.declared}, but its bytes are ${found ? `a ${found.toUpperCase()} file` : 'no image or video format tessera reads'}`, 415);
  }
  return type;
}
