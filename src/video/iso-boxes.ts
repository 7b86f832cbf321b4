// Why an MP4/MOV (ISO base media file) cannot be read, told from its top-level boxes: ffprobe says only
// "Invalid data found" when a file was cut short, because recorders write the index (moov) last.
import fs from 'node:fs';

/** What is missing from a cut-off ISO media file, or null when it looks whole or is not one. */
export function isoTruncation(file: string): string | null {
  let fd: number;
  try { fd = fs.openSync(file, 'r'); } catch { return null; }
  try {
    const size = fs.fstatSync(fd).size, head = Buffer.alloc(16);
    const read = (at: number) => fs.readSync(fd, head, 0, 16, at);
    // an ISO file opens with ftyp (styp for segments)
    if (read(0) < 8 || !['ftyp', 'styp'].includes(head.toString('latin1', 4, 8))) return null;
    let at = 0, moov = false;
    while (at < size) {
      const got = read(at);
      if (got < 8) return `its last box header at byte ${at} is cut off`;
      const type = head.toString('latin1', 4, 8);
      let length = head.readUInt32BE(0);
      if (length === 1) {
        if (got < 16) return `its last box header at byte ${at} is cut off`;
        length = Number(head.readBigUInt64BE(8));
      } else if (length === 0) {
        length = size - at; // "to the end of the file"
      }
      if (length < 8) return null; // not a box structure this walk understands: leave it to ffprobe
      if (at + length > size) return `its ${type} box at byte ${at} is ${length} bytes long, but the file ends ${size - at} bytes after its start`;
      moov ||= type === 'moov';
      at += length;
    }
    return moov ? null : 'it has no moov box (the index, which recorders write last)';
  } finally {
    fs.closeSync(fd);
  }
}
