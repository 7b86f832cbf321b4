// ONNX forms of the networks in models/ whose forward is more than a Sequential: skips, residuals, the
// restorers' composition over the bicubic base, the detector's U. Each mirrors the module's forward.
import { CellBlock, CellRestorerGenerator, CoGANDiscriminator, CoGANGenerator, DiscoDiscriminator, DiscoGenerator,
  NLayerDiscriminator, PixelDiscriminator, ResidualUnetGenerator, ResnetBlock, ResnetGenerator, RESTORER_CELL, SRGAN_D_POOL,
  SRGANDiscriminator, SRResidualBlock, SRResNetGenerator, SRResNetRestorer, UnetGenerator, UnetSkipConnectionBlock,
  UNITDiscriminator, UNITResBlock, UNITTranslator } from '../models/index.js';
import { ConvBnRelu, Level, MosaicNet } from '../models/mosaic-net.js';
import type { EmitterEntry } from './emit.js';
import type { GraphBuilder } from './graph.js';
import { adaptiveAvgPool2d, pixelShuffle, pixelUnshuffle, scalar, sliceChannels, upsampleNearest } from './ops.js';

/**
 * models/restorer.ts composeRestoration: (clamp(residual + bicubic) − mosaic) · inside + mosaic, with
 * inside = (mask + 1) / 2, from the input's channels [bicubic | mosaic | mask].
 */
function composeRestoration(g: GraphBuilder, x: string, residual: string, n: number, clamp: boolean): string {
  const base = sliceChannels(g, x, 0, n), mosaic = sliceChannels(g, x, n, 2 * n);
  const mask = sliceChannels(g, x, 2 * n, 2 * n + 1);
  const inside = g.node('Mul', [g.node('Add', [mask, scalar(g, 'one', 1)]), scalar(g, 'half', 0.5)]);
  let restored = g.node('Add', [residual, base]);
  if (clamp) restored = g.node('Clip', [restored, scalar(g, 'min', -1), scalar(g, 'max', 1)]);
  return g.node('Add', [g.node('Mul', [g.node('Sub', [restored, mosaic]), inside]), mosaic]);
}

export const NETWORK_EMITTERS: EmitterEntry[] = [
  [UnetGenerator, (m: UnetGenerator, x, ctx) => ctx.emit(m.model, x)],
  [UnetSkipConnectionBlock, (m: UnetSkipConnectionBlock, x, ctx) =>
    m.outermost ? ctx.emit(m.model, x) : ctx.g.node('Concat', [x, ctx.emit(m.model, x)], { axis: 1 })],
  [ResnetGenerator, (m: ResnetGenerator, x, ctx) => ctx.emit(m.model, x)],
  [ResnetBlock, (m: ResnetBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.conv_block, x)])],
  [NLayerDiscriminator, (m: NLayerDiscriminator, x, ctx) => ctx.emit(m.model, x)],
  [PixelDiscriminator, (m: PixelDiscriminator, x, ctx) => ctx.emit(m.net, x)],
  [ResidualUnetGenerator, (m: ResidualUnetGenerator, x, ctx) => composeRestoration(ctx.g, x, ctx.emit(m.unet, x), m.outputNc, true)],
  [CellBlock, (m: CellBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
  [CellRestorerGenerator, (m: CellRestorerGenerator, x, ctx) => {
    const { g } = ctx;
    const cells = pixelUnshuffle(g, x, m.inputNc, RESTORER_CELL);
    const h = g.node('Relu', [ctx.emit(m.head, cells)]);
    const residual = pixelShuffle(g, ctx.emit(m.tail, ctx.emit(m.body, h)), RESTORER_CELL);
    return composeRestoration(g, x, residual, m.outputNc, true); // eval mode clamps
  }],
  [ConvBnRelu, (m: ConvBnRelu, x, ctx) => ctx.emit(m.relu, ctx.emit(m.bn, ctx.emit(m.conv, x)))],
  [Level, (m: Level, x, ctx) => ctx.emit(m.b, ctx.emit(m.a, x))],
  [MosaicNet, (m: MosaicNet, x, ctx) => {
    const skips: string[] = [];
    let h = x;
    for (const level of m.down) skips.push(h = ctx.emit(level, h));
    let y = skips.pop()!;
    for (let i = m.up.length - 1; i >= 0; i--) {
      const joined = ctx.g.node('Concat', [upsampleNearest(ctx.g, y, 2), skips.pop()!], { axis: 1 });
      y = ctx.emit(m.up[i]!, joined);
    }
    return ctx.emit(m.head, y);
  }],
  [DiscoGenerator, (m: DiscoGenerator, x, ctx) => ctx.emit(m.model, x)],
  [DiscoDiscriminator, (m: DiscoDiscriminator, x, ctx) => ctx.emit(m.model, x)],
  [SRResidualBlock, (m: SRResidualBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
  [SRResNetGenerator, (m: SRResNetGenerator, x, ctx) => {
    const h = ctx.emit(m.head, x);
    const fused = ctx.g.node('Add', [h, ctx.emit(m.fuse, ctx.emit(m.blocks, h))]);
    return ctx.emit(m.tail, ctx.emit(m.upsample, fused));
  }],
  [SRResNetRestorer, (m: SRResNetRestorer, x, ctx) => {
    const residual = ctx.emit(m.srresnet, pixelUnshuffle(ctx.g, x, m.inputNc, RESTORER_CELL));
    return composeRestoration(ctx.g, x, residual, m.outputNc, true); // eval mode clamps
  }],
  [SRGANDiscriminator, (m: SRGANDiscriminator, x, ctx) => {
    // stages → adaptive average pool to 6×6 → flatten in C, H, W order (torch's reshape) → the dense layers
    const pooled = adaptiveAvgPool2d(ctx.g, ctx.emit(m.stages, x), SRGAN_D_POOL);
    return ctx.emit(m.classifier, ctx.g.node('Flatten', [pooled], { axis: 1 }));
  }],
  // z [N, 100, 1, 1] (the engine's 4-D form of the noise) → the shared stages → this domain's tail
  [CoGANGenerator, (m: CoGANGenerator, x, ctx) => ctx.emit(m.tail, ctx.emit(m.shared, x))],
  [CoGANDiscriminator, (m: CoGANDiscriminator, x, ctx) => ctx.emit(m.shared, ctx.emit(m.head, x))],
  [UNITResBlock, (m: UNITResBlock, x, ctx) => ctx.g.node('Add', [x, ctx.emit(m.body, x)])],
  [UNITTranslator, (m: UNITTranslator, x, ctx) => ctx.emit(m.dec, ctx.emit(m.decShared, ctx.emit(m.encShared, ctx.emit(m.enc, x))))],
  [UNITDiscriminator, (m: UNITDiscriminator, x, ctx) => ctx.emit(m.model, x)],
];
