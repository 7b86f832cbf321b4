// `npm run bench -- censor [--json]` (or standalone: `node dist/bench/censor.js [--json]`):
// video censoring throughput at 720p and 1080p on a clip with a moving face (the astronaut photo of the finder
// fixture over testsrc2): ffmpeg alone on the same file and preset (the bound), the frame pipeline passing
// frames through (rgb24 and the source's yuv420p), a fixed box (`-r box:`, as `tessera censor` runs it; the
// rgb24 frames of the path before beside it), and the face finder every frame and every 5th; then CAM
// milliseconds per image. Each row gives its fps over ffmpeg alone's (wall) and over its CPU time per frame
// (this process and its ffmpeg children), which holds up when the machine is shared. --iters N: N CAM runs and
// clips of 10·N frames (a smoke run takes --iters 1 --no-gate).
// Gate: the fixed box below GATE_RATIO of ffmpeg alone at any size fails the bench (exit 1): the pipeline once
// fell from 0.50 to 0.28 without a test noticing. --no-gate reports only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { censorVideo, parseRegion } from '../src/censor/index.js';
import { ffmpegVersion, probeVideo, transformVideo } from '../src/video/index.js';
import { EngineClassifier, createFaceFinder } from '../src/finders/index.js';

export interface CensorBenchOptions { json?: boolean; iters?: number; gate?: boolean }

/**
 * The least fixed-box fps over ffmpeg alone's (wall clock) that the bench accepts: a regression gate, not the
 * target. Quiet 2-core machine, 2026-12-06: 0.58 at 720p, 0.57 at 1080p (issue 23 asks 0.8); the slip it
 * must catch went to 0.28.
 */
export const GATE_RATIO = 0.45;

interface Row { case: string; size: string; value: number; unit: string; ratio?: number; cpu_ms_frame?: number; cpu_ratio?: number; note?: string }

/**
 * CPU seconds used so far by this process plus its reaped children (the ffmpeg processes), from
 * /proc/self/stat (Linux; clock ticks of 1/100 s). Frames / (CPU seconds / 2) estimates the rate on two
 * dedicated cores, which holds up when other work shares the machine and wall-clock fps does not.
 */
function cpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch { return null; }
}

interface Measured { fps: number; cpuMs?: number }

async function measure(frames: number, fn: () => Promise<unknown>): Promise<Measured> {
  const c0 = cpuSeconds(), t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) / 1000, c1 = cpuSeconds();
  return { fps: frames / wall, cpuMs: c0 !== null && c1 !== null && c1 > c0 ? ((c1 - c0) * 1000) / frames : undefined };
}

const FACE_PHOTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'finders', 'astronaut.jpg');

/** testsrc2 with the astronaut photo (a face) moving over it, and a sine track: what a censor job sees. */
function makeVideo(file: string, w: number, h: number, seconds: number): void {
  const side = Math.round(h * 0.55);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=30`, '-loop', '1', '-i', FACE_PHOTO,
    '-f', 'lavfi', '-i', 'sine=frequency=440', '-filter_complex', `[1]scale=${side}:${side}[a];[0][a]overlay=x='${Math.round(w * 0.1)}+${Math.round(w * 0.3)}*(1+sin(t))':y=${Math.round(h * 0.2)}:shortest=1[v]`,
    '-map', '[v]', '-map', '2:a', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
}

export async function run(opts: CensorBenchOptions = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-censor-'));
  const rows: Row[] = [];
  const emit = (r: Row) => {
    rows.push(r);
    if (opts.json) console.log(JSON.stringify({ bench: 'censor', ...r }));
    else {
      const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2).padStart(6)} of ffmpeg` : ''.padStart(16);
      const cpu = r.cpu_ms_frame !== undefined ? `  CPU ${r.cpu_ms_frame.toFixed(1).padStart(5)} ms/frame${r.cpu_ratio !== undefined ? ` (${r.cpu_ratio.toFixed(2)} of ffmpeg)` : ''}` : '';
      console.log(`${r.case.padEnd(44)} ${r.size.padEnd(10)} ${r.value.toFixed(1).padStart(8)} ${r.unit.padEnd(8)} ${ratio}${cpu}${r.note ? `  (${r.note})` : ''}`);
    }
  };
  const failures: string[] = [];
  try {
    if (!opts.json) console.log(`cores: ${os.availableParallelism()}, load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${ffmpegVersion() ?? 'no ffmpeg'}`);
    const faces = createFaceFinder();
    await faces.find({ data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, channels: 3 }); // load the model outside the timing
    for (const [w, h, secs] of [[1280, 720, 5], [1920, 1080, 3]] as const) {
      const size = `${w}x${h}`;
      const src = path.join(dir, `src-${h}.mp4`);
      makeVideo(src, w, h, opts.iters ? Math.min(secs, opts.iters / 3) : secs); // --iters 1: a 10-frame smoke run
      const frames = (await probeVideo(src)).frameCount;
      const box = parseRegion(`box:${w * 0.3},${h * 0.25},${w * 0.3},${h * 0.4}`);
      const out = (name: string) => path.join(dir, `${name}-${h}.mp4`);

      const ffmpegAlone = async () => execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'copy', out('ff')]);
      const censorBox = () => censorVideo(src, out('box'), { finders: [box] });
      // the gated pair: each run twice, alternating, the faster run of each kept (load only slows)
      let ff = await measure(frames, ffmpegAlone), fixedRun = await measure(frames, censorBox);
      const ff2 = await measure(frames, ffmpegAlone), fixedRun2 = await measure(frames, censorBox);
      if (ff2.fps > ff.fps) ff = ff2;
      if (fixedRun2.fps > fixedRun.fps) fixedRun = fixedRun2;
      const row = (name: string, m: Measured, note?: string): Row => {
        const r: Row = { case: name, size, value: m.fps, unit: 'fps', ratio: m.fps / ff.fps, cpu_ms_frame: m.cpuMs,
          cpu_ratio: m.cpuMs && ff.cpuMs ? ff.cpuMs / m.cpuMs : undefined, note };
        emit(r);
        return r;
      };
      row('ffmpeg alone: decode + x264 veryfast', ff, 'the bound; the faster of two runs');
      row('transformVideo pass-through, rgb24 frames', await measure(frames, () => transformVideo(src, out('pass'), () => {})));
      row('transformVideo pass-through, yuv420p frames', await measure(frames, () => transformVideo(src, out('pass-yuv'), () => {}, { yuv: true })));
      const fixed = row('censor fixed box (-r box:), x264 veryfast', fixedRun, 'gated; the faster of two runs');
      if (fixed.ratio! < GATE_RATIO) failures.push(`${size}: the fixed box ran at ${fixed.ratio!.toFixed(2)} of ffmpeg alone (gate ${GATE_RATIO})`);
      row('censor fixed box, rgb24 frames (path before)', await measure(frames, () => censorVideo(src, out('box-rgb'), { finders: [box], yuv: false })));
      row('censor fixed box, x264 ultrafast', await measure(frames, () => censorVideo(src, out('box-uf'), { finders: [box], preset: 'ultrafast' })));
      row('censor fixed box, veryfast, -threads 2', await measure(frames, () => censorVideo(src, out('box-t2'), { finders: [box], threads: 2 })));
      for (const every of [1, 5]) {
        let tracks = 0;
        const m = await measure(frames, async () => {
          // allowEmpty: a run whose finder misses must still be timed (the note says what it found)
          tracks = (await censorVideo(src, out(`faces-${every}`), { finder: faces, detectEvery: every, allowEmpty: true })).tracks.length;
        });
        row(`censor faces (BlazeFace), detect every ${every}`, m, `${tracks} face track${tracks === 1 ? '' : 's'}`);
      }
    }
    // CAM: one 720p RGB frame through classify and the full CAM (forward + upsample + normalise).
    const cam = EngineClassifier.load();
    const w = 1280, h = 720, data = new Uint8Array(w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const img = { data, width: w, height: h, channels: 3 };
    await cam.cam(img, 'neutral');
    const iters = opts.iters ?? 10;
    for (const [name, fn] of [['CAM (forward + upsample + normalise)', () => cam.cam(img, 'neutral')], ['classify', () => cam.classify(img)]] as const) {
      const c0 = cpuSeconds(), t0 = performance.now();
      for (let i = 0; i < iters; i++) await fn();
      const ms = (performance.now() - t0) / iters, c1 = cpuSeconds();
      emit({ case: name, size: `${w}x${h}`, value: ms, unit: 'ms/image', note: c0 !== null && c1 !== null ? `CPU ${(((c1 - c0) * 1000) / iters).toFixed(1)} ms/image` : undefined });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    const text = `censor bench gate: ${failures.join('; ')}${opts.json ? '' : ` (load average ${os.loadavg()[0]!.toFixed(1)}: a busy machine lowers it too)`}`;
    if (opts.gate === false) console.error(`${text} (--no-gate: not failing)`);
    else throw new Error(text);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--iters');
  run({ json: args.includes('--json'), iters: at >= 0 ? Number(args[at + 1]) : undefined, gate: !args.includes('--no-gate') }).catch((e) => {
    console.error(`bench censor: ${(e as Error).message}`);
    process.exit(1);
  });
}
