// Shared by the page tests: Debian's Chromium with the headless flags CI uses, and the pixels a page shows
// or a server result holds, to compare them.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Raster } from '../../src/image/raster.js';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const skipWithoutChromium = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (scripts/setup.sh installs the chromium package)`;

/** `tessera serve --port 0 …` as a child process, and the URL it prints once it listens. */
export async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => { err += c; });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /tessera serve: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`tessera serve exited with ${code}: ${err}`)));
  });
  return { child, url };
}

/** Chromium and one page whose console errors and page errors are collected into `problems`. */
export async function openBrowser(problems: string[], flags: string[] = FLAGS): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: flags, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { browser, page };
}

/** The after canvas as RGBA bytes, read in the page. */
export async function shownPixels(page: Page): Promise<Raster> {
  const r = await page.evaluate(() => {
    const c = document.getElementById('after') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = '';
    for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode(...d.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(s) };
  });
  return { width: r.width, height: r.height, channels: 4, data: new Uint8Array(Buffer.from(r.b64, 'base64')) };
}

/** A server result file (the URL the page downloads), decoded here to RGBA and to RGB. */
export async function serverPixels(base: string, itemUrl: string): Promise<{ rgba: Raster; rgb: Raster }> {
  const bytes = Buffer.from(await (await fetch(new URL(itemUrl, base))).arrayBuffer());
  const dec = async (alpha: boolean) => {
    const { data, info } = await (alpha ? sharp(bytes).ensureAlpha() : sharp(bytes).removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
  };
  return { rgba: await dec(true), rgb: await dec(false) };
}

/** Largest byte difference and how many bytes differ, between two images of one size. */
export function byteDifference(a: Raster, b: Raster): { max: number; differing: number; total: number } {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels)
    throw new Error(`sizes differ: ${a.width}×${a.height}×${a.channels} vs ${b.width}×${b.height}×${b.channels}`);
  let max = 0, differing = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (d) differing++;
    if (d > max) max = d;
  }
  return { max, differing, total: a.data.length };
}
