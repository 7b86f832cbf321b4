import path from 'node:path';
import type { Command } from 'commander';
import { importPth, parseNorm, saveModel, type ArchOverrides } from '../../models/index.js';

interface ImportFlags {
  output: string; netG?: string; netD?: string; inputNc?: string; outputNc?: string; ngf?: string; ndf?: string;
  norm?: string; nLayers?: string; dropout?: boolean;
}

const int = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got '${v}'`);
  return n;
};

export function registerImport(program: Command): void {
  program.command('import')
    .description('convert a PyTorch .pth state dict (pix2pix / CycleGAN reference networks) into a tessera checkpoint; the file is read by a restricted unpickler that never runs code')
    .argument('<file>', '.pth file written by torch.save(state_dict)')
    .requiredOption('-o, --output <file>', 'checkpoint to write (.safetensors)')
    .option('--netG <name>', 'generator: unet_256 | unet_128 | resnet_9blocks | resnet_6blocks (inferred from the keys when omitted)')
    .option('--netD <name>', 'discriminator: basic | n_layers | pixel (inferred when omitted)')
    .option('--input-nc <n>', 'input channels (inferred)')
    .option('--output-nc <n>', 'output channels (inferred)')
    .option('--ngf <n>', 'generator filters in the last conv layer (inferred)')
    .option('--ndf <n>', 'discriminator filters in the first conv layer (inferred)')
    .option('--norm <type>', 'batch | instance | none (inferred)')
    .option('--n-layers <n>', "discriminator layers for netD n_layers (inferred)")
    .option('--dropout', 'the U-Net has dropout (default for U-Nets: on, as in the reference; ResNets: inferred)')
    .option('--no-dropout', 'the U-Net has no dropout')
    .action((file: string, o: ImportFlags) => {
      if (path.resolve(o.output) === path.resolve(file)) throw new Error(`${o.output}: the output would overwrite the input`);
      const overrides: ArchOverrides = {
        netG: o.netG, netD: o.netD, inputNc: int('input-nc', o.inputNc), outputNc: int('output-nc', o.outputNc),
        ngf: int('ngf', o.ngf), ndf: int('ndf', o.ndf), norm: o.norm === undefined ? undefined : parseNorm(o.norm),
        nLayers: int('n-layers', o.nLayers), dropout: o.dropout,
      };
      const { net, spec } = importPth(file, overrides);
      saveModel(o.output, net, spec, { 'tessera.source': path.basename(file) });
      net.dispose();
      console.log(`${o.output}: ${JSON.stringify(spec)}`);
    });
}
