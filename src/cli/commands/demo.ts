// `tessera demo`: censor → detect → restore on the bundled sample photos (src/restore/demo.ts), then
// the table and where the files are.
import type { Command } from 'commander';
import path from 'node:path';
import { runDemo } from '../../restore/demo.js';
import { formatEvaluationTable } from '../../restore/eval-table.js';
import { progressLine } from '../progress-line.js';
import { intOption } from './options.js';

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('put mosaics on sample photos, find them, take them off: a comparison grid PNG, a side-by-side MP4 and the scores')
    .option('-o, --output <dir>', 'folder for the files', 'tessera-demo')
    .option('--model <file>', 'restorer checkpoint (default assets/mosaic-restorer.safetensors)')
    .option('--frames <n>', 'frames of the pan clip (24 fps)', '60')
    .option('--json', 'print the result as JSON')
    .action(async (o: { output: string; model?: string; frames: string; json?: boolean }) => {
      const progress = progressLine('demo');
      const r = await runDemo({ outDir: o.output, modelFile: o.model, videoFrames: intOption('--frames', o.frames, 1, 2400), onStep: (_, d, t) => progress(d, t) });
      progress.done();
      if (o.json) return console.log(JSON.stringify(r));
      const rel = (f: string) => { const r = path.relative(process.cwd(), f); return r.startsWith('..') ? f : r; };
      for (const c of r.cases) {
        const found = c.usedGivenRegion ? 'the detector found no mosaic: restored the censored box'
          : c.detected.map((d) => `found ${d.box.w}×${d.box.h} at ${d.box.x},${d.box.y}, ${d.grid.blockW} px cells`).join('; ');
        console.log(`${path.basename(c.photo)}: mosaic of ${c.block} px cells on ${c.box.w}×${c.box.h} at ${c.box.x},${c.box.y}; ${found}`);
      }
      console.log('\nscores inside the censored region (grad = gradient energy / the original\'s):');
      console.log(formatEvaluationTable(r.rows, { label: 'photo' }));
      console.log(`\ngrid:  ${rel(r.grid)}  (original | mosaic | bicubic | restored)`);
      console.log(`video: ${rel(r.video)}  (${r.videoFrames} frames: mosaic | restored, each frame restored in the given region)`);
      console.log(`done in ${r.seconds.toFixed(1)} s`);
    });
}
