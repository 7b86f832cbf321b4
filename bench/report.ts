// Shared by every bench: timing (warm-up, then the median of N), the table / JSON-lines output,
// and a long-lived PyTorch child process that times the same cases in the same run.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** json: one JSON object per line; iters: steps per case (else chosen per case); only: run the cases whose name contains it; leakIters: steps of the train bench's leak check; model: a checkpoint for benches that run one (restore, refusals); detail: the α a pair file runs at (refusals); photos: a folder of photos (refusals); gate: false (--no-gate) reports a bench's gate without failing on it (censor). */
export interface BenchOptions { json: boolean; iters?: number; only?: string; leakIters?: number; model?: string; detail?: number; photos?: string; gate?: boolean }

export interface Row {
  case: string;
  tessera_ms: number;
  torch_ms: number;
  ratio: number;
  [extra: string]: string | number | boolean;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall and CPU (all threads of this process) milliseconds of one call. */
export function timeOnce(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6, c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/** Runs fn `warmup` times untimed, then `iters` times; the median in milliseconds. */
export function timeMs(fn: () => void, warmup: number, iters: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Prints one row now: a JSON line, or a table line (with the header before the first). */
/**
 * Times `iters` single steps of ours and of PyTorch's, alternating, so both see the same machine load, and
 * returns the comparison row: median wall and CPU ms per step for each side and their ratios. For bf16
 * cases pass PyTorch's fp32 median to get the ratio against it too.
 */
export async function compareSteps(name: string, step: () => void, torch: TorchWorker, iters: number, torchFp32Ms?: number): Promise<Row> {
  const ours: number[] = [], theirs: number[] = [], oursCpu: number[] = [], theirsCpu: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t = timeOnce(step);
    ours.push(t.wall);
    oursCpu.push(t.cpu);
    const r = await torch.request<{ times: number[]; cpu: number[] }>({ steps: 1 });
    theirs.push(...r.times);
    theirsCpu.push(...r.cpu);
  }
  const [tesseraMs, torchMs] = [median(ours), median(theirs)];
  return {
    case: name, tessera_ms: tesseraMs, torch_ms: torchMs, ratio: tesseraMs / torchMs,
    ...(torchFp32Ms !== undefined ? { torch_fp32_ms: torchFp32Ms, ratio_fp32: tesseraMs / torchFp32Ms } : {}),
    // CPU time (all threads) is less inflated than wall time by other load on a shared machine
    tessera_cpu_ms: median(oursCpu), torch_cpu_ms: median(theirsCpu), ratio_cpu: median(oursCpu) / median(theirsCpu),
    steps: iters,
  };
}

export class Reporter {
  #headerDone = false;
  constructor(private readonly json: boolean, private readonly extraColumns: string[] = []) {}
  row(r: Row): void {
    const clean = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v, k.startsWith('ratio') ? 3 : 2) : v]));
    if (this.json) { console.log(JSON.stringify(clean)); return; }
    const cols = ['tessera_ms', 'torch_ms', 'ratio', ...this.extraColumns];
    if (!this.#headerDone) {
      console.log(`${'case'.padEnd(40)}${cols.map((c) => c.padStart(14)).join('')}`);
      this.#headerDone = true;
    }
    console.log(`${String(clean.case).padEnd(40)}${cols.map((c) => String(clean[c] ?? '').padStart(14)).join('')}`);
  }
}

/** A python child that answers one JSON request per line with one JSON line; started once per bench. */
export class TorchWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  #stderr = '';

  constructor(script: string, args: string[] = []) {
    // the same threading behaviour as our addon: passive OpenMP waits, the same thread count
    this.#child = spawn('/usr/bin/python3', [script, ...args], { env: { ...process.env, OMP_WAIT_POLICY: 'passive' } });
    this.#child.stderr.on('data', (d) => { this.#stderr = (this.#stderr + d).slice(-2000); });
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }

  async request<T>(msg: object): Promise<T> {
    this.#child.stdin.write(`${JSON.stringify(msg)}\n`);
    const next = await this.#lines.next();
    if (next.done) throw new Error(`the PyTorch worker exited: ${this.#stderr.trim().split('\n').pop() ?? ''}`);
    const reply = JSON.parse(next.value) as T & { error?: string };
    if (reply.error) throw new Error(`PyTorch: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.#child.stdin.end();
  }
}
