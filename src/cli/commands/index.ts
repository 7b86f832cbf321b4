// One line per command module; each adds its subcommand to the program.
import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerImport } from './import.js';
import { registerTranslate } from './translate.js';
import { registerTrain } from './train.js';
import { registerCensor } from './censor.js';
import { registerDetect } from './detect.js';
import { registerPairs } from './pairs.js';
import { registerTrainDetector } from './train-detector.js';
import { registerRestore } from './restore.js';
import { registerEval } from './eval.js';
import { registerDemo } from './demo.js';
import { registerExport } from './export.js';
import { registerServe } from './serve.js';
import { registerPackRestorer } from './pack-restorer.js';

export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerImport(program);
  registerTranslate(program);
  registerTrain(program);
  registerCensor(program);
  registerDetect(program);
  registerPairs(program);
  registerTrainDetector(program);
  registerRestore(program);
  registerPackRestorer(program);
  registerEval(program);
  registerDemo(program);
  registerExport(program);
  registerServe(program);
}
