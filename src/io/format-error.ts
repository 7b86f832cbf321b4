// The one error a file parser may let escape: the file's name and why it was refused, on one line.
// Each parser has its own subclass, so a caller (and the fuzz harness) can tell "this file is bad"
// apart from a bug in the parser, which would surface as any other error.

export class FormatError extends Error {
  constructor(readonly file: string, readonly why: string) {
    // names quoted from the file (a storage key, a tensor name) may hold line breaks and control bytes
    super(`${file}: ${why}`.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  }
  override get name(): string { return this.constructor.name; }
}

/** A safetensors file that breaks the format. */
export class SafetensorsError extends FormatError {}
/** A zip archive that cannot be read safely. */
export class ZipError extends FormatError {}
/** A pickle stream that is malformed or asks for something not allowed. */
export class UnpicklingError extends FormatError {}
/** A .pth whose pickle, zip and storages do not add up to a state dict. */
export class PthError extends FormatError {}
/** A training state JSON that is not one this version wrote. */
export class RunStateError extends FormatError {}

/** Decodes UTF-8 or returns null: silently replacing bad bytes would hide a corrupt or crafted file. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
