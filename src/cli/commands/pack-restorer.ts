// `tessera pack-restorer`: a fidelity and a realism restorer into one pair file for --detail (src/restore/pack.ts).
import type { Command } from 'commander';
import { packRestorerPair } from '../../restore/pack.js';

interface Opts { fidelity: string; realism: string; output: string; half?: boolean }

export function registerPackRestorer(program: Command): void {
  program.command('pack-restorer')
    .description('write one restorer pair file from a fidelity restorer and its GAN fine-tune (same architecture): --detail mixes their weights')
    .requiredOption('--fidelity <path>', 'the fidelity restorer (detail 0): a weights file, a checkpoint folder or a run folder')
    .requiredOption('--realism <path>', 'the realism restorer (detail 1), fine-tuned from the fidelity one: a weights file, a checkpoint folder or a run folder')
    .requiredOption('-o, --output <file>', 'the pair file to write (.safetensors); never an input')
    .option('--half', 'store the weights as float16 (half the size; loaded as float32)')
    .action((o: Opts) => {
      const r = packRestorerPair(o.fidelity, o.realism, o.output, { half: o.half });
      console.log(`${r.output}: ${r.netG} pair (fidelity ${r.fidelity}, realism ${r.realism}), ${(r.bytes / 2 ** 20).toFixed(2)} MiB${o.half ? ', float16' : ''}`);
    });
}
