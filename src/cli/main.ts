#!/usr/bin/env node
// The tessera CLI: parses, calls the library, prints. Each command lives in commands/; only the one being
// run is imported (commands/index.ts).
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { FilesFailed } from '../util/failures.js';

const program = new Command('tessera')
  .description('Train and run image-to-image GANs; put mosaics on images and videos and take them off again.')
  .version('0.1.0')
  // a usage error is one line plus where the help is, not the whole help
  .showHelpAfterError('(tessera COMMAND --help lists its options)');

await registerCommands(program, process.argv);

program.parseAsync(process.argv).catch((e: Error) => {
  // One clear line, non-zero exit; stack traces only when asked for. A run over many files gets one
  // line per failed file, then the count.
  if (e instanceof FilesFailed) {
    for (const f of e.failures) console.error(`tessera: ${f.message}`);
    // one input that failed: its own line says it all ("1 of 1 file failed" would be a second line)
    if (e.total === 1 && e.failures.length === 1) process.exit(1);
  }
  console.error(`tessera: ${process.env.TESSERA_DEBUG ? e.stack : e.message}`);
  process.exit(1);
});
