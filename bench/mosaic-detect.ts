// The mosaic detectors' figures on the cached real photos (scripts/fetch-photos.sh), the learned network
// side by side with the analytic detector: mean IoU of synthetic mosaics after re-encoding and beside it the
// visible IoU (only the cells a mosaic visibly changed count, its invisible ones don't care; mosaics with no
// visible cell are left out of it and counted: image/visible-iou.ts), false-positive area on the clean
// photos, time per detection. --json adds both to every case and to the report.
//   npm run bench -- detect [--json] [--width 384|native|1080p] [--photos N] [--skip N] [--dir DIR[,DIR]] [--codec jpeg|h264]
//                           [--q 60,75,90] [--blocks 6,10,16] [--pairing all|cycle] [--method learned|analytic]
//                           [--weights FILE] [--styles mean,center,random] [--working-size PX] [--scale S]
//                           [--threshold P] [--min-confidence P] [--precision auto|fp32|bf16] [--no-verify] [--no-frames] [--cases]
//                           [--sheet FILE.png] [--compare-verify] [--enlarged K] [--no-fine-pass] [--no-coarse-look]
// With --codec h264 the --q values are x264 CRFs (default 18,23,28). Without --method both run.
// --dir .cache/train-photos measures on the training photos (where thresholds are chosen); --cases prints
// every mosaic's IoU and grid (true → reported); --no-verify turns off the geometry check after the network
// (detect/verify.ts), the detector before it; --sheet draws the ten worst clean photos and mosaics with
// their masks (detect-sheet.ts); --compare-verify (with --method learned) runs the network once and reports
// its figures without and with the check (detect-compare.ts); --enlarged K also measures each photo's centre
// saved as JPEG q40 and enlarged K× (a zoomed screenshot: not a mosaic) as its own clean figure.
import { jpegRoundTrip } from '../src/image/raster.js';
import { evaluateDetector, listPhotos, loadPhoto, visibleSummary, type EvalCase, type EvalReport } from '../src/detect/evaluate.js';
import { DETECT_METHODS, findMosaicRegions, type DetectMethod, type FindMosaicOptions } from '../src/detect/find.js';
import { VerifyComparison } from './detect-compare.js';
import { boxesToMask } from '../src/image/mask.js';
import { MOSAIC_STYLES, pixelate, type MosaicStyle } from '../src/image/pixelate.js';
import type { BenchOptions } from './report.js';
import { FailureSheet } from './detect-sheet.js';
import path from 'node:path';

export async function run(o: BenchOptions): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const skip = Number(arg('--skip') ?? 0);
  // --dir A,B: the photos of several folders in one run (the evaluation photos and the pattern photos)
  const dirs = arg('--dir')?.split(',') ?? [undefined];
  const photos = dirs.flatMap((d) => listPhotos(d)).slice(skip, skip + Number(arg('--photos') ?? 1e9));
  const setOf = new Map(photos.map((f) => [path.basename(f), path.basename(path.dirname(f))]));
  if (!photos.length) throw new Error('no photos in .cache/photos: run bash scripts/fetch-photos.sh');
  const codec = arg('--codec') === 'h264' ? 'h264' : 'jpeg';
  const qualities = arg('--q')?.split(',').map(Number) ?? (codec === 'h264' ? [18, 23, 28] : [60, 75, 90]);
  const styles = arg('--styles')?.split(',') as MosaicStyle[] | undefined;
  if (styles?.some((s) => !MOSAIC_STYLES.includes(s))) throw new Error(`--styles: use ${MOSAIC_STYLES.join(', ')}`);
  const only = arg('--method') as DetectMethod | undefined;
  if (only && !DETECT_METHODS.includes(only)) throw new Error(`--method must be one of ${DETECT_METHODS.join(', ')}`);
  const methods = only ? [only] : DETECT_METHODS;
  // the second looks (detect/fine-pass.ts), on unless switched off; the frame times below use the same
  const looks = { finePass: !args.includes('--no-fine-pass'), coarseLook: !args.includes('--no-coarse-look') };
  const reports = new Map<string, EvalReport>();
  const sheet = arg('--sheet') ? new FailureSheet() : undefined;
  // --compare-verify: one run of the network, its masks before and after the geometry check (verify.ts)
  const compare = args.includes('--compare-verify') && only === 'learned' ? new VerifyComparison() : undefined;
  for (const method of methods) {
    const width = arg('--width') ?? '384';
    const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
    const r = await evaluateDetector({
      photos, width: width === 'native' || width === '1080p' ? width : Number(width), codec, qualities, styles, method, weights: arg('--weights'),
      blocks: arg('--blocks')?.split(',').map(Number), pairing: arg('--pairing') === 'cycle' ? 'cycle' : 'all',
      workingSize: num('--working-size'), scale: num('--scale'), threshold: num('--threshold'), minConfidence: num('--min-confidence'),
      precision: arg('--precision') as 'auto' | 'fp32' | 'bf16' | undefined, enlarged: num('--enlarged'), ...looks, verify: compare || args.includes('--no-verify') ? false : undefined,
      onRegionFeatures: compare?.onRegionFeatures,
      onDetection: async (image, found, truth, entry, visible) => {
        const shown = compare ? compare.afterCheck(found, truth, entry, visible) : { found, entry };
        await sheet?.add(image, shown.found, truth, shown.entry, setOf.get(entry.photo) === 'pattern-photos' ? 'pattern' : '');
      },
    });
    if (compare) { reports.set('no-check', r); reports.set('checked', compare.report(r)); } else reports.set(method, r);
    await sheet?.write(arg('--sheet')!);
  }
  const qName = codec === 'h264' ? 'H.264 crf' : 'JPEG q';
  if (o.json) {
    for (const [method, r] of reports) console.log(JSON.stringify({ method, codec, qualities, photos: photos.length, ...r }));
    return;
  }
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  // mean IoU and mean visible IoU of a group of mosaics ('-': no mosaic, or none with a visible cell)
  const meanIoU = (cs: EvalCase[]) => (cs.length ? (cs.reduce((s, c) => s + c.iou, 0) / cs.length).toFixed(3) : '-');
  const meanVisible = (cs: EvalCase[]) => visibleSummary(cs).meanVisibleIoU?.toFixed(3) ?? '-';
  const bothIoU = (cs: EvalCase[]) => `${meanIoU(cs)} / ${meanVisible(cs)}`;
  const invisible = (cs: EvalCase[]) => visibleSummary(cs).invisibleMosaics;
  const first = [...reports.values()][0]!;
  const grid = (g: { blockW: number; blockH: number; phaseX: number; phaseY: number } | null) => (g ? `${g.blockW}×${g.blockH}@${g.phaseX},${g.phaseY}` : '-');
  if (args.includes('--cases')) for (const [method, r] of reports) for (const c of r.cases) {
    console.log(`${method} ${c.photo} b${c.block} q${c.quality} ${c.style}: IoU ${c.iou.toFixed(3)} visible ${c.visibleIoU?.toFixed(3) ?? 'none'} (${pct(c.visibleCellShare)} of cells) grid ${grid(c.grid)} → ${grid(c.found)}${c.gridExact ? '' : '  WRONG'}`);
  }
  if (args.includes('--cases')) for (const [method, r] of reports) for (const c of r.clean) if (c.fpArea > 0.005) console.log(`${method} clean ${c.photo} q${c.quality}: ${pct(c.fpArea)}`);
  const names = [...reports.keys()];
  console.log(`mean IoU / visible IoU ${names.map((m) => m.padStart(15)).join(' ')}`);
  for (const b of [...new Set(first.cases.map((c) => c.block))]) for (const q of qualities) {
    console.log(`block ${String(b).padStart(2)} ${qName}${q}`.padEnd(22) + names.map((m) => bothIoU(reports.get(m)!.cases.filter((c) => c.block === b && c.quality === q)).padStart(15)).join(' '));
  }
  for (const [method, r] of reports) {
    const per = (key: 'style' | 'block') => [...new Set(r.cases.map((c) => c[key]))].map((v) => {
      const cs = r.cases.filter((c) => c[key] === v);
      return `${v} ${bothIoU(cs)}${invisible(cs) ? ` (${invisible(cs)} invisible)` : ''}`;
    }).join(', ');
    console.log(`${method} mean IoU / visible IoU per style: ${per('style')}`);
    console.log(`${method} mean IoU / visible IoU per cell size: ${per('block')}`);
    if (dirs.length > 1) for (const d of new Set(setOf.values())) {
      const cl = r.clean.filter((c) => setOf.get(c.photo) === d), cs = r.cases.filter((c) => setOf.get(c.photo) === d);
      console.log(`${method} ${d}: mean IoU ${meanIoU(cs)}, visible IoU ${meanVisible(cs)} (invisible mosaics: ${invisible(cs)}); clean photos flagged mean ${pct(cl.reduce((s, c) => s + c.fpArea, 0) / Math.max(1, cl.length))}, max ${pct(Math.max(0, ...cl.map((c) => c.fpArea)))}`);
    }
    if (r.enlarged.length) {
      const worstEnlarged = [...r.enlarged].sort((a, b) => b.fpArea - a.fpArea)[0]!;
      console.log(`${method} enlarged ×${arg('--enlarged')} from JPEG q40: flagged mean ${pct(r.enlarged.reduce((s, c) => s + c.fpArea, 0) / r.enlarged.length)}, max ${pct(worstEnlarged.fpArea)} (${worstEnlarged.photo})`);
    }
    const worst = [...r.cases].sort((a, b) => a.iou - b.iou).slice(0, 4);
    console.log(`${method} worst: ${worst.map((c) => `${c.photo} b${c.block} ${qName}${c.quality} ${c.style} ${c.iou.toFixed(3)}`).join('; ')}`);
    console.log(`${method}: ${photos.length} photos × ${r.cases.length / photos.length} mosaics: mean IoU ${r.meanIoU.toFixed(3)} (min ${r.minIoU.toFixed(3)}), visible IoU ${r.meanVisibleIoU?.toFixed(3) ?? '-'} (invisible mosaics: ${r.invisibleMosaics}); grid exact ${pct(r.gridExactRate)}; clean photos: false-positive area mean ${pct(r.meanFpArea)}, max ${pct(r.maxFpArea)}; ${r.detectMs.toFixed(0)} ms per detection`);
  }
  // Time per detection on video-sized frames (one photo, mosaic on a box, JPEG q85): the median of five.
  if (!args.includes('--no-frames')) for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    const photo = await loadPhoto(photos[0]!, w);
    const frame = { ...photo, height: Math.min(h, photo.height), data: photo.data.subarray(0, w * Math.min(h, photo.height) * photo.channels) };
    const box = boxesToMask(frame.width, frame.height, [{ x: w / 4, y: h / 4, w: w / 3, h: h / 3 }]);
    const image = await jpegRoundTrip(pixelate(frame, box, { block: 16 }).image, 85);
    const variants: [string, FindMosaicOptions][] = compare ? [['no-check', { method: 'learned', verify: false }], ['checked', { method: 'learned' }]]
      : methods.map((m) => [m, { method: m, verify: args.includes('--no-verify') ? false : undefined }]);
    const times = variants.map(([, v]) => {
      const sizing = { weights: arg('--weights'), ...looks,
        workingSize: arg('--working-size') ? Number(arg('--working-size')) : undefined, scale: arg('--scale') ? Number(arg('--scale')) : undefined,
        precision: arg('--precision') as 'auto' | 'fp32' | 'bf16' | undefined };
      findMosaicRegions(image, { ...v, ...sizing }); // warm-up (loads the weights once)
      const ms: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        findMosaicRegions(image, { ...v, ...sizing });
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[2]!; // the median of five
    });
    console.log(`${w}×${h} frame: ${variants.map(([m], i) => `${m} ${times[i]!.toFixed(0)} ms`).join(', ')}`);
  }
  if (reports.has('analytic') && reports.has('learned')) {
    const [l, a] = [reports.get('learned')!, reports.get('analytic')!];
    console.log(`learned / analytic: mean IoU ${l.meanIoU.toFixed(3)} / ${a.meanIoU.toFixed(3)}, visible IoU ${l.meanVisibleIoU?.toFixed(3) ?? '-'} / ${a.meanVisibleIoU?.toFixed(3) ?? '-'}, time per detection ${(l.detectMs / a.detectMs).toFixed(2)}×`);
  }
}
