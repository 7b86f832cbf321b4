// The mosaic detector's figures on the cached real photos (scripts/fetch-photos.sh): mean IoU of synthetic
// mosaics after re-encoding, false-positive area on the clean photos.
//   npm run bench -- detect [--json] [--width 384] [--photos N] [--codec jpeg|h264] [--q 60,75,90]
//                           [--method learned|analytic] [--weights FILE]
// With --codec h264 the --q values are x264 CRFs (default 18,23,28).
import { DETECT_METHODS, evaluateDetector, listPhotos, type DetectMethod } from '../src/mosaic/detect-eval.js';
import type { BenchOptions } from './report.js';

export async function run(o: BenchOptions): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const photos = listPhotos().slice(0, opt('--photos', 1e9));
  if (!photos.length) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const t0 = Date.now();
  const codec = args.includes('--codec') && args[args.indexOf('--codec') + 1] === 'h264' ? 'h264' : 'jpeg';
  const qArg = args.indexOf('--q');
  const qualities = qArg >= 0 ? args[qArg + 1]!.split(',').map(Number) : codec === 'h264' ? [18, 23, 28] : [60, 75, 90];
  const method = args.includes('--method') ? args[args.indexOf('--method') + 1] as DetectMethod : 'analytic';
  if (!DETECT_METHODS.includes(method)) throw new Error(`--method must be one of ${DETECT_METHODS.join(', ')}`);
  const weights = args.includes('--weights') ? args[args.indexOf('--weights') + 1] : undefined;
  const r = await evaluateDetector({ photos, width: opt('--width', 384), codec, qualities, method, weights });
  const qName = codec === 'h264' ? 'H.264 crf' : 'JPEG q';
  const secs = (Date.now() - t0) / 1000;
  if (o.json) {
    console.log(JSON.stringify({ method, codec, qualities, photos: photos.length, seconds: secs, meanIoU: r.meanIoU, minIoU: r.minIoU, meanFpArea: r.meanFpArea, maxFpArea: r.maxFpArea, cases: r.cases, clean: r.clean }));
  } else {
    const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
    for (const b of [...new Set(r.cases.map((c) => c.block))]) for (const q of [...new Set(r.cases.map((c) => c.quality))]) {
      const cs = r.cases.filter((c) => c.block === b && c.quality === q);
      console.log(`block ${String(b).padStart(2)}  ${qName}${q}  mean IoU ${(cs.reduce((s, c) => s + c.iou, 0) / cs.length).toFixed(3)}  min ${Math.min(...cs.map((c) => c.iou)).toFixed(3)}`);
    }
    const worst = [...r.cases].sort((a, b) => a.iou - b.iou).slice(0, 5);
    console.log('worst:', worst.map((c) => `${c.photo} b${c.block} ${qName}${c.quality} ${c.style} ${c.iou.toFixed(3)}`).join('; '));
    const fps = [...r.clean].sort((a, b) => b.fpArea - a.fpArea).slice(0, 5);
    console.log('clean photos, most flagged:', fps.map((c) => `${c.photo} ${qName}${c.quality} ${pct(c.fpArea)}`).join('; '));
    console.log(`${method}: ${photos.length} photos × ${r.cases.length / photos.length} mosaics: mean IoU ${r.meanIoU.toFixed(3)} (min ${r.minIoU.toFixed(3)}); clean photos: mean false-positive area ${pct(r.meanFpArea)} (max ${pct(r.maxFpArea)}); ${secs.toFixed(1)} s`);
  }
}
