import type { Command } from 'commander';
import { createClassifierSafetyChecker } from '../../safety/index.js';
import { OnnxTranslator, planJobs, RUNTIMES, translateFiles, Translator, type ImageTranslator, type Runtime } from '../../translate/index.js';
import { ProgressBar } from '../progress.js';
import { choice, deviceOption, int, option, overwriteOption } from '../options.js';

interface Opts { model: string; output: string; batchSize: number; eval?: boolean; seed: number; runtime: Runtime; overwrite?: boolean }

export function registerTranslate(program: Command): void {
  const cmd = program.command('translate')
    .description('run a generator checkpoint on image files or folders (PNG, JPEG, WebP) of any size')
    .argument('<inputs...>', 'image files and/or folders (searched recursively)')
    .requiredOption('--model <path>', 'generator: a .safetensors file (tessera train or tessera import), a checkpoint folder (RUN/checkpoints/latest) or a run folder')
    .requiredOption('-o, --output <path>', 'output file (one input image) or folder (mirrors the inputs)');
  option(cmd, '--batch-size <n>', 'images decoded and run together; same-sized ones share a batch (batch-norm models run one at a time unless --eval, so batch statistics never mix images)', int(1), 1);
  cmd.option('--eval', 'use running batch-norm statistics and no dropout (the reference default is train-mode norm and dropout)');
  option(cmd, '--seed <n>', 'dropout seed, so results repeat', int(), 0);
  deviceOption(cmd);
  option(cmd, '--runtime <name>', `${RUNTIMES.join(' | ')}: onnx exports the generator in memory and runs it in onnxruntime-node (eval mode only)`, choice(RUNTIMES), 'libtorch');
  overwriteOption(cmd);
  cmd.action(async (inputs: string[], o: Opts) => {
    const jobs = planJobs(inputs, o.output, o.overwrite);
    // The CLI always runs the real checker: explicit input is refused before any generator sees it.
    const safety = await createClassifierSafetyChecker();
    const to = { mode: o.eval ? 'eval' : 'reference', seed: o.seed, safety } as const;
    const t: ImageTranslator = o.runtime === 'onnx' ? await OnnxTranslator.load(o.model, to) : Translator.load(o.model, to);
    const bar = new ProgressBar('translate', { plainEveryMs: 5000 });
    try {
      await translateFiles(t, jobs, { batchSize: o.batchSize, onProgress: (d, n) => bar.update(d, n) });
    } finally {
      bar.done();
      t.dispose();
    }
    console.log(`wrote ${jobs.length} image${jobs.length === 1 ? '' : 's'} to ${o.output} (${o.runtime}; safety checker: ${t.safety.name})`);
  });
}
