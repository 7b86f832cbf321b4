import path from 'node:path';
import type { Command } from 'commander';
import { importPth, NORM_TYPES, saveModel, type NormType } from '../../models/index.js';
import { checkOutputFree } from '../../io/atomic.js';
import { choice, int, option, overwriteOption } from '../options.js';

interface Opts {
  output: string; netG?: string; netD?: string; inputNc?: number; outputNc?: number; ngf?: number; ndf?: number;
  norm?: NormType; nLayers?: number; dropout?: boolean; overwrite?: boolean;
}

export function registerImport(program: Command): void {
  const cmd = program.command('import')
    .description('convert a PyTorch .pth state dict (pix2pix / CycleGAN reference networks) into a tessera checkpoint; the file is read by a restricted unpickler that never runs code')
    .argument('<file>', '.pth file written by torch.save(state_dict)')
    .requiredOption('-o, --output <file>', 'checkpoint to write (.safetensors)')
    .option('--netG <name>', 'generator: unet_256 | unet_128 | resnet_9blocks | resnet_6blocks (inferred from the keys when omitted)')
    .option('--netD <name>', 'discriminator: basic | n_layers | pixel (inferred when omitted)');
  option(cmd, '--input-nc <n>', 'input channels (inferred)', int(1));
  option(cmd, '--output-nc <n>', 'output channels (inferred)', int(1));
  option(cmd, '--ngf <n>', 'generator filters in the last conv layer (inferred)', int(1));
  option(cmd, '--ndf <n>', 'discriminator filters in the first conv layer (inferred)', int(1));
  option(cmd, '--norm <type>', `${NORM_TYPES.join(' | ')} (inferred)`, choice(NORM_TYPES));
  option(cmd, '--n-layers <n>', 'discriminator layers for netD n_layers (inferred)', int(1));
  cmd.option('--dropout', 'the U-Net has dropout (default for U-Nets: on, as in the reference; ResNets: inferred)')
    .option('--no-dropout', 'the U-Net has no dropout');
  overwriteOption(cmd)
    .action((file: string, o: Opts) => {
      if (path.resolve(o.output) === path.resolve(file)) throw new Error(`${o.output}: the output would overwrite the input`);
      checkOutputFree(o.output, o.overwrite);
      const { net, spec } = importPth(file, {
        netG: o.netG, netD: o.netD, inputNc: o.inputNc, outputNc: o.outputNc, ngf: o.ngf, ndf: o.ndf, norm: o.norm, nLayers: o.nLayers, dropout: o.dropout,
      });
      saveModel(o.output, net, spec, { 'tessera.source': path.basename(file) });
      net.dispose();
      console.log(`${o.output}: ${JSON.stringify(spec)}`);
    });
}
