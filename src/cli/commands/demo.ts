// `tessera demo`: censor → detect → restore on the bundled sample photos (src/restore/demo.ts), then
// the table and where the files are.
import type { Command } from 'commander';
import path from 'node:path';
import { demoScoresText, runDemo } from '../../restore/demo.js';
import { createClassifierSafetyChecker } from '../../safety/classifier.js';
import { ProgressBar } from '../progress.js';
import { int, option, overwriteOption } from '../options.js';
import { detailListOption, restorerModelOption, styleOption } from './restore-options.js';
import type { CellStyle } from '../../restore/consistency.js';

interface Opts { output: string; model?: string; frames: number; json?: boolean; brisque: boolean; detail?: number[]; style: CellStyle; overwrite?: boolean }

const rel = (f: string) => { const r = path.relative(process.cwd(), f); return r.startsWith('..') ? f : r; };

export function registerDemo(program: Command): void {
  const cmd = program.command('demo')
    .description('put mosaics on sample photos, find them, take them off: a comparison grid PNG, a side-by-side MP4 and the scores')
    .option('-o, --output <dir>', 'folder for the files', 'tessera-demo');
  restorerModelOption(cmd);
  option(cmd, '--frames <n>', 'frames of the pan clip (24 fps)', int(1, 2400), 60);
  detailListOption(cmd); // one restored column each; a pair file shows 0 and 1 by default
  styleOption(cmd);
  overwriteOption(cmd);
  cmd.option('--no-brisque', 'skip BRISQUE (no-reference quality of each region, lower is better; needs opencv-data)')
    .option('--json', 'print the result as JSON')
    .action(async (o: Opts) => {
      const bar = new ProgressBar('demo');
      const r = await runDemo({
        outDir: o.output, overwrite: o.overwrite, modelFile: o.model, videoFrames: o.frames, brisque: o.brisque, details: o.detail, style: o.style, safety: await createClassifierSafetyChecker(),
        onStep: (_, d, t) => bar.update(d, t),
      });
      bar.done();
      if (o.json) return console.log(JSON.stringify(r));
      for (const c of r.cases) {
        const restored = c.regions.filter((g) => g.status === 'restored');
        const found = c.usedGivenRegion ? 'the detector found no mosaic: restored the censored box'
          : restored.map((g) => `found ${g.w}×${g.h} at ${g.x},${g.y}, ${g.grid!.blockW} px cells`).join('; ');
        const left = c.regions.filter((g) => g.status === 'left').map((g) => `; ${g.x},${g.y} ${g.w}×${g.h} left (${g.reason})`).join('');
        console.log(`${path.basename(c.photo)}: mosaic of ${c.block} px cells on ${c.box.w}×${c.box.h} at ${c.box.x},${c.box.y}; ${found}${left}`);
      }
      process.stdout.write(`\n${demoScoresText(r.rows, o.brisque)}`);
      const columns = r.cases[0]!.columns.length > 1 ? r.cases[0]!.columns.map((k) => `α = ${k.detail}`).join(' | ') : 'restored';
      console.log(`\ngrid:  ${rel(r.grid)}  (original | mosaic | bicubic | ${columns})`);
      console.log(`video: ${rel(r.video)}  (${r.videoFrames} frames: mosaic | restored, each frame restored in the region)`);
      console.log(`table: ${rel(r.table)}`);
      console.log(`done in ${r.seconds.toFixed(1)} s`);
    });
}
