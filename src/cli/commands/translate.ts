import type { Command } from 'commander';
import { planJobs, translateFiles, Translator } from '../../translate/index.js';
import { createClassifierSafetyChecker } from '../../safety/index.js';
import { ProgressBar } from '../progress.js';

interface TranslateFlags { model: string; output: string; batchSize: string; eval?: boolean; seed: string }

export function registerTranslate(program: Command): void {
  program.command('translate')
    .description('run a generator checkpoint on image files or folders (PNG, JPEG, WebP) of any size')
    .argument('<inputs...>', 'image files and/or folders (searched recursively)')
    .requiredOption('--model <file>', 'generator checkpoint (.safetensors from tessera train or tessera import)')
    .requiredOption('-o, --output <path>', 'output file (one input image) or folder (mirrors the inputs)')
    .option('--batch-size <n>', 'images decoded and run together; same-sized ones share a batch (batch-norm models run one at a time unless --eval, so batch statistics never mix images)', '1')
    .option('--eval', 'use running batch-norm statistics and no dropout (the reference default is train-mode norm and dropout)')
    .option('--seed <n>', 'dropout seed, so results repeat', '0')
    .action(async (inputs: string[], o: TranslateFlags) => {
      const batchSize = Number(o.batchSize), seed = Number(o.seed);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size must be a whole number ≥ 1, got '${o.batchSize}'`);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got '${o.seed}'`);
      const jobs = planJobs(inputs, o.output);
      // The CLI always runs the real checker: explicit input is refused before any generator sees it.
      const safety = await createClassifierSafetyChecker();
      const t = Translator.load(o.model, { mode: o.eval ? 'eval' : 'reference', seed, safety });
      const bar = new ProgressBar('translate');
      try {
        await translateFiles(t, jobs, { batchSize, onProgress: (d, n) => bar.update(d, n) });
      } finally {
        t.dispose();
      }
      console.log(`wrote ${jobs.length} image${jobs.length === 1 ? '' : 's'} to ${o.output} (safety checker: ${t.safety.name})`);
    });
}
