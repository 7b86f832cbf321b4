// The commands, one line each: name, arguments and description for the top-level help, and the module
// that registers the command's options and action. Only the command being run is imported, so `tessera
// --help`, `--version` and a light command never load libtorch, libvips or onnxruntime; the help lines here
// are checked against what each module registers (test/cli/lazy-commands.test.ts).
import { Command, Option } from 'commander';

type Register = (program: Command) => void;

interface CommandEntry { name: string; args: string; options: boolean; description: string; load: () => Promise<Register> }

export const COMMANDS: CommandEntry[] = [
  { name: 'doctor', args: '', options: true, description: 'print the set-up (node, the libtorch addon, threads, bf16/AMX, ffmpeg) without loading libtorch; --engine also loads it and runs a tiny training step', load: async () => (await import('./doctor.js')).registerDoctor },
  { name: 'import', args: '<file>', options: true, description: 'convert a PyTorch .pth state dict (pix2pix / CycleGAN reference networks) into a tessera checkpoint; the file is read by a restricted unpickler that never runs code', load: async () => (await import('./import.js')).registerImport },
  { name: 'translate', args: '<inputs...>', options: true, description: 'run a generator checkpoint on image files or folders (PNG, JPEG, WebP) of any size', load: async () => (await import('./translate.js')).registerTranslate },
  { name: 'train', args: '<model>', options: true, description: 'train pix2pix (paired: DIR/train/*.png with A|B side by side), CycleGAN, DiscoGAN, DualGAN, UNIT or CoGAN (unpaired: DIR/trainA, DIR/trainB), SRGAN (photos: DIR/train/* or DIR/*) or the mosaic restorer (DIR made by tessera pairs)', load: async () => (await import('./train.js')).registerTrain },
  { name: 'censor', args: '<in>', options: true, description: 'put a mosaic on regions of an image, a video or a folder of them (mirrored into OUT)', load: async () => (await import('./censor.js')).registerCensor },
  { name: 'detect', args: '<in>', options: true, description: 'find mosaic (pixelated) regions in an image: mask, cell size, grid phase', load: async () => (await import('./detect.js')).registerDetect },
  { name: 'pairs', args: '<photos>', options: true, description: 'make aligned AB pairs (mosaicked | original, S×2S) from a folder of photos, split into train/ and test/', load: async () => (await import('./pairs.js')).registerPairs },
  { name: 'train-detector', args: '', options: true, description: 'train the learned mosaic detector on synthetic mosaics over photos (resumes from OUT/checkpoints/latest)', load: async () => (await import('./train-detector.js')).registerTrainDetector },
  { name: 'restore', args: '<in...>', options: true, description: 'take mosaics off images and videos (files or folders, mirrored into OUT); refuses explicit images, never un-hides faces', load: async () => (await import('./restore.js')).registerRestore },
  { name: 'pack-restorer', args: '', options: true, description: 'write one restorer pair file from a fidelity restorer and its GAN fine-tune (same architecture): --detail mixes their weights', load: async () => (await import('./pack-restorer.js')).registerPackRestorer },
  { name: 'eval', args: '', options: false, description: 'measure a shipped or trained model on evaluation photos', load: async () => (await import('./eval.js')).registerEval },
  { name: 'demo', args: '', options: true, description: 'put mosaics on sample photos, find them, take them off: a comparison grid PNG, a side-by-side MP4 and the scores', load: async () => (await import('./demo.js')).registerDemo },
  { name: 'export', args: '<model>', options: true, description: 'write a generator, discriminator or the mosaic detector as an ONNX model (eval mode: running batch-norm statistics, no dropout), checked against the engine with onnxruntime', load: async () => (await import('./export.js')).registerExport },
  { name: 'serve', args: '', options: true, description: 'the local web app: censor, detect, restore and translate images and videos; a live dashboard of the runs under --runs', load: async () => (await import('./serve.js')).registerServe },
];

/** A command's line in the top-level help, without its module: it is never run (main.ts loads the real one). */
function placeholder(program: Command, c: CommandEntry): void {
  const cmd = program.command(c.name).description(c.description);
  for (const a of c.args.split(' ').filter(Boolean)) cmd.argument(a);
  // the top-level help writes "[options]" for a command that has any
  if (c.options) cmd.addOption(new Option('--placeholder').hideHelp());
}

/**
 * Registers the command that argv names (`tessera NAME …` or `tessera help NAME`) from its module; for
 * anything else (no command, --help, --version, a typo) only the help lines, which is all commander needs.
 */
export async function registerCommands(program: Command, argv: string[] = process.argv): Promise<void> {
  const [first, second] = argv.slice(2);
  const named = COMMANDS.find((c) => c.name === (first === 'help' ? second : first));
  for (const c of COMMANDS) {
    if (c === named) (await c.load())(program);
    else placeholder(program, c);
  }
}
