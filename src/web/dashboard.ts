// The training dashboard: every run under --runs as a card with its loss chart, speed, ETA and sample
// grids, kept current by the server's event stream (no reload, no polling from the page).
import type { LossPoint, RunSummary, RunUpdate } from './api.js';
import { COLORS, drawChart } from './chart.js';

interface RunView { card: HTMLElement; points: LossPoint[]; summary: RunSummary; shown: string | null; sample?: { key: string; el: HTMLElement } }

const MAX_POINTS = 5000;

function duration(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function fact(label: string, value: string, cls = ''): HTMLElement {
  const s = document.createElement('span');
  s.className = cls;
  s.dataset.fact = label;
  s.textContent = `${label}: ${value}`;
  return s;
}

export class Dashboard {
  private views = new Map<string, RunView>();
  private source: EventSource | null = null;

  constructor(private readonly list: HTMLElement, private readonly status: HTMLElement) {}

  start(): void {
    if (this.source) return;
    this.source = new EventSource('/api/runs/events');
    this.source.addEventListener('open', () => this.updateStatus());
    this.source.addEventListener('error', () => { this.status.textContent = 'Lost the connection to the server; retrying…'; });
    this.source.addEventListener('run', (e) => this.update(JSON.parse((e as MessageEvent).data) as RunUpdate));
  }

  private updateStatus(): void {
    const n = this.views.size;
    this.status.textContent = n ? `${n} run${n === 1 ? '' : 's'} in the runs folder` : 'No runs in the runs folder yet: start one with tessera train … --out RUNS/NAME';
  }

  private update(u: RunUpdate): void {
    let v = this.views.get(u.run.id);
    if (!v) {
      const card = document.createElement('article');
      card.className = 'run';
      card.dataset.run = u.run.id;
      this.list.append(card);
      v = { card, points: [], summary: u.run, shown: null };
      this.views.set(u.run.id, v);
      this.updateStatus();
    }
    v.points = u.reset ? u.points : v.points.concat(u.points);
    if (v.points.length > MAX_POINTS) v.points = v.points.filter((_, i) => i % 2 === 0 || i === v!.points.length - 1);
    v.summary = u.run;
    this.render(v);
  }

  private render(v: RunView): void {
    const s = v.summary;
    const title = document.createElement('h2');
    title.textContent = s.id;
    const facts = document.createElement('div');
    facts.className = 'facts';
    facts.append(
      fact('state', s.running ? 'training' : 'stopped', s.running ? 'live' : ''),
      fact('model', s.model ?? 'unknown'),
      fact('step', s.totalIterations ? `${s.iteration} / ${s.totalIterations}` : String(s.iteration)),
      fact('it/s', s.itPerSec === null ? '–' : s.itPerSec.toFixed(s.itPerSec >= 10 ? 1 : 2)),
      fact('ETA', s.etaSeconds === null ? '–' : duration(s.etaSeconds)),
    );
    // one chart per loss, each on its own scale: an L1 term of 30 would flatten a GAN term of 0.7
    const charts = document.createElement('div');
    charts.className = 'charts';
    if (!s.lossKeys.length) {
      const empty = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      drawChart(empty, v.points, [], '');
      charts.append(empty);
    }
    s.lossKeys.forEach((k, i) => {
      const fig = document.createElement('figure');
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      drawChart(svg, v.points, [k], COLORS[i % COLORS.length]!);
      const cap = document.createElement('figcaption');
      const last = v.points.length ? v.points[v.points.length - 1]![k] : undefined;
      cap.textContent = `${k}${last === undefined ? '' : ` ${last.toFixed(3)}`}`;
      fig.append(cap, svg);
      charts.append(fig);
    });
    v.card.replaceChildren(title, facts, charts, this.samples(v));
  }

  /** The sample section, rebuilt only when the grids or the choice changed (the images stay loaded). */
  private samples(v: RunView): HTMLElement {
    const s = v.summary;
    const key = JSON.stringify([s.samples, v.shown]);
    if (v.sample?.key === key) return v.sample.el;
    const sample = document.createElement('div');
    sample.className = 'sample';
    v.sample = { key, el: sample };
    if (s.samples.length) {
      const latest = s.samples[s.samples.length - 1]!;
      const img = document.createElement('img');
      img.className = 'latest';
      img.alt = `sample grid ${s.sampleCount}`;
      img.src = v.shown && s.samples.includes(v.shown) ? v.shown : latest;
      const caption = document.createElement('p');
      caption.className = 'hint';
      caption.textContent = `sample grid (input | output | target) at step ${Number(/(\d+)\.png$/.exec(img.src)?.[1] ?? 0)}; ${s.sampleCount} written`;
      const thumbs = document.createElement('div');
      thumbs.className = 'thumbs';
      for (const url of s.samples) {
        const t = document.createElement('img');
        t.src = url;
        t.alt = url.split('/').pop()!;
        t.addEventListener('click', () => { v.shown = url === latest ? null : url; this.render(v); });
        thumbs.append(t);
      }
      sample.append(img, caption, thumbs);
    } else {
      sample.textContent = 'No sample grids yet (tessera train --sample-every N writes them).';
    }
    return sample;
  }
}
