// The picture: the input on the "before" canvas, the result on the "after" canvas above it, clipped by
// the slider; an SVG overlay in image pixels where boxes are drawn with the pointer and found regions
// are outlined. Canvases hold the images at their own size, so a box drawn here is in the server's pixels.
import type { RegionInfo } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface Box { x: number; y: number; w: number; h: number }

export class Stage {
  readonly before = $<HTMLCanvasElement>('before');
  readonly after = $<HTMLCanvasElement>('after');
  readonly video = $<HTMLVideoElement>('video');
  readonly overlay = document.getElementById('overlay') as unknown as SVGSVGElement;
  private readonly frame = $<HTMLDivElement>('frame');
  private readonly slider = $<HTMLInputElement>('slider');
  boxes: Box[] = [];
  width = 0;
  height = 0;
  onBoxes: (boxes: Box[]) => void = () => {};

  constructor() {
    this.slider.addEventListener('input', () => this.clip());
    this.bindDrawing();
  }

  /** Shows an image (URL) as the input: the after layer is cleared, boxes kept if the size is the same. */
  async showInput(url: string, width: number, height: number): Promise<void> {
    const img = await loadImage(url);
    this.setSize(width, height);
    this.video.hidden = true;
    this.frame.classList.remove('has-video');
    this.slider.parentElement!.hidden = false;
    this.before.hidden = false;
    this.before.getContext('2d')!.drawImage(img, 0, 0);
    this.after.hidden = true;
  }

  showVideo(url: string, width: number, height: number): void {
    this.setSize(width, height);
    this.before.hidden = true;
    this.after.hidden = true;
    this.video.hidden = false;
    this.frame.classList.add('has-video');
    // a video's result plays below; there is nothing to slide over
    this.slider.parentElement!.hidden = true;
    this.video.src = url;
  }

  /** Draws the result image on the after layer, at its own size, and opens the slider halfway. */
  async showResult(url: string): Promise<void> {
    const img = await loadImage(url);
    this.after.width = img.naturalWidth;
    this.after.height = img.naturalHeight;
    const g = this.after.getContext('2d')!;
    g.clearRect(0, 0, this.after.width, this.after.height);
    g.drawImage(img, 0, 0);
    this.after.hidden = false;
    this.slider.value = '50';
    this.clip();
  }

  /** Outlines regions found by the detector (or reported by censor / restore). */
  showRegions(regions: RegionInfo[]): void {
    for (const r of this.overlay.querySelectorAll('rect.found')) r.remove();
    for (const r of regions) this.overlay.append(rect(r, 'found'));
  }

  clearBoxes(): void {
    this.boxes = [];
    this.redrawBoxes();
  }

  private setSize(width: number, height: number): void {
    if (width !== this.width || height !== this.height) this.boxes = [];
    this.width = width;
    this.height = height;
    this.before.width = width;
    this.before.height = height;
    this.overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.overlay.setAttribute('preserveAspectRatio', 'none');
    this.showRegions([]);
    this.redrawBoxes();
  }

  /** The after layer shows from the slider's place to the right edge. */
  private clip(): void {
    this.after.style.clipPath = `inset(0 0 0 ${this.slider.value}%)`;
  }

  private redrawBoxes(): void {
    for (const r of this.overlay.querySelectorAll('rect.drawn')) r.remove();
    for (const b of this.boxes) this.overlay.append(rect(b, 'drawn'));
    this.onBoxes(this.boxes);
  }

  /** A pointer position in image pixels, clamped to the image. */
  private toImage(e: PointerEvent): { x: number; y: number } {
    const r = this.overlay.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * this.width, y = ((e.clientY - r.top) / r.height) * this.height;
    return { x: Math.max(0, Math.min(this.width, Math.round(x))), y: Math.max(0, Math.min(this.height, Math.round(y))) };
  }

  private bindDrawing(): void {
    let start: { x: number; y: number } | null = null;
    let live: SVGRectElement | null = null;
    const boxOf = (a: { x: number; y: number }, b: { x: number; y: number }): Box =>
      ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) });
    this.overlay.addEventListener('pointerdown', (e) => {
      if (!this.width) return;
      start = this.toImage(e);
      live = rect({ ...start, w: 0, h: 0 }, 'drawn');
      this.overlay.append(live);
      this.overlay.setPointerCapture(e.pointerId);
    });
    this.overlay.addEventListener('pointermove', (e) => {
      if (!start || !live) return;
      const b = boxOf(start, this.toImage(e));
      for (const [k, v] of Object.entries(b)) live.setAttribute(k === 'w' ? 'width' : k === 'h' ? 'height' : k, String(v));
    });
    this.overlay.addEventListener('pointerup', (e) => {
      if (!start) return;
      const b = boxOf(start, this.toImage(e));
      start = null;
      live?.remove();
      live = null;
      // a click is not a box
      if (b.w >= 2 && b.h >= 2) this.boxes.push(b);
      this.redrawBoxes();
    });
  }
}

function rect(b: { x: number; y: number; w: number; h: number }, cls: string): SVGRectElement {
  const r = document.createElementNS(SVG, 'rect');
  r.setAttribute('class', cls);
  r.setAttribute('x', String(b.x));
  r.setAttribute('y', String(b.y));
  r.setAttribute('width', String(b.w));
  r.setAttribute('height', String(b.h));
  return r;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`cannot load ${url}`));
    img.src = url;
  });
}
