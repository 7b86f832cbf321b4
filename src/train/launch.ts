// The local launcher for data-parallel training (like `torchrun --standalone`, or one node of a
// `--nnodes` run): starts N worker processes running the same command, tells each its rank through the
// environment, forwards SIGINT/SIGTERM once, and when one worker dies stops the others.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import type { OptionSchema } from '../util/option-schema.js';

export const WORKER_ENV = {
  rank: 'TESSERA_RANK', worldSize: 'TESSERA_WORLD_SIZE', localRank: 'TESSERA_LOCAL_RANK',
  master: 'TESSERA_MASTER', timeoutMs: 'TESSERA_DIST_TIMEOUT_MS', bind: 'TESSERA_DIST_BIND',
} as const;

export interface Master { host: string; port: number }

/** Where this worker stands in the run, read from the environment the launcher set. */
export interface WorkerPlace {
  rank: number;
  worldSize: number;
  localRank: number;
  master: Master;
  timeoutMs: number;
  /** The address Gloo binds (loopback for a one-machine run); unset: this machine's hostname. */
  bind?: string;
}

/** "HOST:PORT" → Master, or throws naming what is wrong. */
export function parseMaster(text: string): Master {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 1 && port <= 65535)) throw new Error(`--master must be HOST:PORT with a port in 1-65535, got "${text}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Data-parallel training (docs/distributed.md). */
export const DISTRIBUTED_OPTIONS: OptionSchema = [
  { key: 'nproc', flag: '--nproc <n>', type: 'int', min: 1, max: 1024, default: 1, help: 'worker processes on this machine, each a rank with its own --batch-size (1 = no launcher)' },
  { key: 'nnodes', flag: '--nnodes <n>', type: 'int', min: 1, max: 4096, default: 1, help: 'machines in the run; each runs this command with its own --node-rank' },
  { key: 'nodeRank', flag: '--node-rank <r>', type: 'int', min: 0, default: 0, help: 'this machine\'s index, 0 to nnodes - 1 (node 0 runs rank 0)' },
  { key: 'master', flag: '--master <host:port>', type: 'text', parse: (_flag, text) => parseMaster(text), help: 'where rank 0 listens (needed with --nnodes > 1; default: a free loopback port)' },
  { key: 'syncBn', flag: '--sync-bn', type: 'flag', help: 'batch norm statistics over the whole batch of every rank (default: per process)' },
  { key: 'distTimeout', flag: '--dist-timeout <s>', type: 'int', min: 1, default: 300, help: 'seconds a rank waits for the others (joining, each collective) before failing' },
  { key: 'overlap', flag: '--no-overlap', type: 'flag', default: true, help: 'allreduce gradients after backward instead of from autograd hooks during it' },
];

/** This process's place when a launcher started it; null in a plain single-process run. */
export function workerPlace(env: NodeJS.ProcessEnv = process.env): WorkerPlace | null {
  if (env[WORKER_ENV.rank] === undefined) return null;
  const int = (name: string) => {
    const v = Number(env[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${env[name] ?? ''}"`);
    return v;
  };
  const rank = int(WORKER_ENV.rank), worldSize = int(WORKER_ENV.worldSize);
  if (rank >= worldSize) throw new Error(`${WORKER_ENV.rank} ${rank} is outside a world of ${worldSize}`);
  return {
    rank, worldSize, localRank: int(WORKER_ENV.localRank), master: parseMaster(env[WORKER_ENV.master] ?? ''),
    timeoutMs: int(WORKER_ENV.timeoutMs), bind: env[WORKER_ENV.bind] || undefined,
  };
}

/** A TCP port free on loopback right now (the one-machine run's store port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface LaunchOptions {
  /** Workers on this machine. */
  nproc: number;
  nnodes: number;
  nodeRank: number;
  /** Rank 0's store; required with nnodes > 1, else a free loopback port. */
  master?: Master;
  timeoutMs: number;
  /** Node's script and arguments for every worker (process.argv.slice(1)). */
  argv: string[];
  /** After one worker fails, the others get SIGTERM, then SIGKILL once this has passed (default 15 s). */
  graceMs?: number;
  onMessage?: (message: string) => void;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

/** Runs the workers of this node to the end; resolves with the exit code the launcher should give (130 / 143 when a SIGINT / SIGTERM stopped them). */
export async function launchWorkers(o: LaunchOptions): Promise<number> {
  if (o.nnodes > 1 && !o.master) throw new Error('--nnodes above 1 needs --master HOST:PORT (where node 0 runs rank 0)');
  if (o.nodeRank >= o.nnodes) throw new Error(`--node-rank ${o.nodeRank} is outside --nnodes ${o.nnodes}`);
  const local = o.nnodes === 1;
  const master = o.master ?? { host: '127.0.0.1', port: await freePort() };
  const worldSize = o.nnodes * o.nproc;
  const say = o.onMessage ?? (() => {});
  const threads = process.env.TESSERA_THREADS ?? String(Math.max(1, Math.floor(os.availableParallelism() / o.nproc)));
  const children: ChildProcess[] = [];
  let failed = false;
  let killTimer: NodeJS.Timeout | null = null;
  const stopOthers = (except?: ChildProcess) => {
    for (const c of children) if (c !== except && c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    killTimer ??= setTimeout(() => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }, o.graceMs ?? 15_000);
    killTimer.unref();
  };
  // Ctrl-C reaches every worker from the terminal; a SIGTERM reaches only us: either way each worker
  // gets one SIGTERM from here too, which it treats as the same request (save once, stop).
  let stoppedBy: 'SIGINT' | 'SIGTERM' | null = null;
  const forward = (sig: 'SIGINT' | 'SIGTERM') => {
    stoppedBy ??= sig;
    say(`${sig}: asking the ${children.length} workers to save and stop`);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  };
  const onInt = () => forward('SIGINT'), onTerm = () => forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const exits = Array.from({ length: o.nproc }, (_, localRank) => {
      const rank = o.nodeRank * o.nproc + localRank;
      const child = spawn(process.execPath, [...process.execArgv, ...o.argv], {
        stdio: 'inherit',
        env: {
          ...process.env, TESSERA_THREADS: threads,
          [WORKER_ENV.rank]: String(rank), [WORKER_ENV.worldSize]: String(worldSize), [WORKER_ENV.localRank]: String(localRank),
          [WORKER_ENV.master]: `${master.host}:${master.port}`, [WORKER_ENV.timeoutMs]: String(o.timeoutMs),
          [WORKER_ENV.bind]: local ? '127.0.0.1' : (process.env[WORKER_ENV.bind] ?? ''),
        },
      });
      children.push(child);
      return new Promise<void>((resolve) => {
        child.once('error', (e) => { failed = true; say(`rank ${rank} could not start: ${e.message}`); stopOthers(child); resolve(); });
        child.once('exit', (code, signal) => {
          if (code !== 0 && !failed) {
            failed = true;
            say(`rank ${rank} ${describeExit(code, signal)}; stopping the other ranks`);
            stopOthers(child);
          } else if (code !== 0) say(`rank ${rank} ${describeExit(code, signal)}`); // how the others ended, too
          resolve();
        });
      });
    });
    await Promise.all(exits);
    // stopped on request: the shell's status for the signal (128 + its number), as a single process gives
    return failed ? 1 : stoppedBy === 'SIGINT' ? 130 : stoppedBy === 'SIGTERM' ? 143 : 0;
  } finally {
    if (killTimer) clearTimeout(killTimer);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
