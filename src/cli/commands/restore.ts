import type { Command } from 'commander';
import path from 'node:path';
import { parseRegion } from '../../inputs/regions.js';
import type { DetectCodec, DetectMethod } from '../../detect/find.js';
import { safetyThresholdFromEnv } from '../../safety/classifier.js';
import { bicubicRestorer, DEFAULT_DETECT_EVERY, describeLeft, loadRestorerFor, restorePaths, RESTORE_RUNTIMES, type RegionRestorer, type RestoredFile, type RestoreRuntime } from '../../restore/index.js';
import { ProgressBar, videoBars } from '../progress.js';
import { choice, int, option, optionError, overwriteOption } from '../options.js';
import { DETECT_BAR_AFTER_MS, detectCodecOption, detectMethodOption } from './detect.js';
import { encodingOptions } from './output-options.js';
import { detailOption, restorerModelOption, styleOption } from './restore-options.js';
import type { CellStyle } from '../../restore/consistency.js';

interface Opts {
  output: string; region: string[]; model?: string; method: DetectMethod; codec: DetectCodec; quality: number; json?: boolean;
  detectEvery: number; crf?: number; preset?: string; temporal: boolean; runtime: RestoreRuntime; detail?: number; style: CellStyle; allowEmpty?: boolean; overwrite?: boolean;
}

const describe = (f: RestoredFile) => {
  const restored = f.regions.filter((r) => r.status === 'restored').length, left = f.regions.length - restored;
  const tracks = f.tracks ? ` (${f.tracks.length} track(s) over frames ${Math.min(...f.tracks.map((t) => t.firstFrame))}–${Math.max(...f.tracks.map((t) => t.lastFrame))})` : '';
  return `${f.output}: ${restored} region(s) restored${left ? `, ${left} left` : ''}${tracks}`;
};

/** Faces and class maps find things to hide, not mosaics to take off: restore takes box: and mask: only. */
function restoreRegion(flag: string, text: string, all: string[]): string[] {
  if (!/^(box|mask):/.test(text)) throw optionError(flag, 'box:x,y,w,h or mask:FILE', text, "'");
  return [...all, text];
}

export function registerRestore(program: Command): void {
  const cmd = program.command('restore')
    .description('take mosaics off images and videos (files or folders, mirrored into OUT); refuses explicit images, never un-hides faces')
    .argument('<in...>', 'images (.png .jpg .jpeg .webp), videos (.mp4 .mkv .mov .avi .webm .m4v) or folders')
    .requiredOption('-o, --output <out>', 'output file, or folder (several inputs, folders); never an input')
    .option('-r, --region <spec>', 'box:x,y,w,h | mask:FILE (repeatable); default: the mosaic detector finds them',
      (v: string, a: string[]) => restoreRegion('--region', v, a), []);
  restorerModelOption(cmd);
  option(cmd, '--runtime <name>', `${RESTORE_RUNTIMES.join(' | ')}: the restorer's network in libtorch, or exported in memory and run in onnxruntime-node (the pipeline around it is the same); auto times both on a 256² pass and keeps the faster, once per model file and machine (the choice is remembered in the cache folder: TESSERA_CACHE_DIR, else ~/.cache/tessera)`, choice(RESTORE_RUNTIMES), 'auto');
  detailOption(cmd);
  styleOption(cmd);
  detectMethodOption(cmd);
  detectCodecOption(cmd, 'video inputs are always h264');
  encodingOptions(cmd);
  option(cmd, '--detect-every <n>', 'video: detect regions (and run the safety checks) every Nth frame, tracked between', int(1), DEFAULT_DETECT_EVERY);
  cmd.option('--allow-empty', 'write files in which nothing was restored, unchanged (default: refuse them, write nothing)');
  overwriteOption(cmd);
  cmd.option('--no-temporal', 'video: restore every frame on its own (no blend with the previous frame along the motion)');
  cmd.option('--json', 'print per file which regions were restored or left alone, and why')
    .action(async (inputs: string[], o: Opts) => {
      const regions = o.region.map(parseRegion);
      safetyThresholdFromEnv(); // a bad TESSERA_SAFETY_THRESHOLD fails before anything loads
      if (o.model === 'bicubic' && o.runtime === 'onnx') throw new Error('--model bicubic runs no network: leave out --runtime');
      if (o.model === 'bicubic' && o.detail !== undefined) throw new Error('--model bicubic has no detail dial: leave out --detail');
      const call = { detail: o.detail, style: o.style };
      // loaded by restorePaths once the videos' safety worker is started, beside it; before any image is read
      const restorer = o.model === 'bicubic' ? bicubicRestorer
        : async (): Promise<RegionRestorer> => (await loadRestorerFor(o.runtime, o.model, call)).restorer;
      const bar = new ProgressBar('restore'), videos = videoBars('restore');
      let detectBar: ProgressBar | undefined;
      const files = await restorePaths(inputs, o.output, {
        regions: regions.length ? regions : undefined,
        // no checker of our own: images take the bundled one (loaded on the first image), videos run it on
        // the safety worker, beside the restoring (a checker given here would run on this thread)
        restorer, codec: o.codec, quality: o.quality, ...call,
        detect: { method: o.method },
        detectEvery: o.detectEvery, crf: o.crf, preset: o.preset, temporal: o.temporal, allowEmpty: o.allowEmpty, overwrite: o.overwrite,
        onFrame: videos.onFrame,
        onProgress: (d, t) => { videos.done(); bar.update(d, t); },
        // an image's detection gets its own line when it runs past a second (detect's bar)
        onDetectProgress: (d, t, file) => {
          if (d === 0) detectBar = new ProgressBar(`detect ${path.basename(file)}`, { afterMs: DETECT_BAR_AFTER_MS });
          detectBar?.update(d, t);
          if (d === t) detectBar?.done();
        },
      });
      videos.done();
      bar.done();
      // regions left alone are said on stderr whatever the output mode: a left region is not what was asked
      for (const f of files) for (const r of f.regions) if (r.status === 'left') console.error(`${f.output}: region ${describeLeft(r)}`);
      if (o.json) console.log(JSON.stringify({ files }));
      else for (const f of files) console.log(describe(f));
    });
}
