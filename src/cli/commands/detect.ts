import type { Command } from 'commander';
import path from 'node:path';
import { readRaster, writeRaster } from '../../image/raster.js';
import { DETECT_METHODS, findMosaicRegions, type DetectMethod } from '../../detect/find.js';

export function registerDetect(program: Command): void {
  program.command('detect')
    .description('find mosaic (pixelated) regions in an image: mask, cell size, grid phase')
    .argument('<in>', 'image (.png .jpg .jpeg .webp)')
    .option('-o, --output <mask>', 'write the found mask (white = mosaic) to this image file')
    .option('--json', 'print {"regions":[{"x","y","w","h","block"}],"maskArea"} in pixels')
    .option('--method <m>', 'learned (the shipped network, or --weights) | analytic (grid lines only, no model)', 'learned')
    .option('--weights <file>', 'learned: detector weights other than assets/mosaic-detector.safetensors')
    .option('--codec <c>', 'what the image went through: jpeg (also for PNG/WebP) | h264 (a video frame); its block lattice is discounted', 'jpeg')
    .option('--threshold <p>', 'learned: probability from which a pixel is mosaic (default 0.6)')
    .action(async (input: string, o: { output?: string; json?: boolean; method: string; weights?: string; threshold?: string; codec: string }) => {
      if (!DETECT_METHODS.includes(o.method as DetectMethod)) throw new Error(`--method must be one of ${DETECT_METHODS.join(', ')}, got "${o.method}"`);
      if (!['jpeg', 'h264'].includes(o.codec)) throw new Error(`--codec must be jpeg or h264, got "${o.codec}"`);
      const threshold = o.threshold === undefined ? undefined : Number(o.threshold);
      if (threshold !== undefined && !(threshold > 0 && threshold < 1)) throw new Error(`--threshold must be between 0 and 1, got "${o.threshold}"`);
      if (o.output && path.resolve(o.output) === path.resolve(input)) throw new Error(`${o.output}: the mask would overwrite the input`);
      const image = await readRaster(input);
      const r = findMosaicRegions(image, { method: o.method as DetectMethod, codec: o.codec === 'h264' ? 'h264' : 'jpeg', weights: o.weights, threshold });
      if (o.output) {
        await writeRaster(o.output, { data: r.mask.data, width: r.mask.width, height: r.mask.height, channels: 1 });
      }
      if (o.json) return console.log(JSON.stringify({ regions: r.regions, maskArea: r.maskArea }));
      if (!r.regions.length) return console.log(`${input}: no mosaic found`);
      for (const g of r.regions) {
        const cell = g.block ? `block ${g.block}${g.blockH !== g.block ? `×${g.blockH}` : ''}, phase ${g.phaseX},${g.phaseY}` : 'block not measurable';
        console.log(`${input}: mosaic at ${g.x},${g.y} ${g.w}×${g.h}, ${cell}`);
      }
      console.log(`${input}: ${r.maskArea} px (${((100 * r.maskArea) / (image.width * image.height)).toFixed(1)}%)`);
    });
}
