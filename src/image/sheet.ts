// Putting RGB images side by side with text labels: the demo's comparison grid and video frames.
// Text is drawn by sharp (SVG through librsvg with the system's sans-serif font).
import sharp from 'sharp';
import type { Raster } from './raster.js';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A width×height RGB strip with one line of text, left-aligned or centred. */
export async function textStrip(text: string, width: number, height: number,
  o: { fontSize?: number; align?: 'left' | 'center'; background?: string; color?: string } = {}): Promise<Raster> {
  const size = o.fontSize ?? Math.round(height * 0.6), centre = o.align === 'center';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="${o.background ?? '#111'}"/>` +
    `<text x="${centre ? width / 2 : 8}" y="${Math.round(height / 2 + size * 0.35)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" ` +
    `fill="${o.color ?? '#eee'}"${centre ? ' text-anchor="middle"' : ''}>${escapeXml(text)}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
}

export function blankRgb(width: number, height: number, grey = 0): Raster {
  return { data: new Uint8Array(width * height * 3).fill(grey), width, height, channels: 3 };
}

/** Copies src (RGB or RGBA; alpha dropped) into dst (RGB) with its top-left corner at x, y; clipped to dst. */
export function paste(dst: Raster, src: Raster, x: number, y: number): void {
  const sc = src.channels;
  for (let r = Math.max(0, -y); r < src.height && y + r < dst.height; r++) {
    for (let c = Math.max(0, -x); c < src.width && x + c < dst.width; c++) {
      const s = (r * src.width + c) * sc, d = ((y + r) * dst.width + x + c) * 3;
      dst.data[d] = src.data[s]!; dst.data[d + 1] = src.data[s + (sc < 3 ? 0 : 1)]!; dst.data[d + 2] = src.data[s + (sc < 3 ? 0 : 2)]!;
    }
  }
}

/** The w×h window of an image at x, y (inside it), as a new raster with the same channels. */
export function crop(src: Raster, x: number, y: number, w: number, h: number): Raster {
  const c = src.channels, out = new Uint8Array(w * h * c);
  for (let r = 0; r < h; r++) out.set(src.data.subarray(((y + r) * src.width + x) * c, ((y + r) * src.width + x + w) * c), r * w * c);
  return { data: out, width: w, height: h, channels: c };
}

export interface SheetRow { label: string; images: Raster[] }

/**
 * A grid: a title strip over each column, and each row's label on a strip above its images. Every image
 * of a row keeps its size; columns are as wide as their widest image.
 */
export async function contactSheet(columnTitles: string[], rows: SheetRow[], o: { gap?: number; stripHeight?: number } = {}): Promise<Raster> {
  const gap = o.gap ?? 4, strip = o.stripHeight ?? 26;
  const cols = columnTitles.length;
  const colW = columnTitles.map((_, k) => Math.max(...rows.map((r) => r.images[k]?.width ?? 0)));
  const width = colW.reduce((s, w) => s + w, 0) + gap * (cols + 1);
  const rowH = rows.map((r) => Math.max(...r.images.map((i) => i.height)));
  const height = strip + rowH.reduce((s, h) => s + strip + h + gap, 0) + gap;
  const sheet = blankRgb(width, height, 17);
  let x = gap;
  for (let k = 0; k < cols; k++) {
    paste(sheet, await textStrip(columnTitles[k]!, colW[k]!, strip, { align: 'center', fontSize: 16 }), x, 0);
    x += colW[k]! + gap;
  }
  let y = strip;
  for (const [i, row] of rows.entries()) {
    paste(sheet, await textStrip(row.label, width, strip, { fontSize: 14, background: '#222' }), 0, y);
    y += strip;
    x = gap;
    for (let k = 0; k < cols; k++) {
      if (row.images[k]) paste(sheet, row.images[k]!, x, y);
      x += colW[k]! + gap;
    }
    y += rowH[i]! + gap;
  }
  return sheet;
}
