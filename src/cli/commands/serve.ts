import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { bicubicRestorer, Restorer, type RegionRestorer } from '../../restore/index.js';
import type { RestoreCall } from '../../restore/restorer.js';
import { detailOption, restorerModelOption, styleOption } from './restore-options.js';
import { DEFAULT_MAX_UPLOAD, LOOPBACK_HOSTS, startServer, type RunningServer } from '../../server/server.js';
import { int, option } from '../options.js';

interface Opts extends RestoreCall { port: number; host: string; runs: string; work?: string; model?: string; maxUpload: number }

/** The restorer for the page: --model FILE, "bicubic", or the shipped one; the note says why restore is off. */
export function pageRestorer(model: string | undefined, call: RestoreCall = {}): { restorer: RegionRestorer | null; label: string | null; note: string | null } {
  if (model === 'bicubic') {
    if (call.detail !== undefined) throw new Error('--model bicubic has no detail dial: leave out --detail');
    return { restorer: bicubicRestorer, label: 'bicubic (the baseline)', note: null };
  }
  try {
    const r = Restorer.load(model, call);
    return { restorer: r, label: model ? path.basename(model) : 'the shipped restorer', note: null };
  } catch (e) {
    // a file the user named must load; the shipped model missing only turns restore off
    if (model || call.detail !== undefined) throw e;
    return { restorer: null, label: null, note: 'Restore needs a model: the shipped restorer (assets/mosaic-restorer.safetensors) is missing from this checkout; start with tessera serve --model FILE (or --model bicubic for the baseline).' };
  }
}

/** Starts the server and prints where it is; a host other than the loopback gets a warning first. */
export async function serve(o: RestoreCall & { host: string; port: number; runs: string; work?: string; model?: string; maxUploadBytes?: number }): Promise<RunningServer> {
  if (!LOOPBACK_HOSTS.includes(o.host)) {
    console.error(`tessera: warning: serving on ${o.host}, not the loopback: anyone who can reach this machine can upload files and see your runs`);
  }
  const r = pageRestorer(o.model, { detail: o.detail, style: o.style });
  // a first start, in a folder with no runs yet: the dashboard starts empty and fills as runs are trained there
  const made = fs.existsSync(o.runs) ? undefined : fs.mkdirSync(o.runs, { recursive: true });
  let s: RunningServer;
  try {
    s = await startServer({
      host: o.host, port: o.port, runsDir: o.runs, workDir: o.work, maxUploadBytes: o.maxUploadBytes,
      restorer: r.restorer, restorerLabel: r.label, restoreNote: r.note,
    });
  } catch (e) {
    if (made) fs.rmSync(made, { recursive: true, force: true }); // a server that never started leaves nothing
    throw e;
  }
  console.log(`tessera serve: ${s.url} (runs ${path.resolve(o.runs)}${made ? ', made the runs folder: empty until a run is trained there' : ''}, work ${s.workDir})`);
  return s;
}

export function registerServe(program: Command): void {
  const cmd = program.command('serve')
    .description('the local web app: censor, detect, restore and translate images and videos; a live dashboard of the runs under --runs');
  option(cmd, '--port <n>', 'port (0 = any free one)', int(0, 65535), 8080);
  cmd.option('--host <h>', 'address to listen on; anything but the loopback is reachable by others (a warning says so)', '127.0.0.1')
    .option('--runs <dir>', 'folder of training runs: the dashboard shows each, translate offers their generators (made when missing)', 'runs')
    .option('--work <dir>', 'keep uploads and results here (default: a temporary folder, removed on exit)');
  restorerModelOption(cmd);
  detailOption(cmd);
  styleOption(cmd);
  option(cmd, '--max-upload <MiB>', 'largest upload accepted', int(1, 65536), DEFAULT_MAX_UPLOAD / 2 ** 20);
  cmd.action(async (o: Opts) => {
    const s = await serve({ host: o.host, port: o.port, runs: o.runs, work: o.work, model: o.model, maxUploadBytes: o.maxUpload * 2 ** 20, detail: o.detail, style: o.style });
    await new Promise<void>((resolve) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); void s.close().then(resolve); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}
