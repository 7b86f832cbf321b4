import fs from 'node:fs';
import type { Command } from 'commander';
import { CENSOR_CELL_OPTIONS } from '../../censor/censor.js';
import { censorPath, type CensoredFile } from '../../censor/files.js';
import { DEFAULT_DETECT_EVERY } from '../../censor/video.js';
import { parseRegion } from '../../inputs/regions.js';
import '../../censor/learned-regions.js';
import type { MosaicStyle } from '../../image/pixelate.js';
import { FilesFailed } from '../../util/failures.js';
import { ProgressBar, videoBars } from '../progress.js';
import { choice, int, option, overwriteOption } from '../options.js';
import { addSchemaOptions } from '../schema-options.js';
import { encodingOptions } from './output-options.js';

interface Opts {
  output: string; region: string[]; block: number | 'auto'; style: MosaicStyle; feather: number; seed: number;
  phase: 'box' | 'random'; quality: number; json?: boolean; allowEmpty?: boolean; crf?: number; preset?: string; detectEvery: number; overwrite?: boolean;
}

export function registerCensor(program: Command): void {
  const cmd = program.command('censor')
    .description('put a mosaic on regions of an image, a video or a folder of them (mirrored into OUT)')
    .argument('<in>', 'image (.png .jpg .jpeg .webp), video, or folder')
    .requiredOption('-o, --output <out>', 'output file or folder (never the input)')
    .option('-r, --region <spec>', 'box:x,y,w,h | mask:FILE | faces | cam:CLASS (repeatable)', (v, a: string[]) => [...a, v], []);
  addSchemaOptions(cmd, CENSOR_CELL_OPTIONS);
  option(cmd, '--feather <n>', 'soft blend over N pixels inside the region edge', int(0), 0);
  option(cmd, '--phase <p>', 'grid origin: box (at the region) | random', choice(['box', 'random'] as const), 'box');
  option(cmd, '--seed <n>', 'seed for random style and phase', int(0), 0);
  encodingOptions(cmd);
  option(cmd, '--detect-every <n>', 'video: run faces/cam finders on every Nth frame, boxes tracked between', int(1), DEFAULT_DETECT_EVERY);
  cmd.option('--allow-empty', 'write files in which the regions found nothing, unchanged (default: refuse them, write nothing)');
  overwriteOption(cmd);
  cmd.option('--json', 'print the regions used as JSON')
    .action(async (input: string, o: Opts) => {
      if (!o.region.length) throw new Error('give at least one --region (e.g. --region box:10,10,100,80)');
      const bar = new ProgressBar('censor'), videos = videoBars('censor');
      const folder = fs.statSync(input, { throwIfNoEntry: false })?.isDirectory() ?? false;
      const print = (files: CensoredFile[]) => {
        if (o.json) {
          const strip = (f: CensoredFile) => ({ input: f.input, output: f.output, regions: f.regions, ...(f.tracks ? { tracks: f.tracks } : {}) });
          console.log(JSON.stringify(!folder && files.length === 1 ? strip(files[0]!) : { files: files.map(strip) }));
        } else {
          for (const f of files) console.log(`${f.output}: ${f.regions.length} region(s)${f.tracks?.length ? `, ${f.tracks.length} track(s)` : ''}`);
        }
      };
      try {
        print(await censorPath(input, o.output, {
          finders: o.region.map(parseRegion), block: o.block, style: o.style, feather: o.feather, phase: o.phase, seed: o.seed,
          quality: o.quality, crf: o.crf, preset: o.preset, detectEvery: o.detectEvery, allowEmpty: o.allowEmpty, overwrite: o.overwrite,
          onFrame: videos.onFrame,
          onProgress: (d, t) => { videos.done(); bar.update(d, t); },
        }));
      } catch (e) {
        // a folder with failures: what was written is still reported; main.ts names each failure
        if (e instanceof FilesFailed) print(e.done as CensoredFile[]);
        throw e;
      } finally {
        videos.done();
        bar.done();
      }
    });
}
