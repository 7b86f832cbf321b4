import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_OPSET, exportNetwork, loadExportable, MAX_OPSET, maxDifferenceFromEngine, MIN_OPSET } from '../../export/index.js';
import { checkOutputFree, writeFileAtomic } from '../../io/atomic.js';
import { int, option, optionError, overwriteOption, type Parser } from '../options.js';

interface Opts { output: string; opset: number; dynamic?: boolean; size?: [number, number]; check: boolean; overwrite?: boolean }

/** "S" or "WxH". */
const sides: Parser<[number, number]> = (flag, text) => {
  const m = /^(\d+)(?:x(\d+))?$/.exec(text.trim());
  const w = m ? Number(m[1]) : NaN, h = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || !(w >= 1 && h >= 1)) throw optionError(flag, 'a side S or WxH in pixels', text);
  return [w, h];
};

export function registerExport(program: Command): void {
  const cmd = program.command('export')
    .description('write a generator, discriminator or the mosaic detector as an ONNX model (eval mode: running batch-norm statistics, no dropout), checked against the engine with onnxruntime')
    .argument('<model>', 'weights file (.safetensors), checkpoint folder (RUN/checkpoints/latest) or run folder (its generator; the detector of a train-detector run)')
    .requiredOption('-o, --output <file>', 'the .onnx file to write');
  option(cmd, '--opset <n>', `ONNX opset, ${MIN_OPSET}–${MAX_OPSET}`, int(MIN_OPSET, MAX_OPSET), DEFAULT_OPSET);
  cmd.option('--dynamic', 'batch, height and width left free (N, H, W); sides must still be multiples of the network\'s side multiple');
  option(cmd, '--size <S|WxH>', 'input size of a fixed-shape export, and of the check (default 256, rounded up to the side multiple)', sides);
  cmd.option('--no-check', 'skip running the file in onnxruntime against the engine');
  overwriteOption(cmd);
  cmd.action(async (model: string, o: Opts) => {
    if (path.resolve(o.output) === path.resolve(model)) throw new Error(`${o.output}: the output would overwrite the input`);
    checkOutputFree(o.output, o.overwrite);
    const e = loadExportable(model);
    try {
      const m = e.sideMultiple, up = (v: number) => Math.ceil(v / m) * m;
      if (e.fixedSides && o.size) throw new Error(`--size: ${e.name} takes noise [N, ${e.inputChannels}, ${e.fixedSides[0]}, ${e.fixedSides[1]}], not an image; leave --size out`);
      const [width, height] = e.fixedSides ?? o.size ?? [up(256), up(256)];
      if (width % m || height % m) throw new Error(`--size ${width}x${height}: ${e.name} needs sides that are multiples of ${m}`);
      const bytes = exportNetwork(e.net, {
        inputChannels: e.inputChannels, height, width, dynamic: o.dynamic, fixedSides: !!e.fixedSides, opset: o.opset, name: e.name,
        metadata: { ...e.metadata, 'tessera.source': path.basename(e.file) }, producerVersion: program.version(),
      });
      let note = 'not checked';
      if (o.check) {
        const d = await maxDifferenceFromEngine(e.net, bytes, [1, e.inputChannels, height, width]);
        if (!(d <= 1e-4)) throw new Error(`${o.output}: onnxruntime's output differs from the engine's by ${d} (more than 1e-4); not written`);
        note = `max |onnxruntime − engine| = ${d.toExponential(1)} at ${width}×${height}`;
      }
      writeFileAtomic(o.output, bytes);
      console.log(`${o.output}: ${e.kind} ${e.name}, opset ${o.opset}, input [${o.dynamic ? 'N' : 1}, ${e.inputChannels}, ${o.dynamic && !e.fixedSides ? 'H' : height}, ${o.dynamic && !e.fixedSides ? 'W' : width}], ${(bytes.length / 2 ** 20).toFixed(1)} MiB; ${note}`);
    } finally {
      e.net.dispose();
    }
  });
}
