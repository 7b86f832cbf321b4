// The mosaic restorer's generator: a U-Net that predicts a residual over the bicubic interpolation of the
// cell means, and keeps every pixel outside the mosaic region as it came in. Its input is brought to a
// canonical scale of RESTORER_CELL pixels per mosaic cell, so it sees the same problem for any cell size.
//
// Input channels (planar, [−1, 1]): 0–2 bicubic interpolation of the cell means, 3–5 the mosaicked
// image, 6 the region mask (1 inside, −1 outside). Output: 3 channels, RGB.
import { type Tensor } from '../engine/index.js';
import { Module } from '../nn/index.js';
import { cellMeans, upsampleCells, type CellGrid, type PlanarImage } from '../image/cells.js';
import type { NetworkDescriptor } from './descriptor.js';
import type { EmitContext } from './onnx-form.js';
import { scalar, sliceChannels } from './onnx-ops.js';
import type { GeneratorSpec } from './spec.js';
import { UnetGenerator, unetDowns, type UnetOptions } from './unet.js';

/** Pixels per mosaic cell at the network's scale. */
export const RESTORER_CELL = 8;
export const RESTORER_INPUT_NC = 7;

export class ResidualUnetGenerator extends Module {
  readonly unet: UnetGenerator;

  constructor(readonly inputNc: number, readonly outputNc: number, numDowns: number, o: UnetOptions = {}) {
    super();
    if (inputNc !== 2 * outputNc + 1)
      throw new Error(`a restorer generator takes ${2 * outputNc + 1} input channels (bicubic, mosaic, mask) for ${outputNc} out, got ${inputNc}`);
    this.unet = this.child('unet', new UnetGenerator(inputNc, outputNc, numDowns, o));
  }

  forward(x: Tensor): Tensor {
    return composeRestoration(x, this.unet.forward(x), this.outputNc);
  }
}

/**
 * The restorer's output from its input and a predicted residual: bicubic + residual inside the region,
 * the mosaicked input exactly outside it.
 */
export function composeRestoration(x: Tensor, residual: Tensor, n: number, clamp = true): Tensor {
  const base = x.slice(1, 0, n), mosaic = x.slice(1, n, 2 * n);
  const inside = x.slice(1, 2 * n, 2 * n + 1).add(1).mul(0.5);
  const sum = residual.add(base);
  const restored = clamp ? sum.clamp(-1, 1) : sum;
  // inside·restored + (1 − inside)·mosaic
  return restored.sub(mosaic).mul(inside).add(mosaic);
}

/**
 * The network's input for a crop already at the canonical scale: `mosaic` planar in [−1, 1], `mask` one
 * value per pixel (> 0.5 inside), `grid` the crop's cell grid (cells RESTORER_CELL px, or what the
 * caller measured), and optionally the cell means when the caller computed them at another scale.
 */
export function restorerInput(mosaic: PlanarImage, mask: Float32Array, grid: CellGrid, base?: PlanarImage): Float32Array {
  const { width: W, height: H, channels: C } = mosaic;
  const bicubic = base ?? upsampleCells(cellMeans(mosaic, mask, grid), W, H);
  const plane = W * H;
  const out = new Float32Array((2 * C + 1) * plane);
  out.set(bicubic.data.subarray(0, C * plane), 0);
  out.set(mosaic.data.subarray(0, C * plane), C * plane);
  for (let p = 0; p < plane; p++) out[2 * C * plane + p] = mask[p]! > 0.5 ? 1 : -1;
  return out;
}

/** composeRestoration as ONNX nodes: (clamp(residual + bicubic) − mosaic) · inside + mosaic (eval mode clamps). */
export function emitComposeRestoration(ctx: EmitContext, x: string, residual: string, n: number): string {
  const { g } = ctx;
  const base = sliceChannels(g, x, 0, n), mosaic = sliceChannels(g, x, n, 2 * n);
  const mask = sliceChannels(g, x, 2 * n, 2 * n + 1);
  const inside = g.node('Mul', [g.node('Add', [mask, scalar(g, 'one', 1)]), scalar(g, 'half', 0.5)]);
  const restored = g.node('Clip', [g.node('Add', [residual, base]), scalar(g, 'min', -1), scalar(g, 'max', 1)]);
  return g.node('Add', [g.node('Mul', [g.node('Sub', [restored, mosaic]), inside]), mosaic]);
}

export const RESTORER_UNET: NetworkDescriptor<{ numDowns: number }, GeneratorSpec> = {
  family: 'restorer_unet', module: ResidualUnetGenerator, role: 'restorer', pattern: 'restorer_unet_<power of 2 ≥ 32>', names: ['restorer_unet_64'],
  parse: (name) => {
    const m = /^restorer_unet_(\d+)$/.exec(name), numDowns = m && unetDowns(Number(m[1]));
    return numDowns ? { numDowns } : null;
  },
  build: (p, s) => new ResidualUnetGenerator(s.inputNc, s.outputNc, p.numDowns, { ngf: s.ngf, norm: s.norm, dropout: s.dropout }),
  sideMultiple: (p) => 2 ** p.numDowns,
  onnx: [[ResidualUnetGenerator, (m: ResidualUnetGenerator, x, ctx) => emitComposeRestoration(ctx, x, ctx.emit(m.unet, x), m.outputNc)]],
};
