// Restore bench (`npm run bench -- restore [--json] [--model FILE] [--iters N]`):
//   1. the restorer's generator on one 256² region, fp32 and bf16, tessera vs the same network in PyTorch
//      (bench/torch_restore.py, same weights; outputs compared on the same input before timing);
//      the same network exported and run by onnxruntime-node beside them, and which one `--runtime auto` keeps;
//   2. one whole Restorer.restore call on a 256² region (crop, cell means, scale, network, blend), the work
//      around the network alone (the same call with the network's pass taken out), and the
//      same region through the outside peer (UpscalerJS's esrgan-thick ×8 on the cell means, a dev
//      dependency; src/restore/peers/), with its time over the restorer's;
//   3. mosaic detection per 720p frame;
//   4. end to end on a 720p H.264 clip with one mosaic region through restoreVideo (decode → restore →
//      encode, safety checks and temporal blend as `tessera restore` runs them), the region given and
//      detected (every frame, and every 5th frame tracked between), each beside ffmpeg alone on the clip (decode +
//      x264 veryfast) with the share of the wall time the network took (where the network is the limit).
//      fps is over the whole call (models loaded), steady_fps from the first encoded frame to the last.
// Targets (issue 9): ≥ 15 fps with a given box, ≥ 8 fps with detection, on 2 cores. --iters N sets the
// timed steps of 1–3 and makes the clip 4·N frames (48 by default): a smoke run takes --iters 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { autocast, getNumThreads, manualSeed, noGrad, tensor, tidy, type Tensor } from '../src/engine/index.js';
import type { CellGrid } from '../src/image/cells.js';
import { readRaster, resizeRaster, type Raster } from '../src/image/raster.js';
import { crop } from '../src/image/sheet.js';
import { saveSafetensors } from '../src/io/safetensors.js';
import { censorWithMask } from '../src/censor/censor.js';
import { listPhotos } from '../src/detect/evaluate.js';
import { findMosaicRegions } from '../src/detect/find.js';
import { boxesToMask, type Mask } from '../src/image/mask.js';
import { finishCrop, OnnxRestorer, planCrop, Restorer, restoreVideo, targetCrops, timePasses, type NetworkTile, type RestoreTarget, type RestoreVideoOptions } from '../src/restore/index.js';
import { loadPeer } from '../src/restore/peers/esrgan.js';
import type { Box } from '../src/util/box.js';
import { Mulberry32 } from '../src/util/rng.js';
import { VideoEncoder, generatedVideoInfo } from '../src/video/encoder.js';
import { Reporter, TorchWorker, compareSteps, median, timeMs, type BenchOptions } from './report.js';

const SIDE = 256;
const W = 1280, H = 720, FPS = 24;
/** The clip's region: a fixed box, as `tessera censor --region box:` leaves it, 12 px cells. */
const CLIP_BOX: Box = { x: 480, y: 220, w: 320, h: 240 };
const CLIP_CELL = 12;

/** Channels 0–5 noise in [−1, 1], channel 6 the mask: inside on the middle half. */
function generatorInput(): Tensor {
  const rng = new Mulberry32(1), plane = SIDE * SIDE, data = new Float32Array(7 * plane);
  for (let i = 0; i < 6 * plane; i++) data[i] = 2 * rng.random() - 1;
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    const inside = Math.min(x, y) >= SIDE / 4 && Math.max(x, y) < (3 * SIDE) / 4;
    data[6 * plane + y * SIDE + x] = inside ? 1 : -1;
  }
  return tensor(data, [1, 7, SIDE, SIDE]);
}

async function generatorRows(restorer: Restorer, model: string, report: Reporter, o: BenchOptions, dir: string): Promise<void> {
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'torch_restore.py');
  const torch = new TorchWorker(script, [String(getNumThreads())]);
  const net = restorer.net;
  const x = generatorInput();
  try {
    let torchFp32: number | undefined;
    for (const dtype of ['fp32', 'bf16'] as const) {
      const bf16 = dtype === 'bf16';
      const forward = () => tidy(() => noGrad(() => autocast(() => net.forward(x), bf16).float()));
      await torch.request({ build: { model, side: SIDE }, dtype });
      const out = forward();
      const check = path.join(dir, `check-${dtype}.safetensors`);
      saveSafetensors(check, { input: x, output: out });
      out.dispose();
      const { max_abs_diff: diff } = await torch.request<{ max_abs_diff: number }>({ check });
      // bf16 rounds differently on each side (and tessera runs transposed convs in bf16 where PyTorch 1.13 cannot)
      if (!(diff < (bf16 ? 0.25 : 1e-3))) throw new Error(`${dtype}: tessera and PyTorch outputs differ by ${diff} on the same input and weights`);
      const step = () => { tidy(() => forward().sum().item()); };
      for (let i = 0; i < 2; i++) step();
      await torch.request({ steps: 2 });
      const row = await compareSteps(`generator ${SIDE}² region ${dtype}`, step, torch, o.iters ?? 7, bf16 ? torchFp32 : undefined);
      if (!bf16) torchFp32 = row.torch_ms;
      report.row({ ...row, max_abs_diff: diff });
    }
    // the same network and weights exported and run by onnxruntime-node (what --runtime onnx runs), and auto's pick
    const ort = await OnnxRestorer.fromNetwork(net, restorer.spec, restorer.source);
    try {
      const tile: NetworkTile = { data: x.data() as Float32Array, width: SIDE, height: SIDE };
      const iters = o.iters ?? 7, ortMs: number[] = [], ltMs: number[] = [];
      await ort.runTile(tile);
      for (let i = 0; i < iters; i++) {
        let t0 = performance.now();
        await ort.runTile(tile);
        ortMs.push(performance.now() - t0);
        t0 = performance.now();
        restorer.runTile(tile);
        ltMs.push(performance.now() - t0);
      }
      const [ortMed, ltMed] = [median(ortMs), median(ltMs)];
      report.row({ case: `generator ${SIDE}² region onnxruntime-node`, tessera_ms: ortMed, torch_ms: torchFp32 ?? NaN, ratio: ortMed / (torchFp32 ?? NaN), vs_libtorch: ortMed / ltMed });
      const auto = await timePasses({ libtorch: () => restorer.runTile(tile), onnx: () => ort.runTile(tile) });
      report.row({ case: `--runtime auto keeps ${auto.onnx < auto.libtorch ? 'onnx' : 'libtorch'}`, tessera_ms: Math.min(auto.onnx, auto.libtorch), torch_ms: NaN, ratio: NaN, vs_libtorch: auto.onnx / auto.libtorch });
    } finally {
      ort.dispose();
    }
  } finally {
    x.dispose();
    torch.close();
  }
}

/** A photo at least w×h (cover-resized). */
async function photoAt(file: string, w: number, h: number): Promise<Raster> {
  const p = await readRaster(file);
  if (p.channels !== 3) throw new Error(`${file}: expected an RGB photo`);
  const s = Math.max(w / p.width, h / p.height);
  return resizeRaster(p, Math.ceil(p.width * s), Math.ceil(p.height * s));
}

/** Restorer.restore on one 256² region of 8 px cells, then the peer on the same region (its time / the restorer's). */
function restoreCallRows(restorer: Restorer, photo: Raster, report: Reporter, o: BenchOptions): void {
  const image = crop(photo, 0, 0, 2 * SIDE, 2 * SIDE);
  const box = { x: SIDE / 2, y: SIDE / 2, w: SIDE, h: SIDE };
  const mask = boxesToMask(image.width, image.height, [box]);
  const mosaic = censorWithMask(image, mask, { block: 8, phase: 'box' }).image;
  const target: RestoreTarget = { box, grid: { blockW: 8, blockH: 8, phaseX: 0, phaseY: 0 } };
  const ms = timeMs(() => restorer.restore(mosaic, mask, [target]), 1, o.iters ?? 5);
  report.row({ case: `Restorer.restore ${SIDE}² region, 8 px cells`, tessera_ms: ms, torch_ms: NaN, ratio: NaN });
  // the same call without the network (its tiles' outputs stand in as zeros): cell means, bicubic, tiles, blend, projection
  const around = timeMs(() => {
    for (const r of targetCrops(mosaic, mask, [target])) {
      const plan = planCrop(r.crop, r.inside, r.grid, restorer);
      finishCrop(plan, plan.tiles.map((t) => new Float32Array(3 * t.width * t.height)));
    }
  }, 1, o.iters ?? 5);
  report.row({ case: `  the work around the network, same region`, tessera_ms: around, torch_ms: NaN, ratio: NaN, vs_restorer: around / ms });
  const peer = loadPeer('esrgan-thick');
  try {
    const peerMs = timeMs(() => peer.restore(mosaic, mask, [target]), 1, o.iters ?? 5);
    report.row({ case: `peer esrgan-thick ×8, same region`, tessera_ms: peerMs, torch_ms: NaN, ratio: NaN, vs_restorer: peerMs / ms });
  } finally {
    peer.dispose();
  }
}

/** A 720p H.264 clip: a slow pan over the photo, each frame censored in CLIP_BOX (grid fixed to the box). */
async function makeClip(file: string, photo: Raster, frames: number): Promise<{ mask: Mask; grid: CellGrid; first: Raster }> {
  const mask = boxesToMask(W, H, [CLIP_BOX]);
  const encoder = new VideoEncoder(generatedVideoInfo(W, H, { num: FPS, den: 1 }), file, { crf: 18 });
  let first: Raster | undefined;
  for (let i = 0; i < frames; i++) {
    const t = frames > 1 ? i / (frames - 1) : 0;
    const view = crop(photo, Math.round((photo.width - W) * t), Math.round((photo.height - H) * t * 0.5), W, H);
    const censored = censorWithMask(view, mask, { block: CLIP_CELL, phase: 'box' }).image;
    first ??= censored;
    await encoder.write(censored.data);
  }
  await encoder.finish();
  const phase = (v: number) => v % CLIP_CELL;
  return { mask, grid: { blockW: CLIP_CELL, blockH: CLIP_CELL, phaseX: phase(CLIP_BOX.x), phaseY: phase(CLIP_BOX.y) }, first: first! };
}

export async function run(o: BenchOptions): Promise<void> {
  const restorer = Restorer.load(o.model), model = restorer.source;
  const photos = listPhotos();
  if (!photos.length) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const report = new Reporter(o.json, ['ratio_fp32', 'max_abs_diff', 'vs_libtorch', 'vs_restorer', 'fps', 'steady_fps', 'target_fps', 'of_ffmpeg', 'network_share']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-restore-'));
  if (!o.json) console.log(`restore bench: ${getNumThreads()} threads, ${model} (${restorer.spec.netG}, ngf ${restorer.spec.ngf}); medians; ms per call, fps over the whole clip`);
  try {
    manualSeed(0);
    if (!o.only || 'generator'.includes(o.only)) await generatorRows(restorer, model, report, o, dir);
    const photo = await photoAt(photos[0]!, 1600, 1000);
    if (!o.only || 'Restorer.restore'.includes(o.only)) restoreCallRows(restorer, photo, report, o);

    const frames = o.iters ? Math.max(4, 4 * o.iters) : 48;
    const clip = path.join(dir, 'clip.mp4');
    const { mask, grid, first } = await makeClip(clip, photo, frames);
    findMosaicRegions(first, { codec: 'h264' }); // loads the detector outside the timing
    const detectMs = timeMs(() => findMosaicRegions(first, { codec: 'h264' }), 0, o.iters ?? 5);
    report.row({ case: `detect mosaic, ${W}x${H} frame`, tessera_ms: detectMs, torch_ms: NaN, ratio: NaN });

    // restoreVideo as `tessera restore` runs it: safety checks, tracks and the temporal blend included
    const modes: [string, number, RestoreVideoOptions][] = [
      ['given box', 15, { regions: { boxes: [CLIP_BOX], mask, grid } }],
      ['detected every frame', 8, { detectEvery: 1 }],
      ['detected every 5th frame, tracked', 8, { detectEvery: 5 }],
    ];
    const f0 = performance.now();
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', path.join(dir, 'ff.mp4')]);
    const ffFps = frames / ((performance.now() - f0) / 1000);
    report.row({ case: `ffmpeg alone on the clip (decode + x264 veryfast)`, tessera_ms: 1000 / ffFps, torch_ms: NaN, ratio: NaN, fps: ffFps });
    // the network's wall time inside restoreVideo, to say where it is the limit
    let networkMs = 0;
    const runTile = restorer.runTile.bind(restorer);
    restorer.runTile = (t) => { const t0 = performance.now(); try { return runTile(t); } finally { networkMs += performance.now() - t0; } };
    for (const [name, target, options] of modes) {
      // fps over the whole call (models loaded, pipes started) and steady_fps from the first encoded
      // frame to the last: what a long video sees
      let first = 0, last = 0;
      const onFrame = (done: number) => { const t = performance.now(); if (done === 1) first = t; last = t; };
      networkMs = 0;
      const t0 = performance.now();
      const r = await restoreVideo(clip, path.join(dir, 'out.mp4'), { ...options, restorer, onFrame });
      const s = (performance.now() - t0) / 1000;
      report.row({
        case: `restore ${W}x${H} clip, ${name}`, tessera_ms: (1000 * s) / r.frames, torch_ms: NaN, ratio: NaN, fps: r.frames / s,
        steady_fps: (1000 * (r.frames - 1)) / (last - first), target_fps: target, frames: r.frames,
        of_ffmpeg: r.frames / s / ffFps, network_share: networkMs / (1000 * s),
      });
    }
    restorer.runTile = runTile;
  } finally {
    restorer.net.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
