// The restorer's network run by onnxruntime-node (`tessera restore --runtime onnx`): the network is exported
// in memory (export/, free N, H, W; the residual, clamp and keep-outside composition are in the graph) and
// only the network call differs; the crop, cell-scale, bicubic base, tiling and blending are restorer.ts's
// planCrop / finishCrop, the same code the libtorch Restorer runs.
import ort from 'onnxruntime-node';
import { exportNetwork } from '../export/export.js';
import type { CellGrid, PlanarImage } from '../image/cells.js';
import type { Raster } from '../image/raster.js';
import type { Mask } from '../image/mask.js';
import { loadGenerator, type GeneratorSpec } from '../models/index.js';
import type { Module } from '../nn/index.js';
import { resolveModelFile } from '../train/model-path.js';
import {
  blendInto, finishCrop, planCrop, restorerGeometry, shippedRestorerFile, targetCrops,
  type CropRestorer, type NetworkTile, type RestorerOptions, type RestoreTarget, type TileGeometry,
} from './restorer.js';

/** The export of a restorer network: 7 channels in, dynamic N, H, W (traced at one small side multiple). */
export function exportRestorer(net: Module, spec: GeneratorSpec, multiple: number): Uint8Array {
  const side = Math.ceil(64 / multiple) * multiple;
  return exportNetwork(net, { inputChannels: 7, height: side, width: side, dynamic: true, name: spec.netG });
}

export class OnnxRestorer implements CropRestorer, TileGeometry {
  readonly multiple: number;
  readonly tile: number;

  private constructor(readonly session: ort.InferenceSession, readonly spec: GeneratorSpec, readonly source: string, o: RestorerOptions) {
    ({ multiple: this.multiple, tile: this.tile } = restorerGeometry(spec, source, o));
  }

  /** Exports `net` (a restorer; not kept) and opens it in onnxruntime. */
  static async fromNetwork(net: Module, spec: GeneratorSpec, source: string, o: RestorerOptions = {}): Promise<OnnxRestorer> {
    const { multiple } = restorerGeometry(spec, source, o);
    net.eval();
    const session = await ort.InferenceSession.create(exportRestorer(net, spec, multiple), { graphOptimizationLevel: 'all' });
    return new OnnxRestorer(session, spec, source, o);
  }

  /** `model`: a restorer file, a checkpoint folder or a run folder; the shipped one by default. */
  static async load(model: string = shippedRestorerFile(), o: RestorerOptions = {}): Promise<OnnxRestorer> {
    const file = resolveModelFile(model, 'generator');
    const { net, spec } = loadGenerator(file);
    try {
      return await OnnxRestorer.fromNetwork(net, spec, file, o);
    } finally {
      net.dispose(); // the weights now live in the session
    }
  }

  /** Restores every target; returns a new image (the input is not changed). */
  async restore(image: Raster, mask: Mask, targets: RestoreTarget[]): Promise<Raster> {
    let out: Raster = { ...image, data: new Uint8Array(image.data) };
    for (const r of targetCrops(image, mask, targets)) out = blendInto(image, mask, r.c, await this.restoreCrop(r.crop, r.inside, r.grid), out);
    return out;
  }

  async restoreCrop(crop: PlanarImage, inside: Float32Array, grid: CellGrid): Promise<PlanarImage> {
    const plan = planCrop(crop, inside, grid, this);
    const outputs: Float32Array[] = [];
    for (const t of plan.tiles) outputs.push(await this.runTile(t));
    return finishCrop(plan, outputs);
  }

  async runTile(t: NetworkTile): Promise<Float32Array> {
    const y = (await this.session.run({ input: new ort.Tensor('float32', t.data, [1, 7, t.height, t.width]) })).output!;
    return y.data as Float32Array;
  }

  dispose(): void { void this.session.release(); }
}
