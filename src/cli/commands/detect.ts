import type { Command } from 'commander';
import { readRaster, writeRaster } from '../../image/raster.js';
import { detectMosaic } from '../../mosaic/detect.js';

export function registerDetect(program: Command): void {
  program.command('detect')
    .description('find mosaic (pixelated) regions in an image: block size, grid phase, mask')
    .argument('<in>', 'image (.png .jpg .jpeg .webp)')
    .option('-o, --output <mask>', 'write the found mask (white = mosaic) to this image file')
    .option('--json', 'print {"regions":[{"x","y","w","h","block"}],"maskArea"} in pixels')
    .action(async (input: string, o: { output?: string; json?: boolean }) => {
      const image = await readRaster(input);
      const r = detectMosaic(image);
      if (o.output) {
        await writeRaster(o.output, { data: r.mask.data, width: r.mask.width, height: r.mask.height, channels: 1 });
      }
      if (o.json) return console.log(JSON.stringify({ regions: r.regions, maskArea: r.maskArea }));
      if (!r.regions.length) return console.log(`${input}: no mosaic found`);
      for (const g of r.regions) {
        console.log(`${input}: mosaic at ${g.x},${g.y} ${g.w}×${g.h}, block ${g.block}${g.blockH !== g.block ? `×${g.blockH}` : ''}, phase ${g.phaseX},${g.phaseY}`);
      }
      console.log(`${input}: ${r.maskArea} px (${((100 * r.maskArea) / (image.width * image.height)).toFixed(1)}%)`);
    });
}
