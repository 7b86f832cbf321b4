// The work folder: every upload and every result is an item, items/<id>/, with its original bytes and,
// for images, the decoded RGB copy as image.png (what the page shows and the library reads, so a box
// drawn on the page is in the same pixels the server censors). Results are items too, so a result can
// be the next step's input. Ids are random; a client can only name items the server made.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encodeRaster, readImage, type Raster } from '../image/raster.js';
import { writeFileAtomic } from '../io/atomic.js';
import { probeVideo } from '../video/probe.js';
import { HttpError } from './http.js';
import type { ItemInfo } from '../web/api.js';

export interface Item extends ItemInfo { dir: string; file: string }

/** What the page may see of an item: no server paths. */
export function publicItem(item: Item): ItemInfo {
  const { dir, file, ...info } = item;
  void dir; void file;
  return info;
}

export class WorkStore {
  private items = new Map<string, Item>();
  readonly itemsDir: string;

  constructor(readonly workDir: string) {
    this.itemsDir = path.join(workDir, 'items');
    fs.mkdirSync(this.itemsDir, { recursive: true });
  }

  /** The URL of a file inside the work folder. */
  url(file: string): string {
    return `/files/work/${path.relative(this.workDir, file).split(path.sep).map(encodeURIComponent).join('/')}`;
  }

  private newDir(): { id: string; dir: string } {
    const id = crypto.randomBytes(9).toString('base64url');
    const dir = path.join(this.itemsDir, id);
    fs.mkdirSync(dir);
    return { id, dir };
  }

  /** Stores checked upload bytes; images are decoded (a file sharp cannot read is a 415 naming it). */
  async addUpload(bytes: Buffer, kind: 'image' | 'video', ext: string, name: string): Promise<Item> {
    const { id, dir } = this.newDir();
    const original = path.join(dir, `original${ext}`);
    writeFileAtomic(original, bytes);
    try {
      if (kind === 'image') return await this.addImageFile(id, dir, await readImage(original, 3), name, 'upload');
      const info = await probeVideo(original);
      const item: Item = { id, kind, name, width: info.width, height: info.height, url: this.url(original), origin: 'upload', dir, file: original, frames: info.frameCount };
      this.items.set(id, item);
      return item;
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new HttpError(415, `${name}: ${(e as Error).message.replace(/^.*?: (cannot|ffprobe)/, '$1')}`);
    }
  }

  private async addImageFile(id: string, dir: string, image: Raster, name: string, origin: Item['origin']): Promise<Item> {
    const file = path.join(dir, 'image.png');
    writeFileAtomic(file, await encodeRaster(image, { format: 'png' }));
    const item: Item = { id, kind: 'image', name, width: image.width, height: image.height, url: this.url(file), origin, dir, file };
    this.items.set(id, item);
    return item;
  }

  /** A result image as a new item (PNG, lossless: the page shows exactly these pixels). */
  async addResult(image: Raster, name: string): Promise<Item> {
    const { id, dir } = this.newDir();
    return this.addImageFile(id, dir, image, name, 'result');
  }

  /** A folder for a result file the caller writes (a video job's output). */
  reserve(): { id: string; dir: string } {
    return this.newDir();
  }

  register(item: Item): void {
    this.items.set(item.id, item);
  }

  get(id: unknown, kind?: 'image' | 'video'): Item {
    const item = typeof id === 'string' ? this.items.get(id) : undefined;
    if (!item) throw new HttpError(404, `no upload or result with id ${JSON.stringify(id)} (upload the file again)`);
    if (kind && item.kind !== kind) throw new HttpError(400, `${item.name} is ${item.kind === 'image' ? 'an image' : 'a video'}, this needs ${kind === 'image' ? 'an image' : 'a video'}`);
    return item;
  }

  async readImage(item: Item, channels: 1 | 3 = 3): Promise<Raster> {
    return readImage(item.file, channels);
  }
}
