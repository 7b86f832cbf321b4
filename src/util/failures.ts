// Runs over many files go on past a bad one and fail at the end, naming each: one unreadable photo must
// not leave the rest of a folder unprocessed, and a run with failures must not look like a success.
export interface FileFailure {
  file: string;
  /** One line; it names the file. */
  message: string;
}

/** Thrown after the whole list was processed; `done` holds what did succeed. */
export class FilesFailed<T = unknown> extends Error {
  constructor(readonly failures: FileFailure[], readonly total: number, readonly done: T[] = []) {
    super(`${failures.length} of ${total} file${total === 1 ? '' : 's'} failed`);
    this.name = 'FilesFailed';
  }
}

/** The failure of `file` from what it threw, the file named once. */
export function failureOf(file: string, e: unknown): FileFailure {
  const text = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  return { file, message: text.includes(file) ? text : `${file}: ${text}` };
}
