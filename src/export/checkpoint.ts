// A tessera weights file (or checkpoint / run folder) → the network to export, what its input is, and
// the metadata the .onnx file carries so that it describes itself.
import { loadSafetensors } from '../io/safetensors.js';
import type { Module } from '../nn/index.js';
import { COGAN_NOISE, isGeneratorSpec, isNoiseGenerator, isRestorerGenerator, loadModel, outputScale, RESTORER_CELL, requiredMultiple, ARCH_KEY } from '../models/index.js';
import { inputChannels } from '../models/mosaic-input.js';
import { loadMosaicNet, MOSAIC_NET_KEY } from '../models/mosaic-weights.js';
import { resolveModelFile } from '../models/model-path.js';

export interface Exportable {
  /** The resolved weights file. */
  file: string;
  net: Module;
  kind: 'generator' | 'discriminator' | 'mosaic detector';
  /** e.g. 'unet_256', 'basic', 'mosaic-unet'. */
  name: string;
  inputChannels: number;
  /** Input sides must be multiples of this. */
  sideMultiple: number;
  /** The input's sides are fixed by what it is (CoGAN's noise, [N, 100, 1, 1]): only N may be free. */
  fixedSides?: [number, number];
  metadata: Record<string, string>;
}

const RANGE = 'planar float32 [N, C, H, W] in [−1, 1]';

/** Loads what `model` names; a folder resolves to its generator, or to the detector of a detector run. */
export function loadExportable(model: string): Exportable {
  const file = resolveModelFile(model, 'any');
  const { tensors, metadata } = loadSafetensors(file);
  for (const t of tensors.values()) t.dispose();
  const mode = 'eval: batch norm from running statistics, no dropout';
  if (metadata[MOSAIC_NET_KEY]) {
    const { net } = loadMosaicNet(file);
    return {
      file, net, kind: 'mosaic detector', name: net.spec.net, inputChannels: inputChannels(net.spec.inputs), sideMultiple: net.sideMultiple,
      metadata: { [MOSAIC_NET_KEY]: metadata[MOSAIC_NET_KEY]!, 'tessera.mode': mode,
        'tessera.input': `${RANGE}: the detector's features (${net.spec.inputs}, models/mosaic-input.ts)`, 'tessera.output': 'one mosaic logit per pixel' },
    };
  }
  const { net, spec } = loadModel(file);
  const arch = { [ARCH_KEY]: metadata[ARCH_KEY]!, 'tessera.mode': mode };
  if (!isGeneratorSpec(spec))
    return { file, net, kind: 'discriminator', name: spec.netD, inputChannels: spec.inputNc, sideMultiple: 1,
      metadata: { ...arch, 'tessera.input': RANGE, 'tessera.output': spec.netD === 'srgan' ? 'one real/fake logit per image, [N, 1]' : 'one real/fake logit per patch' } };
  if (isNoiseGenerator(spec))
    return { file, net, kind: 'generator', name: spec.netG, inputChannels: COGAN_NOISE, sideMultiple: 1, fixedSides: [1, 1],
      metadata: { ...arch, 'tessera.input': `noise z, float32 [N, ${COGAN_NOISE}, 1, 1], uniform in [−1, 1]`,
        'tessera.output': RANGE.replace('[N, C, H, W]', `[N, ${spec.outputNc}, side, side]`), 'tessera.side_multiple': '1' } };
  const s = outputScale(spec), sides = s === 1 ? 'H, W' : `${s}·H, ${s}·W`;
  const input = isRestorerGenerator(spec.netG)
    ? `${RANGE}, at ${RESTORER_CELL} px per mosaic cell: channels 0–2 the bicubic interpolation of the cell means, 3–5 the mosaicked image, 6 the region mask (1 inside, −1 outside); the cell means, the scaling and the blending back are done outside the network (restore/restorer.ts)`
    : RANGE;
  return { file, net, kind: 'generator', name: spec.netG, inputChannels: spec.inputNc, sideMultiple: requiredMultiple(spec),
    metadata: { ...arch, 'tessera.input': input, 'tessera.output': RANGE.replace('[N, C, H, W]', `[N, ${spec.outputNc}, ${sides}]`), 'tessera.side_multiple': String(requiredMultiple(spec)) } };
}
