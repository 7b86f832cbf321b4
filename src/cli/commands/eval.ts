// `tessera eval restore`: the mosaic restorer against the mosaic itself and bicubic interpolation of the
// cell means, on a folder of photos at their own sizes (src/restore/eval-folder.ts).
import type { Command } from 'commander';
import { MOSAIC_STYLES } from '../../mosaic/pixelate.js';
import { evaluateRestorerOnFolder } from '../../restore/eval-folder.js';
import { formatEvaluationTable } from '../../restore/eval-table.js';
import { ProgressBar } from '../progress.js';
import { blocksOption, jpegOption, stylesOption } from './eval-options.js';
import { intOption } from './options.js';

interface RestoreOpts { data: string; block: string; styles: string; jpeg: string; model?: string; limit?: string; seed: string; json?: boolean }

export function registerEval(program: Command): void {
  const evalCmd = program.command('eval').description('measure a shipped or trained model on evaluation photos');
  evalCmd.command('restore')
    .description('mosaic the photos deterministically, restore them, score inside the region: mosaic | bicubic | restorer')
    .requiredOption('--data <dir>', 'folder of photos (used at their own sizes; never the training photos)')
    .option('--block <A-B>', 'cell sizes in pixels: A-B (A, middle, B) or a list like 8,10,16', '8-16')
    .option('--styles <list>', `mosaic styles, comma-separated: ${MOSAIC_STYLES.join(', ')} (or all)`, 'mean')
    .option('--jpeg <q>', 'JPEG quality after the mosaic: none, or a list like 60,75,90,none', 'none')
    .option('--model <file>', 'restorer checkpoint (default assets/mosaic-restorer.safetensors)')
    .option('--limit <n>', 'use only the first N photos (by name)')
    .option('--seed <n>', 'seed of the boxes and grid phases', '0')
    .option('--json', 'print {"model","photos","cases","rows":[…]} instead of the table')
    .action(async (o: RestoreOpts) => {
      const blocks = blocksOption('--block', o.block);
      const styles = stylesOption('--styles', o.styles);
      const jpeg = jpegOption('--jpeg', o.jpeg);
      const bar = new ProgressBar('eval restore');
      const r = await evaluateRestorerOnFolder(o.data, {
        blocks, styles, jpeg, model: o.model,
        limit: o.limit === undefined ? undefined : intOption('--limit', o.limit, 1),
        seed: intOption('--seed', o.seed, 0),
        onCase: (done, total) => bar.update(done, total),
      });
      if (o.json) return console.log(JSON.stringify({ model: r.model, photos: r.photos.length, cases: r.cases.length, rows: r.rows }));
      console.log(`${r.model} on ${r.photos.length} photo(s) from ${o.data}, ${r.cases.length} case(s); scores inside the mosaic region (grad = gradient energy / the original's)`);
      console.log(formatEvaluationTable(r.rows));
    });
}
