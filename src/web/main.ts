// The page of `tessera serve`: the work tab (an image or a video in; censor, detect, restore, translate;
// before/after slider; download) and the training tab (dashboard.ts). Models run through run-model.ts.
import './style.css';
import type { ImageResult, ItemInfo, JobInfo, OptionDescription, RegionInfo, ServerInfo } from './api.js';
import { cancelJob, censor, detect, followJob, getInfo, startJob, upload } from './api-client.js';
import { Dashboard } from './dashboard.js';
import { ortVersion, pickBackend, wasmThreads } from './ort-session.js';
import { runModelInPage } from './run-model.js';
import { Stage, type Box } from './stage.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const stage = new Stage();
const dashboard = new Dashboard($('runs'), $('runs-status'));
let info: ServerInfo | null = null;
let input: ItemInfo | null = null;
let result: ItemInfo | null = null;
let busy = false;

function say(text: string, error = false): void {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

// ---- tabs -----------------------------------------------------------------------------------------
function showTab(): void {
  const train = location.hash === '#train';
  $('work').hidden = train;
  $('train').hidden = !train;
  $('tab-work').classList.toggle('active', !train);
  $('tab-train').classList.toggle('active', train);
  if (train) dashboard.start();
  else void refreshModels();
}

/** The generators under --runs change while the page is open (a run writes its first checkpoint). */
async function refreshModels(): Promise<void> {
  if (!info) return;
  try {
    info = await getInfo();
  } catch {
    return;
  }
  const model = $<HTMLSelectElement>('model');
  const chosen = model.value;
  model.replaceChildren(...(info.models.length
    ? info.models.map((m) => new Option(m.label, m.id, false, m.id === chosen))
    : [new Option('no generators in the runs folder', '')]));
  applyAvailability();
}
window.addEventListener('hashchange', showTab);

// ---- regions ------------------------------------------------------------------------------------
const boxSpec = (b: Box) => `box:${b.x},${b.y},${b.w},${b.h}`;

function regionSpecs(withContent = true): string[] {
  const specs = stage.boxes.map(boxSpec);
  if (withContent && $<HTMLInputElement>('use-faces').checked) specs.push('faces');
  if (withContent && $<HTMLInputElement>('use-cam').checked) specs.push(`cam:${$<HTMLSelectElement>('cam-class').value}`);
  return specs;
}

stage.onBoxes = (boxes) => {
  $('boxes').replaceChildren(...boxes.map((b) => {
    const li = document.createElement('li');
    li.textContent = boxSpec(b);
    return li;
  }));
};
$('clear-boxes').addEventListener('click', () => stage.clearBoxes());

// ---- input --------------------------------------------------------------------------------------
async function setInput(item: ItemInfo): Promise<void> {
  input = item;
  const video = item.kind === 'video';
  if (video) stage.showVideo(item.url, item.width, item.height);
  else await stage.showInput(item.url, item.width, item.height);
  $('stage').hidden = false;
  $('tools').hidden = false;
  $('image-actions').hidden = video;
  $('video-actions').hidden = !video;
  $('result').hidden = true;
  $('frame').dataset.input = item.id;
}

async function take(file: File): Promise<void> {
  if (busy) return;
  busy = true;
  say(`Uploading ${file.name}…`);
  try {
    const item = await upload(file);
    await setInput(item);
    say(`${item.name}: ${item.width}×${item.height}${item.frames ? `, ${item.frames} frames` : ''}. Draw boxes, then pick an action.`);
  } catch (e) {
    say((e as Error).message, true);
  } finally {
    busy = false;
  }
}

$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const el = e.target as HTMLInputElement;
  const f = el.files?.[0];
  // cleared, so that picking the same file again is a new upload
  if (f) void take(f).finally(() => { el.value = ''; });
});
const drop = $('drop');
for (const ev of ['dragenter', 'dragover'] as const) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void take(f);
});

// ---- image actions -------------------------------------------------------------------------------
function describeRegion(r: RegionInfo): string {
  const cell = r.block ? `, cell ${r.block}${r.blockH && r.blockH !== r.block ? `×${r.blockH}` : ''}` : '';
  return `${r.x},${r.y} ${r.w}×${r.h}${cell}${r.status ? ` — ${r.status}${r.reason ? ` (${r.reason})` : ''}` : ''}`;
}

function listRegions(regions: RegionInfo[]): void {
  $('regions').replaceChildren(...regions.map((r) => {
    const li = document.createElement('li');
    li.textContent = describeRegion(r);
    return li;
  }));
}

async function showResult(what: string, r: ImageResult, runtime?: string): Promise<void> {
  result = r.item;
  await stage.showResult(r.item.url);
  stage.showRegions(r.regions);
  listRegions(r.regions);
  $('result-text').textContent = `${what}: ${r.regions.length ? `${r.regions.length} region(s)` : 'done'}${runtime ? `, ran ${runtime.startsWith('page') ? 'in' : 'on'} the ${runtime}` : ''}. Slide to compare.`;
  const a = $<HTMLAnchorElement>('download');
  a.href = r.item.url;
  a.download = r.item.name;
  a.hidden = false;
  $('use-result').hidden = false;
  $('result-video').hidden = true;
  $('result').hidden = false;
  $('frame').dataset.result = r.item.id;
}

async function act(label: string, work: () => Promise<void>): Promise<void> {
  if (busy || !input) return;
  busy = true;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tools button')) b.disabled = true;
  say(`${label}…`);
  try {
    await work();
    say(`${label}: done.`);
  } catch (e) {
    say(`${label}: ${(e as Error).message}`, true);
  } finally {
    busy = false;
    for (const b of document.querySelectorAll<HTMLButtonElement>('#tools button')) b.disabled = false;
    applyAvailability();
  }
}

$('do-censor').addEventListener('click', () => act('Censor', async () => {
  const block = Number($<HTMLInputElement>('block').value) || undefined;
  await showResult('Censored', await censor({ upload: input!.id, regions: regionSpecs(), block, style: $<HTMLSelectElement>('style').value }));
}));

$('do-detect').addEventListener('click', () => act('Detect', async () => {
  const r = await detect({ upload: input!.id });
  stage.showRegions(r.regions);
  listRegions(r.regions);
  $('result-text').textContent = r.regions.length
    ? `Found ${r.regions.length} mosaic region(s), ${r.maskArea} px. Restore takes them as they are, or draw boxes.`
    : 'No mosaic found.';
  $('download').hidden = true;
  $('use-result').hidden = true;
  $('result').hidden = false;
  $('frame').dataset.detected = String(r.regions.length);
}));

$('do-restore').addEventListener('click', () => act('Restore', async () => {
  const r = await runModelInPage({ kind: 'restore', regions: regionSpecs(false), detail: detailValue() }, input!);
  $('frame').dataset.runtime = r.runtime;
  await showResult('Restored', r, r.runtime);
}));

$('do-translate').addEventListener('click', () => act('Translate', async () => {
  const model = $<HTMLSelectElement>('model').value;
  const mode = $<HTMLInputElement>('reference-mode').checked ? 'reference' : 'eval';
  const r = await runModelInPage({ kind: 'translate', model, mode }, input!);
  $('frame').dataset.runtime = r.runtime;
  await showResult(`Translated with ${model}`, r, r.runtime);
}));

$('use-result').addEventListener('click', () => {
  if (result && result.kind === 'image') void setInput(result).then(() => say(`${result!.name} is the input now.`));
});

// ---- video jobs ------------------------------------------------------------------------------------
let stopFollowing: (() => void) | null = null;
let jobId: string | null = null;

function showJob(j: JobInfo): void {
  const p = $<HTMLProgressElement>('job-progress');
  p.max = Math.max(1, j.total);
  p.value = j.done;
  $('job').dataset.state = j.state;
  $('job-text').textContent = `${j.kind} ${j.input}: ${j.state}${j.total ? `, frame ${j.done} of ${j.total}` : ''}${j.error ? ` — ${j.error}` : ''}`;
  $<HTMLButtonElement>('job-cancel').disabled = !['queued', 'running'].includes(j.state);
  if (j.state === 'done' && j.result) {
    const v = $<HTMLVideoElement>('result-video');
    v.src = j.result.url;
    v.hidden = false;
    const a = $<HTMLAnchorElement>('download');
    a.href = j.result.url;
    a.download = j.result.name;
    a.hidden = false;
    $('use-result').hidden = true;
    $('regions').replaceChildren();
    $('result-text').textContent = `${j.result.name}: ${j.total} frames.`;
    $('result').hidden = false;
  }
  if (['done', 'failed', 'cancelled'].includes(j.state)) say(`Video ${j.kind}: ${j.state}${j.error ? ` — ${j.error}` : ''}.`, j.state === 'failed');
}

/** The detail dial's value when the restorer is a pair file (the slider shows), else none. */
function detailValue(): number | undefined {
  return info?.restore.detail == null ? undefined : Number($<HTMLInputElement>('detail').value);
}

async function runJob(kind: 'censor' | 'restore'): Promise<void> {
  if (!input) return;
  try {
    stopFollowing?.();
    const j = await startJob({ kind, upload: input.id, regions: regionSpecs(kind === 'censor'), ...(kind === 'restore' ? { detail: detailValue() } : {}) });
    jobId = j.id;
    $('job').hidden = false;
    showJob(j);
    stopFollowing = followJob(j.id, showJob);
  } catch (e) {
    say(`Video ${kind}: ${(e as Error).message}`, true);
  }
}
$('do-censor-video').addEventListener('click', () => void runJob('censor'));
$('do-restore-video').addEventListener('click', () => void runJob('restore'));
$('job-cancel').addEventListener('click', () => { if (jobId) cancelJob(jobId).catch((e: Error) => say(e.message, true)); });

// ---- start ----------------------------------------------------------------------------------------------
function applyAvailability(): void {
  if (!info) return;
  const restore = info.restore.available;
  $<HTMLButtonElement>('do-restore').disabled = !restore;
  $<HTMLButtonElement>('do-restore-video').disabled = !restore;
  $<HTMLButtonElement>('do-translate').disabled = !info.models.length;
}

/** The cell, style and detail widgets from the server's option schemas: its bounds, choices, defaults and help. */
function optionWidgets(options: ServerInfo['options']): void {
  const find = (list: OptionDescription[], key: string) => list.find((o) => o.key === key);
  const style = find(options.censor, 'style');
  const select = $<HTMLSelectElement>('style');
  for (const s of style?.choices ?? []) select.append(new Option(s, s, s === style!.default, s === style!.default));
  if (style) select.title = style.help;
  for (const [id, o] of [['block', find(options.censor, 'block')], ['detail', find(options.restore, 'detail')]] as const) {
    if (!o) continue;
    const input = $<HTMLInputElement>(id);
    if (o.min !== undefined) input.min = String(o.min);
    if (o.max !== undefined) input.max = String(o.max);
    if (o.word) input.placeholder = o.word;
    input.title = o.help;
  }
}

async function init(): Promise<void> {
  showTab();
  try {
    info = await getInfo();
  } catch (e) {
    say(`Cannot reach the server: ${(e as Error).message}`, true);
    return;
  }
  $('limits').textContent = `Up to ${Math.round(info.maxUploadBytes / 2 ** 20)} MiB. Files stay on this machine: the server runs here. Safety: ${info.safety}.`;
  const cls = $<HTMLSelectElement>('cam-class');
  for (const c of info.camClasses) cls.append(new Option(c, c));
  optionWidgets(info.options);
  $('model').addEventListener('focus', () => void refreshModels());
  const note = $('restore-note');
  note.hidden = info.restore.available;
  note.textContent = info.restore.note ?? '';
  if (info.restore.available) $('do-restore').title = `restorer: ${info.restore.model}`;
  if (info.restore.detail != null) {
    const dial = $<HTMLInputElement>('detail');
    dial.value = String(info.restore.detail);
    $('detail-value').textContent = dial.value;
    dial.addEventListener('input', () => { $('detail-value').textContent = dial.value; });
    $('detail-dial').hidden = false;
  }
  await refreshModels();
  // which in-page runtime translate uses, decided now from what this browser offers
  const picked = await pickBackend();
  document.body.dataset.runtime = picked.backend;
  $('runtime').textContent = `Restore and translate run in this page: onnxruntime-web ${ortVersion()} on ${picked.backend}`
    + `${picked.backend === 'wasm' ? ` (${wasmThreads()} thread${wasmThreads() === 1 ? '' : 's'})` : ''}, ${picked.why}; the server checks each result before it is shown.`;
  document.body.dataset.ready = 'true';
}
void init();
