// A line chart of loss curves in SVG: one polyline per loss, a shared y range with a little margin,
// the step on x; redrawn whole on each update (a few thousand points are cheap).
import type { LossPoint } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
export const COLORS = ['#d1495b', '#00798c', '#edae49', '#30638e', '#6a4c93', '#2a9d8f', '#8d6346', '#e76f51'];
const W = 300, H = 140, R = 8, T = 8, B = 20;
/** Width of one tick-label character in the chart's units (11-px monospace-ish digits). */
const CHAR_W = 6.2;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A tick label with as many decimals as the spacing between ticks needs (0.6931 and 0.6934 differ). */
const fmt = (v: number, step: number) => v.toFixed(Math.min(6, Math.max(0, Math.ceil(-Math.log10(step)) + 1)));

/** Draws `keys` of `points` into `svg`, each in `color` (or the palette's next). */
export function drawChart(svg: SVGSVGElement, points: LossPoint[], keys: string[], color = ''): void {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `loss curves: ${keys.join(', ')} over ${points.length} steps`);
  if (!points.length || !keys.length) {
    svg.append(el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no steps logged yet'));
    return;
  }
  const x0 = points[0]!.iteration, x1 = Math.max(points[points.length - 1]!.iteration, x0 + 1);
  let lo = Infinity, hi = -Infinity;
  for (const p of points) for (const k of keys) { const v = p[k]; if (v !== undefined && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  if (!(hi > lo)) { hi = lo + 1; lo -= 1; }
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const ticks = [0, 1, 2, 3].map((i) => lo + ((hi - lo) * i) / 3);
  const labels = ticks.map((v) => fmt(v, (hi - lo) / 3));
  // the left margin fits the longest tick label, so "0.69476" is not cut to ".69476"
  const L = Math.ceil(8 + CHAR_W * Math.max(...labels.map((t) => t.length)));
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => T + (1 - (y - lo) / (hi - lo)) * (H - T - B);
  ticks.forEach((v, i) => {
    svg.append(el('line', { class: 'grid', x1: L, x2: W - R, y1: sy(v), y2: sy(v) }));
    svg.append(el('text', { x: L - 4, y: sy(v) + 4, 'text-anchor': 'end' }, labels[i]!));
  });
  svg.append(el('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }));
  svg.append(el('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  svg.append(el('text', { x: L, y: H - 6, 'text-anchor': 'start' }, `step ${x0}`));
  svg.append(el('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }, `step ${x1}`));
  keys.forEach((k, i) => {
    const pts = points.filter((p) => Number.isFinite(p[k])).map((p) => `${sx(p.iteration).toFixed(1)},${sy(p[k]!).toFixed(1)}`);
    svg.append(el('polyline', { points: pts.join(' '), stroke: color || COLORS[i % COLORS.length]!, 'data-loss': k }));
  });
}
