import type { Command } from 'commander';
import { censorPath } from '../../censor/files.js';
import { MOSAIC_STYLES, type MosaicStyle } from '../../image/pixelate.js';
import { parseRegion } from '../../censor/regions.js';
import '../../censor/learned-regions.js';
import { progressLine } from '../progress-line.js';
import { intOption } from './options.js';

interface Opts {
  output: string; region: string[]; block: string; style: string; feather: string; seed: string;
  phase: string; quality: string; json?: boolean; crf?: string; preset?: string; detectEvery: string;
}

export function registerCensor(program: Command): void {
  program.command('censor')
    .description('put a mosaic on regions of an image, a video or a folder of them (mirrored into OUT)')
    .argument('<in>', 'image (.png .jpg .jpeg .webp), video, or folder')
    .requiredOption('-o, --output <out>', 'output file or folder (never the input)')
    .option('-r, --region <spec>', 'box:x,y,w,h | mask:FILE | faces | cam:CLASS (repeatable)', (v, a: string[]) => [...a, v], [])
    .option('--block <n>', 'cell size in pixels, or auto = max(4, round(min(w,h)/12)) per region', 'auto')
    .option('--style <style>', `cell look: ${MOSAIC_STYLES.join(' | ')}`, 'mean')
    .option('--feather <n>', 'soft blend over N pixels inside the region edge', '0')
    .option('--phase <p>', 'grid origin: box (at the region) | random', 'box')
    .option('--seed <n>', 'seed for random style and phase', '0')
    .option('--quality <q>', 'JPEG/WebP output quality', '92')
    .option('--crf <n>', 'video: constant rate factor (x264 default 18, VP9 32)')
    .option('--preset <p>', 'video: x264 preset (default veryfast)')
    .option('--detect-every <n>', 'video: run faces/cam finders on every Nth frame, boxes tracked between', '1')
    .option('--json', 'print the regions used as JSON')
    .action(async (input: string, o: Opts) => {
      if (!o.region.length) throw new Error('give at least one --region (e.g. --region box:10,10,100,80)');
      if (!MOSAIC_STYLES.includes(o.style as MosaicStyle)) throw new Error(`--style must be one of ${MOSAIC_STYLES.join(', ')}`);
      if (o.phase !== 'box' && o.phase !== 'random') throw new Error('--phase must be box or random');
      const finders = o.region.map(parseRegion);
      const progress = progressLine('censor');
      const files = await censorPath(input, o.output, {
        finders,
        block: o.block === 'auto' ? 'auto' : intOption('--block', o.block, 1),
        style: o.style as MosaicStyle,
        feather: intOption('--feather', o.feather, 0),
        phase: o.phase,
        seed: intOption('--seed', o.seed, 0),
        quality: intOption('--quality', o.quality, 1, 100),
        onProgress: (d, t) => progress(d, t),
        crf: o.crf === undefined ? undefined : intOption('--crf', o.crf, 0, 63),
        preset: o.preset,
        detectEvery: intOption('--detect-every', o.detectEvery, 1),
      });
      progress.done();
      if (o.json) {
        const strip = (f: (typeof files)[number]) => ({ input: f.input, output: f.output, regions: f.regions, ...(f.tracks ? { tracks: f.tracks } : {}) });
        console.log(JSON.stringify(files.length === 1 ? strip(files[0]!) : { files: files.map(strip) }));
      } else {
        for (const f of files) console.log(`${f.output}: ${f.regions.length} region(s)${f.tracks?.length ? `, ${f.tracks.length} track(s)` : ''}`);
      }
    });
}
