// How flat is a mosaic cell after JPEG, and how flat are a photo's own cells? The projection's FLAT_TOLERANCE
// (src/restore/consistency.ts) comes from this, measured on the TRAINING photos (.cache/train-photos), never
// the evaluation ones. Spread = mean |pixel − cell mean| over a cell, the widest channel, in grey levels.
// Run: node scripts/flat-cells.mjs [PHOTOS] [LIMIT]   (after npx tsc)
import path from 'node:path';
import { listImages } from '../dist/src/data/folders.js';
import { loadPhoto } from '../dist/src/detect/evaluate.js';
import { boxesToMask } from '../dist/src/image/mask.js';
import { pixelate } from '../dist/src/image/pixelate.js';
import { jpegRoundTrip } from '../dist/src/image/raster.js';

const dir = process.argv[2] ?? '.cache/train-photos', limit = Number(process.argv[3] ?? 12);
const photos = listImages(dir, limit);
const spreads = { mosaic: {}, natural: [] };
function cellSpreads(img, block, px, py, out) {
  const { width: W, height: H, channels: C, data } = img;
  for (let y0 = py; y0 + block <= H; y0 += block) for (let x0 = px; x0 + block <= W; x0 += block) {
    let worst = 0;
    for (let k = 0; k < 3; k++) {
      let s = 0, d = 0;
      for (let y = y0; y < y0 + block; y++) for (let x = x0; x < x0 + block; x++) s += data[(y * W + x) * C + k];
      const m = s / (block * block);
      for (let y = y0; y < y0 + block; y++) for (let x = x0; x < x0 + block; x++) d += Math.abs(data[(y * W + x) * C + k] - m);
      worst = Math.max(worst, d / (block * block));
    }
    out.push(worst);
  }
}
for (const [i, file] of photos.entries()) {
  const img = await loadPhoto(file, 640);
  const mask = boxesToMask(img.width, img.height, [{ x: 0, y: 0, w: img.width, h: img.height }]);
  for (const block of [8, 12, 16]) {
    const px = (i * 3 + block) % block, py = (i * 5 + block) % block;
    cellSpreads(img, block, px, py, spreads.natural);
    const mosaic = pixelate(img, mask, { block, phase: [px, py] }).image;
    for (const q of [90, 75, 50]) {
      const j = await jpegRoundTrip(mosaic, q);
      cellSpreads(j, block, px, py, (spreads.mosaic[q] ??= []));
    }
    const circle = pixelate(img, mask, { block, phase: [px, py], style: 'circle' }).image;
    cellSpreads(circle, block, px, py, (spreads.circle ??= []));
    cellSpreads(await jpegRoundTrip(circle, 75), block, px, py, (spreads.circle75 ??= []));
  }
}
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2); };
const share = (a, t) => (a.filter((v) => v <= t).length / a.length * 100).toFixed(1);
console.log(`${photos.length} photos of ${path.resolve(dir)} at 640 px, cells 8/12/16`);
for (const [q, a] of Object.entries(spreads.mosaic)) console.log(`mosaic JPEG ${q}: ${a.length} cells, spread p50 ${pct(a, 0.5)}, p90 ${pct(a, 0.9)}, p99 ${pct(a, 0.99)}, p99.9 ${pct(a, 0.999)}`);
const n = spreads.natural;
for (const k of ['circle', 'circle75']) console.log(`${k} cells: p1 ${pct(spreads[k], 0.01)}, p5 ${pct(spreads[k], 0.05)}, p10 ${pct(spreads[k], 0.1)}, p50 ${pct(spreads[k], 0.5)}`);
console.log(`natural cells: ${n.length}, spread p1 ${pct(n, 0.01)}, p5 ${pct(n, 0.05)}, p10 ${pct(n, 0.1)}, p50 ${pct(n, 0.5)}`);
for (const t of [1, 1.5, 2, 3, 4, 6, 8]) console.log(`tolerance ${t}: mosaic cells within: ${Object.entries(spreads.mosaic).map(([q, a]) => `q${q} ${share(a, t)}%`).join(', ')}; circle ${share(spreads.circle, t)}%, circle q75 ${share(spreads.circle75, t)}%; natural cells within: ${share(n, t)}%`);
