// The restorer's network run by onnxruntime-node (`tessera restore --runtime onnx`): the network is exported
// in memory (export/, free N, H, W; the residual, clamp and keep-outside composition are in the graph) and
// only the network call differs; the crop, cell-scale, bicubic base, tiling and blending are restorer.ts's
// planCrop / finishCrop, the same code the libtorch Restorer runs.
import ort from 'onnxruntime-node';
import { exportNetwork } from '../export/export.js';
import { exportFeeds } from '../export/feeds.js';
import type { CellGrid, PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import { disposeWeights, mixWeightsInto, type GeneratorSpec, type RestorerWeights } from '../models/index.js';
import type { Module } from '../nn/index.js';
import { resolveModelFile } from '../models/model-path.js';
import { DEFAULT_CELL_STYLE, type CellStyle } from './consistency.js';
import {
  blendInto, checkDetail, checkStyle, defaultDetail, fidelityStyle, finishCrop, loadRestorerNetwork, planCrop, restorerGeometry, shippedRestorerFile, targetCrops,
  type CropRestorer, type NetworkTile, type RestoreCall, type RestorerOptions, type RestoreTarget, type TileGeometry,
} from './restorer.js';

/** The export of a restorer network: 7 channels in, dynamic N, H, W (traced at one small side multiple). */
export function exportRestorer(net: Module, spec: GeneratorSpec, multiple: number): Uint8Array {
  const side = Math.ceil(64 / multiple) * multiple;
  return exportNetwork(net, { inputChannels: 7, height: side, width: side, dynamic: true, name: spec.netG });
}

/** Sessions kept per detail value (each is the network exported with those mixed weights). */
const MAX_SESSIONS = 3;

export class OnnxRestorer implements CropRestorer, TileGeometry {
  readonly multiple: number;
  readonly tile: number;
  readonly cellScales: number;
  readonly detail: number;
  readonly style: CellStyle;
  private readonly sessions = new Map<number, Promise<ort.InferenceSession>>();

  /**
   * `first`: the session of detail 0 (the fidelity weights). A pair keeps its network and both weight sets
   * (owned from here on) to export another mix when a call asks for one.
   */
  private constructor(first: ort.InferenceSession, readonly spec: GeneratorSpec, readonly source: string, o: RestorerOptions,
    private readonly pair: { net: Module; weights: RestorerWeights } | null) {
    ({ multiple: this.multiple, tile: this.tile, cellScales: this.cellScales } = restorerGeometry(spec, source, o));
    this.sessions.set(0, Promise.resolve(first));
    this.detail = defaultDetail(o.detail, !!pair, source);
    this.style = checkStyle(o.style ?? DEFAULT_CELL_STYLE);
  }

  get isPair(): boolean { return !!this.pair; }

  private static open(net: Module, spec: GeneratorSpec, multiple: number): Promise<ort.InferenceSession> {
    return ort.InferenceSession.create(exportRestorer(net, spec, multiple), { graphOptimizationLevel: 'all' });
  }

  /** Exports `net` (a restorer; not kept) and opens it in onnxruntime. */
  static async fromNetwork(net: Module, spec: GeneratorSpec, source: string, o: RestorerOptions = {}): Promise<OnnxRestorer> {
    const { multiple } = restorerGeometry(spec, source, o);
    net.eval();
    return new OnnxRestorer(await OnnxRestorer.open(net, spec, multiple), spec, source, o, null);
  }

  /** `model`: a restorer file (one set or a pair), a checkpoint folder or a run folder; the shipped one by default. */
  static async load(model: string = shippedRestorerFile(), o: RestorerOptions = {}): Promise<OnnxRestorer> {
    const file = resolveModelFile(model, 'generator');
    const { net, spec, weights } = loadRestorerNetwork(file);
    if (!weights) {
      try {
        return await OnnxRestorer.fromNetwork(net, spec, file, o);
      } finally {
        net.dispose(); // the weights now live in the session
      }
    }
    try {
      const { multiple } = restorerGeometry(spec, file, o);
      net.eval();
      return new OnnxRestorer(await OnnxRestorer.open(net, spec, multiple), spec, file, o, { net, weights });
    } catch (e) {
      net.dispose();
      disposeWeights(weights);
      throw e;
    }
  }

  /** The session that runs `detail`'s weights: exported on first use, a few kept. */
  private session(detail: number): Promise<ort.InferenceSession> {
    checkDetail(detail, this.isPair, this.source);
    let s = this.sessions.get(detail);
    if (s) return s;
    const { net, weights } = this.pair!;
    mixWeightsInto(net.stateDict(), weights.fidelity, weights.realism, detail);
    s = OnnxRestorer.open(net, this.spec, this.multiple);
    this.sessions.set(detail, s);
    for (const [d, old] of this.sessions) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      if (d !== 0 && d !== detail) { this.sessions.delete(d); void old.then((x) => x.release()); }
    }
    return s;
  }

  /** Restores every target; returns a new image (the input is not changed). */
  async restore(image: Raster, mask: Mask, targets: RestoreTarget[], call: RestoreCall = {}): Promise<Raster> {
    let out: Raster = { ...image, data: new Uint8Array(image.data) };
    for (const r of targetCrops(image, mask, targets)) out = blendInto(image, mask, r.c, await this.restoreCrop(r.crop, r.inside, r.grid, call), out);
    return out;
  }

  async restoreCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid, call: RestoreCall = {}): Promise<PlanarImage> {
    const detail = call.detail ?? this.detail, style = checkStyle(call.style ?? this.style);
    const settled = style === 'auto' && detail !== 0 ? await fidelityStyle(this, crop, inside, grid, call) : style;
    const session = await this.session(detail);
    const plan = planCrop(crop, inside, grid, this, settled);
    const outputs: Float32Array[] = [];
    for (const t of plan.tiles) outputs.push(await this.runTile(t, session));
    return finishCrop(plan, outputs);
  }

  async runTile(t: NetworkTile, session?: ort.InferenceSession): Promise<Float32Array> {
    const s = session ?? await this.session(this.detail);
    const y = (await s.run(exportFeeds(s, new ort.Tensor('float32', t.data, [1, 7, t.height, t.width]), t.origin))).output!;
    return y.data as Float32Array;
  }

  dispose(): void {
    for (const s of this.sessions.values()) void s.then((x) => x.release());
    this.sessions.clear();
    if (this.pair) { this.pair.net.dispose(); disposeWeights(this.pair.weights); }
  }
}
