// Generators (and the restorer from --model) exported to ONNX for the page (onnxruntime-web runs them in the browser): each export is made
// on first use and kept in the work folder under a key of the weights file's real path, mtime and size, so a
// checkpoint that a training run swaps gets a new export and an unchanged one is never exported twice. Only
// files the caller already vetted come here (the generators listed under --runs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportNetwork } from '../export/export.js';
import { maxDifferenceFromEngine } from '../export/check.js';
import { writeFileAtomic } from '../io/atomic.js';
import { disposeWeights, isNoiseGenerator, isRestorerGenerator, loadGenerator, mixWeightsInto, outputScale, requiredMultiple, type GeneratorSpec } from '../models/index.js';
import type { Module } from '../nn/index.js';
import { checkDetail, loadRestorerNetwork } from '../restore/restorer.js';

/** A restorer file's network with the weights of `detail` (a pair's mix; one set takes 0 only). */
function mixedRestorer(file: string, detail: number): { net: Module; spec: GeneratorSpec } {
  const { net, spec, weights } = loadRestorerNetwork(file);
  try {
    checkDetail(detail, !!weights, file);
    if (weights) mixWeightsInto(net.stateDict(), weights.fidelity, weights.realism, detail);
    return { net, spec };
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    if (weights) disposeWeights(weights);
  }
}

/**
 * Raised when the writer gives the same weights another graph, so older cached exports are made again:
 * 2 = a noise network's 'noise_origin' input (an export without it would read every tile's noise from [0, 0]).
 */
const EXPORT_FORM = 2;

/** Largest |onnxruntime − engine| an export may have before the page is refused it (as `tessera export`). */
export const EXPORT_TOLERANCE = 1e-4;

export interface OnnxExport {
  /** The .onnx file in the work folder. */
  file: string;
  spec: GeneratorSpec;
  multiple: number;
  /** The check against the engine at export time. */
  maxAbs: number;
}

/** Why a generator does not run in the page (the page then runs it on the server and shows this). */
export type PageExport = { ok: true; export: OnnxExport } | { ok: false; reason: string };

export class OnnxCache {
  readonly dir: string;
  private pending = new Map<string, Promise<PageExport>>();

  constructor(workDir: string) {
    this.dir = path.join(workDir, 'onnx');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** The cache key of a weights file as it is now, and of the graph form the writer gives it (EXPORT_FORM). */
  static keyOf(file: string): string {
    const real = fs.realpathSync(file);
    const st = fs.statSync(real);
    return crypto.createHash('sha256').update(`${real}\0${st.mtimeMs}\0${st.size}\0${EXPORT_FORM}`).digest('hex').slice(0, 24);
  }

  /** The export of an RGB → RGB generator file: from the cache, or made now (one export at a time per key). */
  generator(file: string): Promise<PageExport> {
    return this.cached(file, 'generator');
  }

  /**
   * The export of a mosaic restorer file (7 channels in: the tiles restore/restorer.ts planCrop makes); a
   * pair file's at `detail` (its weights mixed, one export per detail value).
   */
  restorer(file: string, detail = 0): Promise<PageExport> {
    return this.cached(file, 'restorer', detail);
  }

  private cached(file: string, kind: 'generator' | 'restorer', detail = 0): Promise<PageExport> {
    const key = OnnxCache.keyOf(file) + (detail ? `-d${String(detail).replace('.', 'p')}` : '');
    let p = this.pending.get(key);
    if (!p) {
      p = this.make(file, key, kind, detail).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async make(file: string, key: string, kind: 'generator' | 'restorer', detail: number): Promise<PageExport> {
    const onnx = path.join(this.dir, `${key}.onnx`), about = path.join(this.dir, `${key}.json`);
    if (fs.existsSync(onnx) && fs.existsSync(about)) {
      const a = JSON.parse(fs.readFileSync(about, 'utf8')) as { spec: GeneratorSpec; maxAbs: number };
      return { ok: true, export: { file: onnx, spec: a.spec, multiple: requiredMultiple(a.spec), maxAbs: a.maxAbs } };
    }
    const { net, spec } = kind === 'restorer' ? mixedRestorer(file, detail) : loadGenerator(file);
    try {
      if (kind === 'restorer' && !isRestorerGenerator(spec.netG)) return { ok: false, reason: `${spec.netG} is not a mosaic restorer` };
      // the page reads and writes RGB canvases (a restorer's 7-channel tiles come from the server)
      if (kind === 'generator' && (spec.inputNc !== 3 || spec.outputNc !== 3))
        return { ok: false, reason: `${spec.netG} takes ${spec.inputNc} and gives ${spec.outputNc} channels; the page runs RGB → RGB generators only` };
      // these export now, but the page's crop-back keeps the input's size and its input is an image
      if (kind === 'generator' && isNoiseGenerator(spec)) return { ok: false, reason: `${spec.netG} draws images from noise; the page translates images` };
      if (kind === 'generator' && outputScale(spec) !== 1)
        return { ok: false, reason: `${spec.netG} gives ${outputScale(spec)}× the input's size; the page runs same-size generators only` };
      const channels = kind === 'restorer' ? 7 : 3;
      const multiple = requiredMultiple(spec), side = Math.ceil(64 / multiple) * multiple;
      let bytes: Uint8Array;
      try {
        bytes = exportNetwork(net, { inputChannels: channels, height: side, width: side, dynamic: true, name: spec.netG,
          metadata: { 'tessera.source': path.basename(file) } });
      } catch (e) {
        return { ok: false, reason: `the export refused it: ${(e as Error).message}` };
      }
      const maxAbs = await maxDifferenceFromEngine(net, bytes, [1, channels, side, side]);
      if (!(maxAbs <= EXPORT_TOLERANCE)) return { ok: false, reason: `the export differs from the engine by ${maxAbs.toExponential(1)} (more than ${EXPORT_TOLERANCE})` };
      writeFileAtomic(onnx, bytes);
      writeFileAtomic(about, JSON.stringify({ ok: true, spec, maxAbs }));
      return { ok: true, export: { file: onnx, spec, multiple, maxAbs } };
    } finally {
      net.dispose();
    }
  }
}
