// `tessera eval restore`: the mosaic restorer against the mosaic itself and bicubic interpolation of the
// cell means, on a folder of photos at their own sizes (src/restore/eval-folder.ts).
import type { Command } from 'commander';
import { MOSAIC_STYLES, type MosaicStyle } from '../../image/pixelate.js';
import { evaluateRestorerOnFolder } from '../../restore/eval-folder.js';
import { formatEvaluationTable, secondsPerRegion } from '../../restore/eval-table.js';
import { PEERS, type PeerName } from '../../restore/peers/names.js';
import { ProgressBar } from '../progress.js';
import { choice, int, option } from '../options.js';
import { cellSizes, jpegList, styleList } from './eval-options.js';
import { detailListOption, restorerModelOption, styleListOption } from './restore-options.js';
import type { CellStyle } from '../../restore/consistency.js';

interface RestoreOpts {
  data: string; block: number[]; styles: MosaicStyle[]; jpeg: (number | null)[]; model?: string; limit?: number; seed: number; peer?: PeerName; json?: boolean; brisque: boolean;
  detail?: number[]; style: CellStyle[];
}

export function registerEval(program: Command): void {
  const evalCmd = program.command('eval').description('measure a shipped or trained model on evaluation photos');
  const cmd = evalCmd.command('restore')
    .description('mosaic the photos deterministically, restore them, score inside the region: mosaic | bicubic | restorer')
    .requiredOption('--data <dir>', 'folder of photos (used at their own sizes; never the training photos)');
  option(cmd, '--block <A-B>', 'cell sizes in pixels: A-B (A, middle, B) or a list like 8,10,16', cellSizes(), [8, 12, 16]);
  option(cmd, '--styles <list>', `mosaic styles, comma-separated: ${MOSAIC_STYLES.join(', ')} (or all)`, styleList, ['mean']);
  option(cmd, '--jpeg <q>', 'JPEG quality after the mosaic: none, or a list like 60,75,90,none', jpegList, [null]);
  restorerModelOption(cmd);
  detailListOption(cmd);
  styleListOption(cmd);
  option(cmd, '--limit <n>', 'use only the first N photos (by name)', int(1));
  option(cmd, '--seed <n>', 'seed of the boxes and grid phases', int(0), 0);
  cmd.option('--no-brisque', 'skip BRISQUE (no-reference quality of each candidate\'s box, lower is better; needs opencv-data)');
  option(cmd, '--peer <name>', `score an outside ×8 super-resolution model beside the restorer, fed the cell means (${PEERS.join(', ')}; needs its dev dependency)`, choice(PEERS));
  cmd.option('--json', 'print {"model","photos","cases","rows":[…]} instead of the table')
    .action(async (o: RestoreOpts) => {
      const bar = new ProgressBar('eval restore');
      const r = await evaluateRestorerOnFolder(o.data, {
        blocks: o.block, styles: o.styles, jpeg: o.jpeg, model: o.model, limit: o.limit, seed: o.seed, brisque: o.brisque, details: o.detail, cellStyles: o.style, peer: o.peer,
        onCase: (done, total) => bar.update(done, total),
      });
      bar.done();
      const seconds = secondsPerRegion(r.cases), cpu = secondsPerRegion(r.cases, 'cpuSeconds');
      if (o.json) {
        return console.log(JSON.stringify({
          model: r.model, peer: r.peer, photos: r.photos.length, cases: r.cases.length, rows: r.rows, secondsPerRegion: seconds, cpuSecondsPerRegion: cpu,
        }));
      }
      console.log(`${r.model} on ${r.photos.length} photo(s) from ${o.data}, ${r.cases.length} case(s); scores inside the mosaic region (grad = gradient energy / the original's${o.brisque ? '; BRISQUE of the box, lower is better' : ''})`);
      if (r.peer) console.log(`peer ${o.peer}: ${r.peer}, fed the cell means, ×8, resized bicubically to the region (run once per mosaic, the same in every detail/style block)`);
      console.log(formatEvaluationTable(r.rows, { peer: o.peer }));
      // consistency: the restored region pixelated again on the mosaic's grid (mean cells) against the input
      const overall = r.rows.filter((row) => row.block === undefined);
      console.log(`\nre-pixelated vs the input cells, RMS grey levels: ${overall.map((row) => `${row.group.replace(/:? ?all$/, '') || 'restored'} ${row.cellRms!.toFixed(2)}`).join('; ')}`);
      const s = (k: 'restorer' | 'peer') => `${seconds[k]?.toFixed(2)} s wall, ${cpu[k]?.toFixed(2)} s CPU`;
      if (o.peer) console.log(`seconds per region (mean, crop to blend): restorer ${s('restorer')}; ${o.peer} ${s('peer')}`);
    });
}
