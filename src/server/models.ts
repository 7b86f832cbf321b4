// Generators the page can translate with: every generator file under the runs folder (a run's latest
// checkpoint, or a weights file put there), found by name. A request names one by its id from this
// list, never by a path, and each loads once (again when the file changes: a training swaps it).
import fs from 'node:fs';
import path from 'node:path';
import { Translator, type TranslateMode } from '../translate/translate.js';
import type { SafetyChecker } from '../safety/checker.js';
import type { ModelInfo } from '../web/api.js';
import { HttpError } from './http.js';

const MAX_DEPTH = 4;
/** Weights that are not generators: discriminators, optimizer state. */
const NOT_GENERATOR = /^(net_D|train_state)/;

export class ModelCatalog {
  private loaded = new Map<string, { mtimeMs: number; translator: Translator }>();
  /** The weights file of a listed model (a 404 for anything else: the page never names a path). */
  file(id: string): string {
    if (!this.list().some((m) => m.id === id)) throw new HttpError(404, `no model ${JSON.stringify(id)} in the runs folder`);
    return path.join(this.root, ...id.split('/'));
  }


  constructor(readonly root: string) {}

  list(): ModelInfo[] {
    const out: ModelInfo[] = [];
    const walk = (dir: string, depth: number) => {
      let entries: fs.Dirent[] = [];
      try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && !e.name.startsWith('.') && depth < MAX_DEPTH) walk(p, depth + 1);
        else if (e.isFile() && e.name.endsWith('.safetensors') && !NOT_GENERATOR.test(e.name)) {
          // a checkpoint folder other than latest holds older copies of the same networks
          const inCheckpoints = path.basename(path.dirname(path.dirname(p))) === 'checkpoints';
          if (inCheckpoints && path.basename(dir) !== 'latest') continue;
          const label = path.relative(this.root, p).split(path.sep).join('/');
          out.push({ id: label, label });
        }
      }
    };
    walk(this.root, 0);
    return out;
  }

  /** The translator of a listed model in `mode` (default reference), loaded with the server's safety checker. */
  translator(id: string, safety: SafetyChecker, mode: TranslateMode = 'reference'): Translator {
    const file = this.file(id);
    const mtimeMs = fs.statSync(file).mtimeMs;
    const key = `${mode} ${id}`;
    const held = this.loaded.get(key);
    if (held && held.mtimeMs === mtimeMs) return held.translator;
    held?.translator.dispose();
    this.loaded.delete(key);
    let translator: Translator;
    try {
      translator = Translator.load(file, { safety, mode });
    } catch (e) {
      throw new HttpError(422, (e as Error).message.replace(this.root + path.sep, ''));
    }
    this.loaded.set(key, { mtimeMs, translator });
    return translator;
  }

  dispose(): void {
    for (const { translator } of this.loaded.values()) translator.dispose();
    this.loaded.clear();
  }
}
