// The audio of a censored (and then restored) video, through the real CLI: copied bit for bit (the md5
// of the audio packets, `ffmpeg -map 0:a -c copy -f md5`), the same length, the global metadata and the
// chapters kept; into WebM the AAC is really re-encoded (Opus), at the same length.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from './helpers.js';

const cli = path.resolve('dist/src/cli/main.js');
const tessera = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1' } });
const ff = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
const probe = (file: string, entries: string) => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', ...entries.split(' '), file], { encoding: 'utf8' }));
/** The md5 of the audio packets as stored: equal only when the audio was copied, not re-encoded. */
const audioMd5 = (file: string) => ff('-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-').trim();

test('censor and restore copy the audio bit for bit, with its length, the metadata and the chapters; WebM gets a real Opus encode', async () => {
  const dir = tempDir();
  const meta = path.join(dir, 'meta.txt');
  fs.writeFileSync(meta, [';FFMETADATA1', 'title=Harbour walk', 'artist=tessera test',
    '[CHAPTER]', 'TIMEBASE=1/1000', 'START=0', 'END=1000', 'title=Start',
    '[CHAPTER]', 'TIMEBASE=1/1000', 'START=1000', 'END=2000', 'title=End', ''].join('\n'));
  const src = path.join(dir, 'in.mp4');
  ff('-f', 'lavfi', '-i', 'mandelbrot=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=44100', '-i', meta,
    '-map', '0:v', '-map', '1:a', '-map_metadata', '2', '-map_chapters', '2', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', src);
  const censored = path.join(dir, 'censored.mp4'), restored = path.join(dir, 'restored.mkv'), webm = path.join(dir, 'censored.webm');
  for (const [args, out] of [[['censor', src, '-o', censored, '-r', 'box:32,24,64,48', '--block', '8'], censored],
    [['restore', censored, '-o', restored, '-r', 'box:32,24,64,48', '--model', 'bicubic'], restored],
    [['censor', src, '-o', webm, '-r', 'box:32,24,64,48', '--block', '8'], webm]] as const) {
    const r = tessera(...args);
    assert.equal(r.status, 0, `${out}: ${r.stderr}`);
  }
  const want = audioMd5(src);
  assert.match(want, /^MD5=[0-9a-f]{32}$/);
  assert.equal(audioMd5(censored), want, 'censor: the audio packets are the input\'s');
  assert.equal(audioMd5(restored), want, 'restore: the audio packets are the input\'s');
  const audio = (f: string) => probe(f, '-select_streams a -show_streams -show_format');
  const srcAudio = audio(src);
  for (const f of [censored, restored, webm]) {
    const a = audio(f);
    assert.ok(Math.abs(Number(a.format.duration) - Number(srcAudio.format.duration)) < 0.1, `${f}: ${a.format.duration} s vs ${srcAudio.format.duration} s`);
    const tags = Object.fromEntries(Object.entries(a.format.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    assert.equal(tags.title, 'Harbour walk', `${f}: title`);
    assert.equal(tags.artist, 'tessera test', `${f}: artist`);
    const chapters = probe(f, '-show_chapters').chapters.map((c: { start_time: string; end_time: string; tags: { title: string } }) =>
      [Number(c.start_time), Number(c.end_time), c.tags.title]);
    assert.deepEqual(chapters, [[0, 1, 'Start'], [1, 2, 'End']], `${f}: chapters`);
  }
  assert.equal(srcAudio.streams[0].codec_name, 'aac');
  assert.equal(audio(censored).streams[0].codec_name, 'aac');
  assert.equal(audio(webm).streams[0].codec_name, 'opus', 'WebM cannot hold AAC: encoded to Opus');
  assert.notEqual(audioMd5(webm), want);
  // the Opus track decodes to the whole tone: as many seconds of samples as the source
  const samples = (f: string) => ff('-i', f, '-map', '0:a', '-ac', '1', '-ar', '8000', '-f', 's16le', '-').length;
  assert.ok(Math.abs(samples(webm) - samples(src)) < 0.05 * samples(src), 'decoded length');
  fs.rmSync(dir, { recursive: true });
});
