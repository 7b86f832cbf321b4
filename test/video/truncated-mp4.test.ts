// A cut-off MP4 says that it is cut off. Recorders and ffmpeg write the index (moov) last, so a file cut
// short has none and ffprobe only says "Invalid data found"; the top-level boxes tell what happened.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isoTruncation } from '../../src/video/iso-boxes.js';

const cli = path.resolve('dist/src/cli/main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

const box = (type: string, body: number, declared = 8 + body) => {
  const b = Buffer.alloc(8 + body);
  b.writeUInt32BE(declared, 0);
  b.write(type, 4, 'latin1');
  return b;
};

test('isoTruncation walks the top-level boxes: one that runs past the end, or no moov, is named; a whole file or another format is not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-iso-'));
  const file = (name: string, ...parts: Buffer[]) => { const f = path.join(dir, name); fs.writeFileSync(f, Buffer.concat(parts)); return f; };
  assert.equal(isoTruncation(file('whole.mp4', box('ftyp', 8), box('moov', 20), box('mdat', 40))), null);
  assert.equal(isoTruncation(file('other.mkv', Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60))), null);
  assert.equal(isoTruncation(file('cut.mp4', box('ftyp', 8), box('mdat', 40, 1000))), 'its mdat box at byte 16 is 1000 bytes long, but the file ends 48 bytes after its start');
  assert.equal(isoTruncation(file('no-index.mp4', box('ftyp', 8), box('mdat', 40))), 'it has no moov box (the index, which recorders write last)');
  // a 64-bit size (size field 1) is read from the 8 bytes after the type
  const large = Buffer.concat([box('mdat', 8, 1), Buffer.alloc(8)]);
  large.writeBigUInt64BE(5000n, 8);
  assert.equal(isoTruncation(file('large.mp4', box('ftyp', 8), large)), 'its mdat box at byte 16 is 5000 bytes long, but the file ends 24 bytes after its start');
  fs.rmSync(dir, { recursive: true });
});

test('censor and restore on a truncated MP4 (index at the end, cut at 60 %): one line that says truncated, exit 1, nothing written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cut-mp4-'));
  const whole = path.join(dir, 'whole.mp4'), cut = path.join(dir, 'cut.mp4');
  const make = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-frames:v', '50', '-pix_fmt', 'yuv420p', whole]);
  assert.equal(make.status, 0, String(make.stderr));
  fs.copyFileSync(whole, cut);
  assert.equal(spawnSync('truncate', ['-s', String(Math.floor(fs.statSync(whole).size * 0.6)), cut]).status, 0);
  for (const args of [['censor', cut, '-o', path.join(dir, 'a.mp4'), '-r', 'box:0,0,40,40'], ['restore', cut, '-o', path.join(dir, 'b.mp4'), '-r', 'box:0,0,48,48', '--model', 'bicubic']]) {
    const r = run(...args);
    assert.equal(r.status, 1, args[0]);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /cut\.mp4: truncated or damaged: its mdat box at byte \d+ is \d+ bytes long, but the file ends \d+ bytes after its start/);
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), ['cut.mp4', 'whole.mp4']);
  fs.rmSync(dir, { recursive: true });
});
