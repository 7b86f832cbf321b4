import type { Command } from 'commander';
import { doctor } from '../../system/doctor.js';

export function registerDoctor(program: Command): void {
  program.command('doctor')
    .description('print the set-up (node, the libtorch addon, threads, bf16/AMX, ffmpeg) without loading libtorch; --engine also loads it and runs a tiny training step')
    .option('--json', 'print one JSON object')
    .option('--engine', 'also load libtorch: its version, threads, the BLAS it mapped, CUDA, and a tiny real training step')
    .action(async (o: { json?: boolean; engine?: boolean }) => {
      const r = await doctor({ engine: o.engine });
      const e = r.engine;
      const falls = !e || e.trainStep.losses.at(-1)! < e.trainStep.losses[0]!;
      if (!falls || !r.addon.built) process.exitCode = 1;
      if (o.json) return console.log(JSON.stringify(r));
      const ok = (b: boolean) => (b ? 'yes' : 'no');
      console.log([
        `node        ${r.node}`,
        `addon       ${r.addon.built ? r.addon.file : `not built (run scripts/setup.sh): ${r.addon.file}`}`,
        `threads     ${r.threads}`,
        `bf16        AMX ${ok(r.cpuBf16.amx)}, AVX512-BF16 ${ok(r.cpuBf16.avx512bf16)}`,
        `ffmpeg      ${r.ffmpeg ?? 'not found (run scripts/setup.sh)'}`,
        ...(e ? [
          `libtorch    ${e.torch}`,
          `threads     ${e.threads} in libtorch`,
          `BLAS        ${e.blas}`,
          `CUDA        ${e.cuda.available ? `${e.cuda.devices} device(s)` : 'not available in this libtorch build'}`,
          `train step  ${e.trainStep.msPerStep.toFixed(1)} ms/step, L1 ${e.trainStep.losses.map((l) => l.toFixed(4)).join(' → ')}`,
          `verdict     ${falls ? 'ok: the engine trains' : 'FAIL: the loss did not fall'}`,
        ] : ['(libtorch not loaded: doctor --engine loads it and runs a tiny training step)']),
      ].join('\n'));
    });
}
