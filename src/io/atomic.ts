// File I/O with the project's rules: atomic writes (a temp file beside the target, fsync, then rename, so a
// crash never leaves half a file) and reads whose errors name the file.
import fs from 'node:fs';
import path from 'node:path';

/** A failed write as one line naming the file; the system's code (ENOSPC, EFBIG, EACCES) is kept on `code`. */
export function writeError(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/, (open|write|fsync|rename)( .*)?$/, '');
  const err = new Error(`${file}: cannot write (${code && !why.startsWith(code) ? `${code}: ` : ''}${why})`) as NodeJS.ErrnoException;
  if (code) err.code = code;
  return err;
}

export function writeFileAtomic(file: string, data: string | Uint8Array | Uint8Array[]): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | null = null;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(tmp, 'w');
    for (const chunk of Array.isArray(data) ? data : [data]) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
  } catch (e) {
    // a full disk (ENOSPC) or a size limit (EFBIG) leaves no half file behind, and the target as it was
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw writeError(file, e);
  }
}

export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Reads a whole file; a failure becomes one line naming the file and the reason. */
export function readFileNamed(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * The one overwrite rule of every command that writes: an output that already exists (a file, or a link) is
 * refused unless the user said --overwrite. Inputs are guarded separately, and --overwrite never reaches them.
 */
export function checkOutputFree(file: string, overwrite = false): void {
  if (!overwrite && fs.lstatSync(file, { throwIfNoEntry: false })) throw new Error(`${file}: already exists; pass --overwrite to replace it`);
}
