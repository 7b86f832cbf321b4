import type { Command } from 'commander';
import { doctor } from '../../system/doctor.js';

export function registerDoctor(program: Command): void {
  program.command('doctor')
    .description('print engine versions, threads, BLAS, bf16/AMX and CUDA support, and run a tiny training step')
    .option('--json', 'print one JSON object')
    .action((o: { json?: boolean }) => {
      const r = doctor();
      if (o.json) return console.log(JSON.stringify(r));
      const ok = (b: boolean) => (b ? 'yes' : 'no');
      const falls = r.trainStep.losses.at(-1)! < r.trainStep.losses[0]!;
      console.log([
        `node        ${r.node}`,
        `libtorch    ${r.torch}`,
        `threads     ${r.threads}`,
        `BLAS        ${r.blas}`,
        `bf16        AMX ${ok(r.cpuBf16.amx)}, AVX512-BF16 ${ok(r.cpuBf16.avx512bf16)}`,
        `CUDA        ${r.cuda.available ? `${r.cuda.devices} device(s)` : 'not available in this libtorch build'}`,
        `ffmpeg      ${r.ffmpeg ?? 'not found (run scripts/setup.sh)'}`,
        `train step  ${r.trainStep.msPerStep.toFixed(1)} ms/step, L1 ${r.trainStep.losses.map((l) => l.toFixed(4)).join(' → ')}`,
        `verdict     ${falls ? 'ok: the engine trains' : 'FAIL: the loss did not fall'}`,
      ].join('\n'));
      if (!falls) process.exitCode = 1;
    });
}
