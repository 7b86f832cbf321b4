// `npm run bench -- NAME [--json] [--iters N]`: one file per bench (bench/NAME.ts exporting `run`),
// registered here by one line. Benches print a table, or one JSON object per line with --json.
import { run as engine } from './engine.js';
import { run as train } from './train.js';
import type { BenchOptions } from './report.js';

const BENCHES: Record<string, { about: string; run: (o: BenchOptions) => Promise<void> }> = {
  engine: { about: 'layers and a small U-Net, fwd+bwd, fp32 and bf16, tessera vs PyTorch', run: engine },
  train: { about: 'one pix2pix / CycleGAN optimisation step at reference sizes, fp32 and bf16, tessera vs PyTorch; loader throughput', run: train },
};

function usage(): string {
  return 'usage: npm run bench -- NAME [--json] [--iters N]\n' +
    Object.entries(BENCHES).map(([n, b]) => `  ${n.padEnd(10)} ${b.about}`).join('\n');
}

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const itersAt = args.indexOf('--iters');
const opts: BenchOptions = {
  json: args.includes('--json'),
  iters: itersAt >= 0 ? Number(args[itersAt + 1]) : undefined,
};
const bench = name ? BENCHES[name] : undefined;
if (!bench || (opts.iters !== undefined && !(opts.iters > 0))) {
  console.error(name && !bench ? `unknown bench "${name}"\n${usage()}` : usage());
  process.exit(1);
}
try {
  await bench.run(opts);
} catch (e) {
  console.error(`bench ${name}: ${(e as Error).message}`);
  process.exit(1);
}
