import type { Command } from 'commander';
import path from 'node:path';
import { DETECT_CALL_OPTIONS, DETECT_CODEC_OPTIONS, findMosaicRegions, type DetectCodec, type DetectMethod } from '../../detect/index.js';
import { readRaster, writeRaster } from '../../image/raster.js';
import { ProgressBar } from '../progress.js';
import { checkOutputFree } from '../../io/atomic.js';
import { between, option, overwriteOption } from '../options.js';
import { addSchemaOptions } from '../schema-options.js';

interface Opts { output?: string; json?: boolean; method: DetectMethod; weights?: string; threshold?: number; codec: DetectCodec; overwrite?: boolean }

export const DETECT_BAR_AFTER_MS = 1000;

/** The one --method of the commands that find mosaics (detect; restore where no --region is given). */
export const detectMethodOption = (cmd: Command): Command => addSchemaOptions(cmd, DETECT_CALL_OPTIONS);

/** The one --codec of the commands that find mosaics in images; `note`: what holds for one command only. */
export const detectCodecOption = (cmd: Command, note?: string): Command =>
  addSchemaOptions(cmd, note ? DETECT_CODEC_OPTIONS.map((spec) => ({ ...spec, help: `${spec.help}; ${note}` })) : DETECT_CODEC_OPTIONS);

export function registerDetect(program: Command): void {
  const cmd = program.command('detect')
    .description('find mosaic (pixelated) regions in an image: mask, cell size, grid phase')
    .argument('<in>', 'image (.png .jpg .jpeg .webp)')
    .option('-o, --output <mask>', 'write the found mask (white = mosaic) to this image file')
    .option('--json', 'print {"regions":[{"x","y","w","h","block"}],"maskArea"} in pixels');
  detectMethodOption(cmd);
  cmd.option('--weights <file>', 'learned: detector weights other than assets/mosaic-detector.safetensors');
  detectCodecOption(cmd);
  option(cmd, '--threshold <p>', 'learned: probability from which a pixel is mosaic (default 0.6)', between(0, 1));
  overwriteOption(cmd);
  cmd.action(async (input: string, o: Opts) => {
    if (o.output && path.resolve(o.output) === path.resolve(input)) throw new Error(`${o.output}: the mask would overwrite the input`);
    if (o.output) checkOutputFree(o.output, o.overwrite);
    const image = await readRaster(input, input, { animated: 'first-frame' });
    // a bar on a terminal only when detection runs past a second (a 2560-px image at scale 1: seconds)
    const bar = new ProgressBar(`detect ${path.basename(input)}`, { afterMs: DETECT_BAR_AFTER_MS });
    const r = findMosaicRegions(image, { method: o.method, codec: o.codec, weights: o.weights, threshold: o.threshold, onProgress: (d, t) => bar.update(d, t) });
    bar.done();
    if (o.output) await writeRaster(o.output, { data: r.mask.data, width: r.mask.width, height: r.mask.height, channels: 1 });
    if (o.json) return console.log(JSON.stringify({ regions: r.regions, maskArea: r.maskArea }));
    if (!r.regions.length) return console.log(`${input}: no mosaic found`);
    for (const g of r.regions) {
      const cell = g.block ? `block ${g.block}${g.blockH !== g.block ? `×${g.blockH}` : ''}, phase ${g.phaseX},${g.phaseY}` : 'block not measurable';
      console.log(`${input}: mosaic at ${g.x},${g.y} ${g.w}×${g.h}, ${cell}`);
    }
    console.log(`${input}: ${r.maskArea} px (${((100 * r.maskArea) / (image.width * image.height)).toFixed(1)}%)`);
  });
}
