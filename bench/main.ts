// `npm run bench -- NAME [--json] [--iters N] [--only CASE-SUBSTRING] [--leak-iters N] [--model FILE] [--detail A] [--photos DIR] [--no-gate]`: one file per bench (bench/NAME.ts exporting `run`),
// registered here by one line. Benches print a table, or one JSON object per line with --json.
import { run as engine } from './engine.js';
import { run as train } from './train.js';
import { run as censor } from './censor.js';
import { run as detect } from './mosaic-detect.js';
import { run as detectVerify } from './mosaic-verify.js';
import { run as detectDigest } from './detect-digest.js';
import { run as detectParts } from './detect-parts.js';
import { run as restore } from './restore.js';
import { run as dist } from './dist.js';
import { run as onnx } from './onnx.js';
import { run as web } from './web.js';
import { run as profile } from './profile.js';
import { run as refusals } from './refusals.js';
import { run as startup } from './startup.js';
import type { BenchOptions } from './report.js';

const BENCHES: Record<string, { about: string; run: (o: BenchOptions) => Promise<void> }> = {
  censor: { about: 'video censoring fps at 720p/1080p beside ffmpeg alone (pass-through, fixed box, faces), CAM ms per image; fails when the fixed box runs under 0.45 of ffmpeg alone (--no-gate reports only)', run: censor },
  detect: { about: 'mosaic detector: IoU and visible IoU on synthetic mosaics over real photos, false positives on clean ones (--codec h264)', run: detect },
  'detect-digest': { about: 'a hash of the learned detector\'s masks and regions on 10 photos (native and 1280×720; clean and 3 mosaics each): equal before and after a speed change means the same answers', run: detectDigest },
  'detect-parts': { about: 'the learned detector on the detect bench\'s 1280×720 frame (--sizes 720p,1080p): CPU (process and main thread) and wall ms per stage (shrink, edge maps, network, coarse look, upsample, fine pass, mask, grids, verify), medians', run: detectParts },
  'detect-verify': { about: 'fits the geometry check after the learned detector on the training photos: feature distributions, a logistic fit per feature subset', run: detectVerify },
  restore: { about: 'restorer generator per 256² region fp32/bf16 vs PyTorch, Restorer.restore and the esrgan-thick peer per region, detection per 720p frame, 720p restore fps (given box, detected); --model FILE', run: restore },
  engine: { about: 'layers and a small U-Net, fwd+bwd, fp32 and bf16, tessera vs PyTorch', run: engine },
  dist: { about: 'data-parallel pix2pix: 1 process × 2 threads vs 2 processes × 1 thread (overlapped / after-backward allreduce), bytes allreduced, communication time', run: dist },
  onnx: { about: 'ms per 256² generator run (unet_256, resnet_9blocks, the cell restorer), onnxruntime-node on the exported file vs libtorch, and their largest output difference', run: onnx },
  web: { about: 'ms per 256² generator run in the page (onnxruntime-web wasm, headless Chromium) and in onnxruntime-node, against libtorch, as ratios', run: web },
  profile: { about: 'per-op self time (RecordFunction) of the cyclegan / pix2pix fp32 steps and unet_256 inference, tessera beside PyTorch, largest differences first', run: profile },
  refusals: { about: 'false refusals of restore\'s safety policy on benign region restorations of the evaluation photos (--model FILE|bicubic, --photos DIR), the rule before beside the rule now', run: refusals },
  startup: { about: 'the CLI from launch to exit: --help, --version, doctor --json, censor -r box / faces, restore --model bicubic on one photo; median wall time and peak RSS', run: startup },
  train: { about: 'pix2pix / CycleGAN optimisation steps at 256² and generator inference 256²/512², fp32/bf16 vs PyTorch; a leak check (--leak-iters N); loader throughput', run: train },
};

function usage(): string {
  return 'usage: npm run bench -- NAME [--json] [--iters N] [--only CASE-SUBSTRING] [--model FILE] [--detail A] [--photos DIR] [--no-gate]\n' +
    Object.entries(BENCHES).map(([n, b]) => `  ${n.padEnd(10)} ${b.about}`).join('\n');
}

const args = process.argv.slice(2);
const name = args.find((a, i) => !a.startsWith('--') && !['--iters', '--only', '--leak-iters', '--model', '--detail', '--photos'].includes(args[i - 1]!));
const valueOf = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
const opts: BenchOptions = {
  json: args.includes('--json'),
  iters: valueOf('--iters') === undefined ? undefined : Number(valueOf('--iters')),
  only: valueOf('--only'),
  leakIters: valueOf('--leak-iters') === undefined ? undefined : Number(valueOf('--leak-iters')),
  model: valueOf('--model'),
  detail: valueOf('--detail') === undefined ? undefined : Number(valueOf('--detail')),
  photos: valueOf('--photos'),
  gate: !args.includes('--no-gate'),
};
const bench = name ? BENCHES[name] : undefined;
if (!bench || (opts.iters !== undefined && !(opts.iters > 0)) || (opts.detail !== undefined && !(opts.detail >= 0 && opts.detail <= 1))) {
  console.error(name && !bench ? `unknown bench "${name}"\n${usage()}` : usage());
  process.exit(1);
}
try {
  await bench.run(opts);
} catch (e) {
  console.error(`bench ${name}: ${(e as Error).message}`);
  process.exit(1);
}
