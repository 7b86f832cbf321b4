import type { Command } from 'commander';
import { DETECT_METHODS, type DetectMethod } from '../../mosaic/find.js';
import { parseRegion } from '../../mosaic/regions.js';
import { createClassifierSafetyChecker } from '../../mosaic/learned/safety.js';
import { bicubicRestorer, Restorer, restorePaths, type RegionRestorer, type RestoredFile } from '../../restore/index.js';
import { progressLine } from '../progress-line.js';
import { intOption } from './options.js';

interface Opts { output: string; region: string[]; model?: string; method: string; codec: string; quality: string; json?: boolean }

const describe = (f: RestoredFile) => {
  const restored = f.regions.filter((r) => r.status === 'restored').length;
  const left = f.regions.filter((r) => r.status === 'left').map((r) => `${r.x},${r.y} ${r.w}×${r.h} left (${r.reason})`);
  return `${f.output}: ${restored} region(s) restored${left.length ? `; ${left.join('; ')}` : ''}`;
};

export function registerRestore(program: Command): void {
  program.command('restore')
    .description('take mosaics off images (files or folders, mirrored into OUT); refuses explicit images, never un-hides faces')
    .argument('<in...>', 'images (.png .jpg .jpeg .webp) or folders')
    .requiredOption('-o, --output <out>', 'output file, or folder (several inputs, folders); never an input')
    .option('-r, --region <spec>', 'box:x,y,w,h | mask:FILE (repeatable); default: the mosaic detector finds them', (v, a: string[]) => [...a, v], [])
    .option('--model <file>', 'restorer weights, or "bicubic" for the baseline (default assets/mosaic-restorer.safetensors)')
    .option('--method <m>', `detection when no --region: ${DETECT_METHODS.join(' | ')}`, 'learned')
    .option('--codec <c>', 'what the images went through: jpeg (also for PNG/WebP) | h264 (video frames)', 'jpeg')
    .option('--quality <q>', 'JPEG/WebP output quality', '92')
    .option('--json', 'print per file which regions were restored or left alone, and why')
    .action(async (inputs: string[], o: Opts) => {
      if (!DETECT_METHODS.includes(o.method as DetectMethod)) throw new Error(`--method must be one of ${DETECT_METHODS.join(', ')}, got "${o.method}"`);
      if (o.codec !== 'jpeg' && o.codec !== 'h264') throw new Error(`--codec must be jpeg or h264, got "${o.codec}"`);
      // Faces and class maps find things to hide, not mosaics to take off.
      for (const spec of o.region) if (!/^(box|mask):/.test(spec)) throw new Error(`--region ${spec}: restore takes box:x,y,w,h or mask:FILE`);
      const regions = o.region.map(parseRegion);
      const quality = intOption('--quality', o.quality, 1, 100);
      // The model loads first: a wrong file fails before any image is read.
      const restorer: RegionRestorer = o.model === 'bicubic' ? bicubicRestorer : Restorer.load(o.model);
      const safety = await createClassifierSafetyChecker();
      const progress = progressLine('restore');
      const files = await restorePaths(inputs, o.output, {
        regions: regions.length ? regions : undefined,
        restorer, safety, codec: o.codec, quality,
        detect: { method: o.method as DetectMethod },
        onProgress: (d, t) => progress(d, t),
      });
      progress.done();
      if (o.json) console.log(JSON.stringify({ files }));
      else for (const f of files) console.log(describe(f));
    });
}
