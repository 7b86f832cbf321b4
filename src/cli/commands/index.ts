// One line per command module; each adds its subcommand to the program.
import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerImport } from './import.js';
import { registerTranslate } from './translate.js';

export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerImport(program);
  registerTranslate(program);
}
