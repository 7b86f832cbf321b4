// Broken and unusual media made on the spot (sharp, ffmpeg, a PNG written byte by byte), for the
// tests that run every image- and video-reading command on them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

export const W = 96, H = 64;

/**
 * A smooth colour ramp with a bright block at the top left, so a rotation shows where it went, and the
 * ramp pixelated in 8-px cells (x 32–88, y 16–56; each cell the ramp at its centre) for the commands that
 * look for a mosaic (restore).
 */
export function rampPixels(width = W, height = H): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 3, corner = x < 16 && y < 16;
    const inCell = x >= 32 && x < 88 && y >= 16 && y < 56;
    const sx = inCell ? (x & ~7) + 4 : x, sy = inCell ? (y & ~7) + 4 : y;
    // red varies along both axes, so the grey version's mosaic is cells, not bands (banding is no mosaic)
    px[i] = corner ? 250 : 40 + (sx * 2 + sy) % 150;
    px[i + 1] = corner ? 250 : 60 + (sy * 3) % 150;
    px[i + 2] = corner ? 250 : 90;
  }
  return px;
}

/** The ramp's first channel as a one-channel grey picture. */
export function greyPixels(): Buffer {
  const rgb = rampPixels(), g = Buffer.alloc(W * H);
  for (let i = 0; i < W * H; i++) g[i] = rgb[3 * i]!;
  return g;
}

const raw = (width = W, height = H) => sharp(rampPixels(width, height), { raw: { width, height, channels: 3 } });

/** CRC-32 as PNG chunks use it (zlib's polynomial). */
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A valid-looking PNG whose IHDR says width × height (8-bit RGB) over one tiny compressed row. */
export function hugeHeaderPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const idat = zlib.deflateSync(Buffer.alloc(1 + 3 * 16));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** What a file is and what reading it must give. */
export interface MediaCase {
  name: string;
  file: string;
  /** 'refuse': one-line error naming the file; 'read': decoded to `size` (width, height as displayed). */
  expect: 'refuse' | 'read';
  size?: [number, number];
  /** The error must say this, besides the file name. */
  why?: RegExp;
}

/** The broken and odd images, written into `dir`. */
export async function brokenImages(dir: string): Promise<MediaCase[]> {
  fs.mkdirSync(dir, { recursive: true });
  const at = (f: string) => path.join(dir, f);
  const good = await raw().png().toBuffer();
  fs.writeFileSync(at('zero-byte.png'), Buffer.alloc(0));
  fs.writeFileSync(at('truncated.png'), good.subarray(0, Math.floor(good.length / 2)));
  const jpeg = await raw().jpeg({ quality: 90 }).toBuffer();
  fs.writeFileSync(at('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  fs.writeFileSync(at('text-named.jpg'), 'this is a text file, not a picture\n');
  await raw().toColourspace('cmyk').jpeg().toFile(at('cmyk.jpg'));
  await raw().toColourspace('rgb16').png().toFile(at('16-bit.png'));
  await sharp(greyPixels(), { raw: { width: W, height: H, channels: 1 } }).png().toFile(at('grayscale.png'));
  await raw().png({ palette: true, colours: 16 }).toFile(at('palette.png'));
  // two frames of different colours: the first one is read
  const frames = [rampPixels(), Buffer.alloc(W * H * 3, 20)];
  await sharp(Buffer.concat(frames), { raw: { width: W, height: H * 2, channels: 3, pageHeight: H } } as never)
    .webp({ loop: 0, delay: [100, 100] }).toFile(at('animated.webp'));
  // stored landscape W×H, EXIF says "rotate 90° clockwise to display": shown H×W
  await raw().jpeg().withMetadata({ orientation: 6 }).toFile(at('exif-rotated.jpg'));
  fs.writeFileSync(at('huge-header.png'), hugeHeaderPng(40000, 40000));
  return [
    { name: 'zero-byte PNG', file: at('zero-byte.png'), expect: 'refuse', why: /empty|cannot read/ },
    { name: 'truncated PNG', file: at('truncated.png'), expect: 'refuse' },
    { name: 'truncated JPEG', file: at('truncated.jpg'), expect: 'refuse' },
    { name: 'text file named .jpg', file: at('text-named.jpg'), expect: 'refuse' },
    { name: 'CMYK JPEG', file: at('cmyk.jpg'), expect: 'read', size: [W, H] },
    { name: '16-bit PNG', file: at('16-bit.png'), expect: 'read', size: [W, H] },
    { name: 'grayscale PNG', file: at('grayscale.png'), expect: 'read', size: [W, H] },
    { name: 'palette PNG', file: at('palette.png'), expect: 'read', size: [W, H] },
    { name: 'animated WebP (2 frames)', file: at('animated.webp'), expect: 'read', size: [W, H] },
    { name: 'EXIF-rotated JPEG (orientation 6)', file: at('exif-rotated.jpg'), expect: 'read', size: [H, W] },
    { name: 'PNG header 40,000 × 40,000', file: at('huge-header.png'), expect: 'refuse', why: /40000 × 40000 = 1,600,000,000 pixels, over the limit of 100,000,000/ },
  ];
}

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** The broken and odd videos, written into `dir`. */
export function brokenVideos(dir: string): MediaCase[] {
  fs.mkdirSync(dir, { recursive: true });
  const at = (f: string) => path.join(dir, f);
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  ffmpeg('-f', 'lavfi', '-i', `testsrc=size=${W}x${H}:rate=10`, '-frames:v', '20', ...x264, '-movflags', '+faststart', at('whole.mp4'));
  const whole = fs.readFileSync(at('whole.mp4'));
  fs.writeFileSync(at('truncated.mp4'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  fs.writeFileSync(at('zero-byte.mp4'), Buffer.alloc(0));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000', '-t', '1', '-c:a', 'aac', at('audio-only.mp4'));
  // variable frame rate: frame timestamps 0, 0.1, 0.3, 0.6, … (the gap grows), kept as they are
  ffmpeg('-f', 'lavfi', '-i', `testsrc=size=${W}x${H}:rate=10`, '-frames:v', '12', '-vf', 'setpts=N*(N+1)/2/10/TB',
    '-fps_mode', 'vfr', ...x264, at('vfr.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=95x63:rate=10', '-frames:v', '10', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-pix_fmt', 'yuv444p', at('odd-size.mp4'));
  // stored W×H with a display matrix saying "rotate 90°": shown H×W
  ffmpeg('-i', at('whole.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4'));
  return [
    { name: 'zero-byte MP4', file: at('zero-byte.mp4'), expect: 'refuse' },
    { name: 'truncated MP4 (60 % of the bytes)', file: at('truncated.mp4'), expect: 'refuse' },
    { name: 'MP4 with audio only', file: at('audio-only.mp4'), expect: 'refuse', why: /no video stream/ },
    { name: 'variable frame rate MP4 (12 frames)', file: at('vfr.mp4'), expect: 'read', size: [W, H] },
    { name: 'odd size 95 × 63 MP4', file: at('odd-size.mp4'), expect: 'read', size: [95, 63] },
    { name: 'rotated MP4 (display matrix 90°)', file: at('rotated.mp4'), expect: 'read', size: [H, W] },
  ];
}
