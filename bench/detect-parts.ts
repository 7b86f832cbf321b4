// Where the learned detector's time goes on a video frame: the frame the detect bench times (the first
// photo at width 1280 cut to 720 rows, or a 1920×1080 frame, a 16-px mosaic on a box, JPEG q85), run again
// and again; each stage's CPU time (process.cpuUsage: every thread of the process) and wall time, medians.
// Other jobs on the machine stretch the wall times; the CPU times and the ratios between stages hold.
// The main thread's CPU time apart (Linux: /proc/thread-self/schedstat): the stage's own JavaScript and the
// GC pauses it takes; the rest of a stage's CPU is other threads' (libtorch's workers, V8's GC helpers and
// compiler), which lands on whichever stage runs when they do.
// Minor page faults per stage too (every thread): memory the allocator handed back to the OS and maps again.
// The resident size at the end, after all the frames.
// Below the stages, the network stage split in two: the input features alone and the network alone.
//   npm run bench -- detect-parts [--reps N] [--sizes 720p,1080p] [--dir DIR]
import { readFileSync } from 'node:fs';
import { jpegRoundTrip, type Raster } from '../src/image/raster.js';
import { listPhotos, loadPhoto } from '../src/detect/evaluate.js';
import { findMosaicRegions } from '../src/detect/find.js';
import { DETECT_STAGES, mosaicNetFor, mosaicProbability, type DetectStage } from '../src/detect/learned.js';
import { shrinkRaster, workingScale } from '../src/detect/working-scale.js';
import { detectorInput, edgeMaps, NO_CODEC_GRID } from '../src/models/mosaic-input.js';
import { autocast, hasNativeBf16 } from '../src/engine/index.js';
import { boxesToMask } from '../src/image/mask.js';
import { pixelate } from '../src/image/pixelate.js';
import { median, type BenchOptions } from './report.js';

/** The detect bench's frame of a size (bench/mosaic-detect.ts). */
async function benchFrame(file: string, w: number, h: number): Promise<Raster> {
  const photo = await loadPhoto(file, w);
  const frame = { ...photo, height: Math.min(h, photo.height), data: photo.data.subarray(0, w * Math.min(h, photo.height) * photo.channels) };
  const box = boxesToMask(frame.width, frame.height, [{ x: w / 4, y: h / 4, w: w / 3, h: h / 3 }]);
  return jpegRoundTrip(pixelate(frame, box, { block: 16 }).image, 85);
}

interface Clock { cpu: number; main: number; wall: number; faults: number }
/** This thread's time on the CPU in ms (the first field of schedstat, in ns); NaN where the kernel does not say. */
const mainThreadCpu = (): number => {
  try { return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6; } catch { return NaN; }
};
const now = (): Clock => {
  const c = process.cpuUsage();
  return { cpu: (c.user + c.system) / 1000, main: mainThreadCpu(), wall: performance.now(), faults: process.resourceUsage().minorPageFault };
};

/** Median CPU ms (all threads, the main thread), wall ms and minor page faults of fn over reps runs. */
function timed(reps: number, fn: () => void): Clock {
  const cpu: number[] = [], main: number[] = [], wall: number[] = [], faults: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = now();
    fn();
    const t1 = now();
    cpu.push(t1.cpu - t0.cpu); main.push(t1.main - t0.main); wall.push(t1.wall - t0.wall); faults.push(t1.faults - t0.faults);
  }
  return { cpu: median(cpu), main: median(main), wall: median(wall), faults: median(faults) };
}

export async function run(_o: BenchOptions): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const reps = Number(arg('--reps') ?? 9);
  const photo = listPhotos(arg('--dir'))[0];
  if (!photo) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const row = (name: string, cpu: number, main: number, wall: number, faults: number, total: number) =>
    console.log(`  ${name.padEnd(22)} ${cpu.toFixed(1).padStart(7)} ${main.toFixed(1).padStart(7)} ${wall.toFixed(1).padStart(7)} ${((100 * cpu) / total).toFixed(0).padStart(5)}% ${faults.toFixed(0).padStart(7)}`);
  for (const size of arg('--sizes')?.split(',') ?? ['720p']) {
    const [w, h] = size === '1080p' ? [1920, 1080] : [1280, 720];
    const image = await benchFrame(photo, w, h);
    findMosaicRegions(image, { method: 'learned' }); // warm-up (loads the weights once)
    const spent = new Map<DetectStage | 'total', { cpu: number[]; main: number[]; wall: number[]; faults: number[] }>();
    const add = (k: DetectStage | 'total', a: Clock, b: Clock) => {
      const e = spent.get(k) ?? { cpu: [], main: [], wall: [], faults: [] };
      e.cpu.push(b.cpu - a.cpu); e.main.push(b.main - a.main); e.wall.push(b.wall - a.wall); e.faults.push(b.faults - a.faults);
      spent.set(k, e);
    };
    for (let k = 0; k < reps; k++) {
      const t0 = now();
      let last = t0;
      findMosaicRegions(image, { method: 'learned', onStage: (s) => { const t = now(); add(s, last, t); last = t; } });
      add('total', t0, now());
    }
    const total = median(spent.get('total')!.cpu);
    console.log(`${w}×${h} frame, median of ${reps}:   CPU ms  main ms  wall ms  CPU share  faults`);
    const show = (k: DetectStage | 'total') => { const e = spent.get(k)!; row(k, median(e.cpu), median(e.main), median(e.wall), median(e.faults), total); };
    for (const s of DETECT_STAGES) if (spent.has(s)) show(s);
    show('total');
    // The network stage's two halves on the working-scale frame, timed alone.
    const s = workingScale(w, h, {}, 1024);
    const small = shrinkRaster(image, Math.round(w * s), Math.round(h * s));
    const codec = s === 1 ? 8 : NO_CODEC_GRID;
    const net = mosaicNetFor(), maps = edgeMaps(small, codec), bf16 = hasNativeBf16();
    const feats = timed(reps, () => detectorInput(small, net.spec.inputs, codec, maps));
    const whole = timed(reps, () => autocast(() => mosaicProbability(net, small, codec, 768, maps), bf16));
    console.log(`  network stage on ${small.width}×${small.height}: input features ${feats.cpu.toFixed(1)} CPU ms (${feats.wall.toFixed(1)} wall, ${feats.faults} faults), all of it ${whole.cpu.toFixed(1)} (${whole.wall.toFixed(1)} wall, ${whole.faults} faults)`);
  }
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  console.log(`resident ${mib(process.memoryUsage().rss)} MiB now, ${mib(process.resourceUsage().maxRSS * 1024)} MiB at most`);
}
