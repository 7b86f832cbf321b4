// Which ffmpeg this machine has, for `tessera doctor`: every ffmpeg process the toolkit starts is started here
// in video/, this one included.
import { execFileSync } from 'node:child_process';

/** ffmpeg's first `-version` line ("ffmpeg version 5.1.6-0+deb12u1 …"), or null when ffmpeg is missing. */
export function ffmpegVersion(): string | null {
  try {
    return execFileSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0] ?? null;
  } catch {
    return null;
  }
}
