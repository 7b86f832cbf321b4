// `npm run bench -- censor [--json]` (or standalone: `node dist/bench/censor.js [--json]`):
// video censoring throughput at 720p and 1080p with a fixed box and with the face finder, beside the
// ffmpeg-only transcode and the decode-only rate that bound it, and CAM milliseconds per image.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { censorVideo } from '../src/censor/index.js';
import { decodeFrames, probeVideo, transformVideo } from '../src/video/index.js';
import { EngineClassifier, createFaceFinder } from '../src/finders/index.js';

export interface CensorBenchOptions { json?: boolean; iters?: number }

interface Row { case: string; size: string; value: number; unit: string; cpu_fps_2core?: number; note?: string }

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

async function measure(frames: number, fn: () => Promise<unknown>): Promise<{ fps: number; cpuFps?: number }> {
  const c0 = cpuSeconds(), t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) / 1000, c1 = cpuSeconds();
  return { fps: frames / wall, cpuFps: c0 !== null && c1 !== null && c1 > c0 ? frames / ((c1 - c0) / 2) : undefined };
}

function makeVideo(file: string, w: number, h: number, seconds: number): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=30`, '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
}


export async function run(opts: CensorBenchOptions = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-censor-'));
  const rows: Row[] = [];
  const emit = (r: Row) => {
    rows.push(r);
    if (opts.json) console.log(JSON.stringify({ bench: 'censor', ...r }));
    else console.log(`${r.case.padEnd(44)} ${r.size.padEnd(10)} ${r.value.toFixed(1).padStart(8)} ${r.unit.padEnd(8)}${r.cpu_fps_2core !== undefined ? ` ${r.cpu_fps_2core.toFixed(1).padStart(7)} fps by CPU time on 2 cores` : ''}${r.note ? `  (${r.note})` : ''}`);
  };
  try {
    if (!opts.json) console.log(`cores: ${os.availableParallelism()}, load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]}`);
    for (const [w, h, secs] of [[1280, 720, 5], [1920, 1080, 3]] as const) {
      const size = `${w}x${h}`;
      const src = path.join(dir, `src-${h}.mp4`);
      makeVideo(src, w, h, secs);
      const frames = (await probeVideo(src)).frameCount;
      const box = { x: w * 0.3, y: h * 0.25, w: w * 0.3, h: h * 0.4 };
      const fixed = { find: () => [box] };

      const ff = await measure(frames, async () => execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'copy', path.join(dir, 'ff.mp4')]));
      emit({ case: 'ffmpeg alone: decode + x264 veryfast', size, value: ff.fps, unit: 'fps', cpu_fps_2core: ff.cpuFps, note: 'bound' });
      const dec = await measure(frames, async () => { for await (const _ of decodeFrames(await probeVideo(src))) void _; });
      emit({ case: 'decode to rgb24 pipe only', size, value: dec.fps, unit: 'fps', cpu_fps_2core: dec.cpuFps });
      const pass = await measure(frames, () => transformVideo(src, path.join(dir, 'pass.mp4'), () => {}));
      emit({ case: 'transformVideo pass-through (veryfast)', size, value: pass.fps, unit: 'fps', cpu_fps_2core: pass.cpuFps });
      for (const preset of ['veryfast', 'ultrafast']) {
        const r = await measure(frames, () => censorVideo(src, path.join(dir, `box-${preset}.mp4`), { finder: fixed, preset }));
        emit({ case: `censor fixed box, x264 ${preset}`, size, value: r.fps, unit: 'fps', cpu_fps_2core: r.cpuFps });
      }
      const r2 = await measure(frames, () => censorVideo(src, path.join(dir, 'box-t2.mp4'), { finder: fixed, preset: 'veryfast', threads: 2 }));
      emit({ case: 'censor fixed box, veryfast, -threads 2', size, value: r2.fps, unit: 'fps', cpu_fps_2core: r2.cpuFps });
      const faces = createFaceFinder();
      await faces.find({ data: new Uint8Array(64 * 64 * 3), width: 64, height: 64, channels: 3 }); // load the model outside the timing
      for (const every of [1, 5]) {
        const r = await measure(frames, () => censorVideo(src, path.join(dir, `faces-${every}.mp4`), { finder: faces, detectEvery: every }));
        emit({ case: `censor faces (BlazeFace), detect every ${every}`, size, value: r.fps, unit: 'fps', cpu_fps_2core: r.cpuFps });
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
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--iters');
  run({ json: args.includes('--json'), iters: at >= 0 ? Number(args[at + 1]) : undefined }).catch((e) => {
    console.error(`bench censor: ${(e as Error).message}`);
    process.exit(1);
  });
}
