// What `--model` may name: a weights file, a checkpoint folder (RUN/checkpoints/latest,
// or a kept RUN/checkpoints/<step>) or a run folder
// (its latest checkpoint). A folder resolves to the one network file a command wants; where there are two
// generators (CycleGAN's G_A and G_B) or none, the error says which files to choose from.
// It lives with the networks, not with training, so that running a model never imports the training room.
import fs from 'node:fs';
import path from 'node:path';

/** A run folder's latest checkpoint, RUN/checkpoints/latest: training writes it, every --model reads it. */
export function checkpointDir(runDir: string): string {
  return path.join(runDir, 'checkpoints', 'latest');
}

/** 'generator': net_G; 'any': also the mosaic detector's net_net (what `tessera export` takes). */
export type ModelRole = 'generator' | 'any';

const networkFiles = (dir: string) => fs.readdirSync(dir).filter((f) => /^net_.+\.safetensors$/.test(f)).sort();

/** The network file a folder holds for `role`, or a one-line error naming the folder and what is in it. */
function pickNetwork(dir: string, given: string, role: ModelRole): string {
  const files = networkFiles(dir);
  const generators = files.filter((f) => /^net_G(_[A-Za-z0-9]+)?\.safetensors$/.test(f));
  if (generators.length === 1) return path.join(dir, generators[0]!);
  if (generators.length > 1)
    throw new Error(`${given}: holds ${generators.length} generators (${generators.join(', ')}); name one, e.g. --model ${path.join(dir, generators[0]!)}`);
  if (role === 'any' && files.length === 1) return path.join(dir, files[0]!);
  throw new Error(`${given}: no generator in this checkpoint${files.length ? ` (it holds ${files.join(', ')})` : ' (no net_*.safetensors)'}`);
}

/** The weights file that `given` (a file, a checkpoint folder or a run folder) stands for. */
export function resolveModelFile(given: string, role: ModelRole = 'generator'): string {
  let stat: fs.Stats;
  try { stat = fs.statSync(given); } catch { throw new Error(`${given}: no such file or folder`); }
  if (!stat.isDirectory()) return given;
  if (networkFiles(given).length) return pickNetwork(given, given, role);
  const latest = checkpointDir(given);
  if (fs.existsSync(latest) && fs.statSync(latest).isDirectory()) return pickNetwork(latest, given, role);
  throw new Error(`${given}: a folder that is neither a checkpoint (net_*.safetensors) nor a run folder (checkpoints/latest/); give a weights file, a checkpoint folder or a run folder`);
}
